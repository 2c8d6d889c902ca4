from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from roles.models import Role
from tests.factories import make_role
from tests.html import form_fields, parse, visible_text


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw-for-tests")
    client.force_login(user)
    return client


def test_role_changelist_shows_category_status_and_last_updated(admin_client, role):
    make_role(category=role.category, title="Draft Role", status=Role.Status.DRAFT)
    response = admin_client.get("/admin/roles/role/?status__exact=draft")
    page = parse(response)
    headers = [" ".join(th.text_content().split()) for th in page.cssselect("thead th")]
    assert {"Category", "Status", "Last updated"} <= set(headers)
    titles = [a.text for a in page.cssselect("#result_list tbody th a")]
    assert titles == ["Draft Role"]
    search = parse(admin_client.get(f"/admin/roles/role/?q={role.title}"))
    assert [a.text for a in search.cssselect("#result_list tbody th a")] == [role.title]


def test_role_form_has_inlines_for_every_kind_of_row(admin_client, role):
    page = parse(admin_client.get(f"/admin/roles/role/{role.pk}/change/"))
    for prefix in ("facts", "duties", "qualification_groups", "faqs"):
        assert page.cssselect(f"#{prefix}-group"), prefix
    assert page.cssselect("input[name='duties-0-position']")


def test_editor_edit_moves_last_updated_but_unchanged_save_does_not(admin_client, role):
    url = f"/admin/roles/role/{role.pk}/change/"
    before = Role.objects.get(pk=role.pk).content_updated_at

    unchanged = form_fields(admin_client.get(url), "role_form")
    assert admin_client.post(url, unchanged).status_code == 302
    assert Role.objects.get(pk=role.pk).content_updated_at == before

    edited = form_fields(admin_client.get(url), "role_form")
    edited["duties-0-text"] = "Reconcile the ledgers every Friday"
    assert admin_client.post(url, edited).status_code == 302
    role.refresh_from_db()
    assert role.content_updated_at > before
    assert role.duties.filter(text="Reconcile the ledgers every Friday").exists()


def test_editor_can_add_a_role_with_rows(admin_client, category):
    add = form_fields(admin_client.get("/admin/roles/role/add/"), "role_form")
    add.update(
        {
            "title": "Quantum Gardener",
            "slug": "quantum-gardener",
            "category": str(category.pk),
            "summary": "Tends qubits.",
            "status": "draft",
            "duties-TOTAL_FORMS": "1",
            "duties-0-position": "1",
            "duties-0-text": "Water the qubits",
        }
    )
    response = admin_client.post("/admin/roles/role/add/", add)
    assert response.status_code == 302, parse(response).cssselect(".errorlist")
    role = Role.objects.get(slug="quantum-gardener")
    assert [d.text for d in role.duties.all()] == ["Water the qubits"]
    assert admin_client.get(f"/preview/roles/{role.pk}/").status_code == 200


def test_a_role_cannot_be_published_with_a_section_empty_and_the_admin_says_which(
    admin_client, category
):
    add = form_fields(admin_client.get("/admin/roles/role/add/"), "role_form")
    add.update(
        {
            "title": "Half Written",
            "slug": "half-written",
            "category": str(category.pk),
            "summary": "Only a summary so far.",
            "status": "published",
            "published_at_0": "2026-01-01",
            "published_at_1": "09:00:00",
        }
    )
    response = admin_client.post("/admin/roles/role/add/", add)
    assert response.status_code == 200
    errors = visible_text(response)
    for title in (
        "Overview",
        "Career outlook",
        "Sample cover letter",
        "Duties and responsibilities",
        "Qualifications",
        "Frequently asked questions",
        "Role at a glance",
    ):
        assert f"A published role needs its {title} section" in errors, title
    assert not Role.objects.filter(slug="half-written").exists()


def test_a_published_page_never_shows_an_empty_section(client, category):
    from tests.factories import make_role

    role = make_role(category=category, duties=0, faqs=0, facts=False, overview="", cover_letter="")
    role.qualification_groups.all().delete()
    page = client.get(role.get_absolute_url()).content.decode()
    for anchor in ("duties", "overview", "qualifications", "cover-letter", "faq", "glance"):
        assert f'id="{anchor}"' not in page and f'href="#{anchor}"' not in page, anchor
    assert "Copy cover letter" not in page
    assert 'id="outlook"' in page and 'href="#outlook"' in page


def test_category_admin_prepopulates_slug_from_name(admin_client, db):
    page = parse(admin_client.get("/admin/roles/category/add/"))
    config = page.cssselect("#django-admin-prepopulated-fields-constants")[0]
    assert '"#id_slug"' in config.get("data-prepopulated-fields")
    assert '"#id_name"' in config.get("data-prepopulated-fields")


def test_markdown_readers_would_see_as_tags_is_refused_at_the_field_with_the_reason(
    admin_client, role
):
    url = f"/admin/roles/role/{role.pk}/change/"
    data = form_fields(admin_client.get(url), "role_form")
    data["overview"] = "# Big heading\n\nText with ![a picture](https://example.com/a.png)."
    response = admin_client.post(url, data)
    assert response.status_code == 200
    errors = visible_text(response)
    assert "<h1> would show as text (a section is already a heading: use ### or ####" in errors
    assert "<img> would show as text (images are not shown on role pages)" in errors
    assert Role.objects.get(pk=role.pk).overview == role.overview

    data["overview"] = "### A sub-heading\n\nText that renders as written."
    assert admin_client.post(url, data).status_code == 302


def test_the_preview_shows_what_readers_get_and_warns_about_markup_they_would_see(admin_client, db):
    response = admin_client.post(
        "/admin/roles/role/preview-markdown/", {"text": "## Heading\n\n**Bold**"}
    )
    html = response.content.decode()
    assert "&lt;h2&gt; would show as text" in html or "<h2> would show as text" in visible_text(
        response
    )
    assert "<strong>Bold</strong>" in html


def test_a_qualification_heading_typed_with_a_colon_shows_one(client, role):
    group = role.qualification_groups.first()
    group.heading = "Skills:"
    group.save()
    assert "Skills::" not in client.get(role.get_absolute_url()).content.decode()
    assert "Skills:" in client.get(role.get_absolute_url()).content.decode()
