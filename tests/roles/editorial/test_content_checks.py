from __future__ import annotations

import pytest

from roles.editorial import connection_checks, guide_checks
from roles.editorial.content_checks import check_role, internal_links
from roles.models import FAQ, Role
from tests.factories import make_complete_role, make_role
from tests.html import parse
from tests.roles.editors import editor_client

GOOD_META = "A clear, honest description of the role for search results, long enough."


def problems(role: Role) -> list:
    """The problems of the checks tested here: the editorial guide's own have their tests in
    test_guide_checks.py, those of connections in test_connections.py, and the factory's roles
    are far shorter than the guide asks."""
    ignored = guide_checks.CODES | connection_checks.CODES
    return [p for p in check_role(role) if p.code not in ignored]


def _codes(role: Role) -> list[str]:
    return [p.code for p in problems(Role.objects.get(pk=role.pk))]


def test_complete_role_has_no_problems(category):
    role = make_complete_role(category=category)
    assert [str(p) for p in check_role(Role.objects.with_page_content().get(pk=role.pk))] == []


def test_missing_sections_are_named(category):
    role = make_role(category=category, meta_description=GOOD_META, faqs=0, overview="")
    messages = [str(p) for p in problems(role)]
    assert messages == [
        "Missing section: Overview.",
        "Missing section: Frequently asked questions.",
    ]


@pytest.mark.parametrize(("length", "flagged"), [(0, True), (49, True), (50, False), (160, False)])
def test_meta_description_must_be_50_to_160_characters(category, length, flagged):
    role = make_role(category=category, meta_description="x" * length)
    assert ("meta_description" in _codes(role)) is flagged


def test_meta_description_over_160_is_reported_with_its_length(category):
    role = make_role(category=category)
    role.meta_description = "y" * 170  # the form would refuse it; an import or API might not
    assert "170 characters" in str(problems(role)[0])


def test_duplicate_faq_questions_are_reported_case_and_space_insensitively(category):
    role = make_role(category=category, meta_description=GOOD_META, faqs=1)
    FAQ.objects.create(role=role, question="  what does it PAY? ", answer="A lot.", position=5)
    FAQ.objects.create(role=role, question="What does it pay?", answer="Enough.", position=6)
    assert _codes(role) == ["duplicate_faq"]


def test_internal_links_must_point_to_a_published_role(category):
    target = make_role(category=category)
    draft = make_role(category=category, status=Role.Status.DRAFT, published_at=None)
    role = make_role(
        category=category,
        meta_description=GOOD_META,
        overview=(
            f"See [a public role]({target.get_absolute_url()}), "
            f"[a draft]({draft.get_absolute_url()}), "
            f"[a typo](/jobs/{category.slug}/no-such-role/) and "
            f"[the category](https://testserver/jobs/{category.slug}/) and "
            f"[another site's job](https://elsewhere.example/jobs/{category.slug}/gone/)."
        ),
    )
    messages = [str(p) for p in problems(role)]
    assert messages == [
        f"Link to {draft.get_absolute_url()} points to no published role.",
        f"Link to /jobs/{category.slug}/no-such-role/ points to no published role.",
    ]


def test_internal_links_are_found_in_markdown_and_html_on_our_hosts_only():
    text = (
        '[a](/jobs/x/y/) <a href="/jobs/z/">z</a> [ext](https://other.example/jobs/q/) '
        "<http://localhost/jobs/w/> [other](https://other.example/page)"
    )
    assert internal_links(text) == ["/jobs/x/y/", "/jobs/z/", "/jobs/w/"]


def test_admin_shows_checks_as_a_column_a_filter_and_a_panel(db, category):
    editor = editor_client()
    good = make_complete_role(category=category, title="Good Role")
    bad = make_role(category=category, title="Bad Role", meta_description="Too short.", faqs=0)

    listing = parse(editor.get("/admin/roles/role/?checks=problems"))
    assert [a.text for a in listing.cssselect("#result_list tbody th a")] == ["Bad Role"]
    cells = " ".join(listing.cssselect("#result_list tbody tr")[0].text_content().split())
    assert "Meta description is 10 characters" in cells
    ok = parse(editor.get("/admin/roles/role/?checks=ok"))
    # The good role and the complete role its career path leads to.
    next_step = good.career_steps.get().other_slug
    assert sorted(a.text for a in ok.cssselect("#result_list tbody th a")) == sorted(
        ["Good Role", Role.objects.get(slug=next_step).title]
    )

    panel = parse(editor.get(f"/admin/roles/role/{bad.pk}/change/")).cssselect("#content-checks")
    assert "Missing section: Frequently asked questions." in panel[0].text_content()
    good_panel = parse(editor.get(f"/admin/roles/role/{good.pk}/change/"))
    assert "No problems found." in good_panel.cssselect("#content-checks")[0].text_content()


def test_links_on_the_public_site_address_count_as_internal(settings):
    settings.SITE_URL = "https://roleatlas.example"
    assert internal_links("[x](https://roleatlas.example/jobs/a/b/)") == ["/jobs/a/b/"]
