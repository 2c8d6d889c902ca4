"""Pages that earn trust: About and methodology pages linked from every page, and on each role
its sources, its reviewer and review date, and a line to cite it by."""

from __future__ import annotations

import datetime

import pytest
import reversion
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from reversion.models import Version

from roles.models import Fact, Role
from roles.page_cache.versions import forget_all_pages
from roles.wages.models import DataRelease
from tests.html import parse, visible_text
from tests.roles.editors import editor_client, make_editor

REFERENCE = "/jobs/artificial-intelligence/ai-solutions-architect/"
EVERY_PAGE_TYPE = [
    "/",
    "/jobs/",
    "/jobs/medicine-and-nursing/",
    "/jobs/medicine-and-nursing/registered-nurse/",
    "/search/?q=nurse",
    "/compare/",
    "/compare/registered-nurse/electrician/",
    "/roles/a-z/",
    "/ai-impact/",
    "/occupations/",
    "/about/",
    "/about/methodology/",
    "/no-such-page/",
]


@pytest.mark.parametrize("path", EVERY_PAGE_TYPE)
def test_every_page_links_to_the_about_and_methodology_pages(client, catalogue, path):
    page = parse(client.get(path))
    footer_links = page.cssselect("footer a")
    targets = {a.get("href"): a.text_content() for a in footer_links}
    assert "/about/" in targets and "/about/methodology/" in targets


def test_the_about_page_says_who_publishes_the_site_and_what_it_promises(client, catalogue):
    response = client.get("/about/")
    text = visible_text(response)
    assert response.status_code == 200
    assert "Who writes it" in text and "What we promise readers" in text
    assert parse(response).cssselect("a[href='/about/methodology/']")


def test_methodology_names_the_pay_release_loaded_and_the_projections(client, catalogue):
    release = DataRelease.objects.newest()
    text = visible_text(client.get("/about/methodology/"))
    assert f"{release.label} release" in text
    assert "BLS Employment Projections, 2024\u201334" in text
    published = Role.objects.published().count()
    assert f"Of the {published} role pages published today" in text


def test_methodology_counts_only_roles_reviewed_in_the_last_year(client, catalogue):
    Role.objects.update(reviewed_on=None, reviewed_by="")
    Role.objects.filter(slug="registered-nurse").update(
        reviewed_by="A. Editor", reviewed_on=timezone.localdate()
    )
    Role.objects.filter(slug="electrician").update(
        reviewed_by="A. Editor", reviewed_on=timezone.localdate() - datetime.timedelta(days=400)
    )
    forget_all_pages()
    text = visible_text(client.get("/about/methodology/"))
    assert "1 has been reviewed in the last 12 months" in text


def test_a_role_lists_the_sources_of_its_figures_with_links(client, catalogue):
    role = Role.objects.get(slug="registered-nurse")
    release = DataRelease.objects.newest()
    page = parse(client.get(role.get_absolute_url()))
    items = page.cssselect(".sources__list li")
    texts = [item.text_content() for item in items]
    links = {a.text_content(): a.get("href") for item in items for a in item.cssselect("a")}
    pay = f"{release.source_name}, {release.label}"
    assert links[pay] == release.url
    assert any(t.startswith(pay) and "Pay (Registered Nurses, SOC 29-1141)" in t for t in texts)
    growth = role.facts.get(kind=Fact.Kind.GROWTH)
    assert links[growth.source_name] == growth.source_url
    # Each source once, however many facts cite it.
    assert len(texts) == len(set(texts))


def test_a_role_shows_its_reviewer_and_review_date_and_a_citation(client, catalogue):
    role = Role.objects.get(slug="registered-nurse")
    role.reviewed_by, role.reviewed_on = "Dana Editor", datetime.date(2026, 11, 30)
    role.save()
    page = parse(client.get(role.get_absolute_url()))
    header = page.cssselect(".role__header .muted")[0].text_content()
    assert "Reviewed by Dana Editor on November 30, 2026" in header
    review = page.cssselect(".sources time[datetime='2026-11-30']")
    assert review and review[0].text_content() == "November 30, 2026"
    citation = page.cssselect(".citation")[0].text_content()
    assert citation.startswith("RoleAtlas. “Registered Nurse.” Medicine and Nursing, last updated ")
    assert citation.endswith("/jobs/medicine-and-nursing/registered-nurse/")
    assert page.cssselect("#copy-citation")


