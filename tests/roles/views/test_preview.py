from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from roles.models import Role
from tests.factories import make_role
from tests.html import parse, visible_text
from tests.roles.editors import editor_client

PREVIEW_URL = "/admin/roles/role/preview-markdown/"


@pytest.fixture
def editor(db):
    return editor_client()


@pytest.fixture
def draft(category):
    return make_role(
        category=category,
        title="Draft Diver",
        status=Role.Status.DRAFT,
        published_at=None,
        overview="Dives **deep**.",
    )


def test_staff_preview_of_a_draft_is_the_page_marked_and_never_indexed_or_cached(editor, draft):
    response = editor.get(f"/preview/roles/{draft.pk}/")
    assert response.status_code == 200
    page = parse(response)
    assert page.cssselect("h1")[0].text == "Draft Diver"
    assert page.cssselect(".preview-banner")
    assert "It is a draft" in visible_text(response)
    assert page.cssselect("meta[name='robots']")[0].get("content").startswith("noindex")
    assert page.cssselect("#overview ~ .prose strong")[0].text == "deep"
    assert response["X-Robots-Tag"].startswith("noindex")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    # The public page answers 404 while it is a draft.
    assert editor.get(draft.get_absolute_url()).status_code == 404


def test_preview_is_not_found_for_anonymous_readers_and_non_staff(client, draft, django_user_model):
    assert client.get(f"/preview/roles/{draft.pk}/").status_code == 404
    client.force_login(django_user_model.objects.create_user("reader"))
    assert client.get(f"/preview/roles/{draft.pk}/").status_code == 404


def test_view_on_site_opens_the_preview_for_drafts_and_the_page_for_public_roles(
    editor, draft, role
):
    draft_form = parse(editor.get(f"/admin/roles/role/{draft.pk}/change/"))
    assert draft_form.cssselect(f"a.viewsitelink[href$='/preview/roles/{draft.pk}/']")
    public_form = parse(editor.get(f"/admin/roles/role/{role.pk}/change/"))
    assert public_form.cssselect(f"a.viewsitelink[href$='{role.get_absolute_url()}']")


def test_scheduled_role_preview_says_when_it_goes_public(editor, category):
    later = timezone.now() + timedelta(days=3)
    role = make_role(category=category, published_at=later)
    assert "It goes public on" in visible_text(editor.get(f"/preview/roles/{role.pk}/"))


def test_markdown_preview_returns_the_sanitised_html_the_site_shows(editor, db):
    response = editor.post(
        PREVIEW_URL,
        {"text": "**Bold** <script>alert(1)</script> [x](javascript:alert(1))"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>Bold</strong>" in html
    assert "<script>" not in html and "javascript:" not in html


def test_markdown_preview_is_for_editors_only(client, db):
    response = client.post(PREVIEW_URL, {"text": "**x**"})
    assert response.status_code == 302  # to the admin login
    assert "<strong>" not in response.content.decode()


def test_role_form_offers_previews_and_a_meta_description_counter_without_inline_script(
    editor, role
):
    response = editor.get(f"/admin/roles/role/{role.pk}/change/")
    page = parse(response)
    previewed = {t.get("name") for t in page.cssselect("textarea[data-markdown-preview]")}
    assert {"overview", "career_outlook", "cover_letter", "faqs-0-answer"} <= previewed
    meta = page.cssselect("input[name='meta_description']")[0]
    assert (meta.get("data-length-min"), meta.get("data-length-max")) == ("50", "160")
    assert page.cssselect("script[src$='roles/admin/editor.js']")
    assert not [
        s for s in page.cssselect("script:not([src])") if s.get("type") != "application/json"
    ]
    assert not page.cssselect("[style]")


def test_a_drafts_preview_offers_downloads_that_work_for_staff_only(client, category):
    from django.contrib.auth import get_user_model

    draft = make_role(category=category, status=Role.Status.DRAFT, published_at=None)
    staff = get_user_model().objects.create_user("previewer", is_staff=True)
    client.force_login(staff)
    page = client.get(f"/preview/roles/{draft.pk}/").content.decode()
    for suffix, kind in ((".txt", "text/plain"), (".md", "text/markdown")):
        url = f"/preview/roles/{draft.pk}{suffix}"
        assert url in page
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"].startswith(kind)
        assert draft.title in response.content.decode()
    assert "/compare/" not in page.split('class="role-tools"')[1].split("</div>")[0]
    client.logout()
    assert client.get(f"/preview/roles/{draft.pk}.md").status_code == 404
