"""An editor's note on a role kept as first published: shown above the page with its date,
carried by the Markdown format, and taken by the figure checks as addressing the facts it
quotes, so the whole catalogue passes its content checks."""

from __future__ import annotations

from roles.editorial.content_checks import check_role
from roles.formats import markdown_io
from roles.models import Role
from tests.html import parse


def test_the_reference_roles_note_is_shown_with_its_date(client, catalogue):
    role = Role.objects.get(slug="ai-solutions-architect")
    page = parse(client.get(role.get_absolute_url()))
    note = page.cssselect("aside.editors-note")[0]
    assert "Editor's note" in note.text_content()
    assert note.cssselect("time")[0].get("datetime") == "2026-12-02"
    assert "BLS projections run to 2034" in note.text_content()
    assert (
        "AWS ended the AWS Certified Machine Learning \u2013 Specialty exam on March 31, 2026"
        in note.text_content()
    )


def test_every_role_of_the_catalogue_passes_its_content_checks(catalogue):
    problems = {
        role.slug: [str(p) for p in check_role(role)] for role in Role.objects.with_page_content()
    }
    assert {slug: found for slug, found in problems.items() if found} == {}


def test_a_note_addresses_only_the_facts_it_quotes(catalogue):
    role = Role.objects.with_page_content().get(slug="ai-solutions-architect")
    role.editors_note = "Nothing specific."
    assert any("Growth outlook" in str(p) for p in check_role(role))


def test_the_note_survives_the_markdown_format(catalogue, tmp_path):
    from roles.editorial import imports

    role = Role.objects.get(slug="ai-solutions-architect")
    path = tmp_path / "role.md"
    path.write_text(markdown_io.render_role(role))
    assert "editors_note_on: '2026-12-02'" in path.read_text()
    assert imports.import_files([path]).unchanged == [role.slug]