def test_the_citation_url_keeps_working_after_the_role_is_renamed(client, catalogue):
    role = Role.objects.get(slug="registered-nurse")
    cited = parse(client.get(role.get_absolute_url())).cssselect(".citation")[0].text_content()
    url = cited.rsplit(" ", 1)[1]
    path = url.split("://", 1)[1].split("/", 1)[1]
    role.slug = "registered-nurse-rn"
    role.save()
    response = client.get("/" + path)
    assert response.status_code == 301
    assert response["Location"] == "/jobs/medicine-and-nursing/registered-nurse-rn/"


def test_an_unreviewed_role_says_so(client, catalogue):
    Role.objects.filter(slug="electrician").update(reviewed_by="", reviewed_on=None)
    forget_all_pages()
    text = visible_text(client.get("/jobs/construction-and-skilled-trades/electrician/"))
    assert "This page has not been reviewed against its sources yet." in text


def test_a_review_needs_both_a_reviewer_and_a_date_and_no_future_date(role):
    role.reviewed_by = "Someone"
    with pytest.raises(ValidationError, match="names both"):
        role.full_clean()
    role.reviewed_on = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="future"):
        role.full_clean()


def test_marking_a_role_reviewed_names_the_editor_and_keeps_last_updated(catalogue, client):
    role = Role.objects.get(slug="electrician")
    before = role.content_updated_at
    editor = Client()
    user = make_editor()
    user.first_name, user.last_name = "Dana", "Editor"
    user.save()
    editor.force_login(user)
    response = editor.post(
        "/admin/roles/role/",
        {"action": "mark_reviewed", "_selected_action": [role.pk]},
        follow=True,
    )
    assert "marked as reviewed by Dana Editor today" in response.content.decode()
    role.refresh_from_db()
    assert (role.reviewed_by, role.reviewed_on) == ("Dana Editor", timezone.localdate())
    assert role.content_updated_at == before
    assert Version.objects.get_for_object(role).first().revision.comment == (
        "Reviewed by Dana Editor."
    )
    page = visible_text(client.get(role.get_absolute_url()))
    assert "Reviewed by Dana Editor on" in page


def test_the_role_json_ld_gives_the_last_review_date(client, catalogue):
    import json

    role = Role.objects.get(slug="registered-nurse")
    role.reviewed_by, role.reviewed_on = "Dana Editor", datetime.date(2026, 11, 30)
    with reversion.create_revision():
        role.save()
    page = parse(client.get(role.get_absolute_url()))
    graph = json.loads(page.cssselect("script[type='application/ld+json']")[0].text)["@graph"]
    occupation = next(node for node in graph if node["@type"] == "Occupation")
    assert occupation["mainEntityOfPage"]["lastReviewed"] == "2026-11-30"


def test_the_admin_lists_roles_whose_review_is_overdue(catalogue):
    Role.objects.update(reviewed_by="A. Editor", reviewed_on=timezone.localdate())
    Role.objects.filter(slug="electrician").update(
        reviewed_on=timezone.localdate() - datetime.timedelta(days=366)
    )
    Role.objects.filter(slug="plumber").update(reviewed_by="", reviewed_on=None)
    response = editor_client().get("/admin/roles/role/?review=overdue")
    titles = [a.text_content() for a in parse(response).cssselect("#result_list tbody th a")]
    assert sorted(titles) == ["Electrician", "Plumber"]


def test_the_about_and_methodology_pages_are_in_the_sitemap(client, catalogue):
    sitemap = client.get("/sitemap-pages.xml").content.decode()
    for path in ("/about/", "/about/methodology/", "/ai-impact/"):
        assert f"{path}</loc>" in sitemap
