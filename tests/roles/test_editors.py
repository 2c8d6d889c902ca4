from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from roles.models import ROW_KINDS, Role
from tests.html import form_fields, parse
from tests.roles.editors import editor_client


@pytest.fixture
def editor(db):
    return editor_client()


def test_editors_group_may_edit_content_and_history_but_not_people(db):
    codenames = set(
        Group.objects.get(name="Editors").permissions.values_list("codename", flat=True)
    )
    for model in [
        "role",
        "category",
        *(kind.model._meta.model_name for kind in ROW_KINDS),
    ]:
        for action in ["add", "change", "delete", "view"]:
            assert f"{action}_{model}" in codenames
    assert {"view_revision", "view_version"} <= codenames
    assert not {c for c in codenames if c.endswith(("_user", "_group", "_permission"))}


def test_editor_cannot_reach_user_or_group_management(editor):
    assert editor.get("/admin/auth/user/").status_code == 403
    assert editor.get("/admin/auth/group/").status_code == 403
    assert editor.get("/admin/auth/user/add/").status_code == 403
    index = parse(editor.get("/admin/"))
    assert not index.cssselect("a[href='/admin/auth/user/']")


def test_editor_can_draft_a_role_and_edit_a_category(editor, category):
    add = form_fields(editor.get("/admin/roles/role/add/"), "role_form")
    add.update(
        {
            "title": "Tide Forecaster",
            "slug": "tide-forecaster",
            "category": str(category.pk),
            "summary": "Predicts the tides for harbours.",
            "status": "draft",
            "duties-TOTAL_FORMS": "1",
            "duties-0-position": "1",
            "duties-0-text": "Read the tide gauges",
        }
    )
    assert editor.post("/admin/roles/role/add/", add).status_code == 302
    role = Role.objects.get(slug="tide-forecaster")
    assert role.status == Role.Status.DRAFT
    assert [d.text for d in role.duties.all()] == ["Read the tide gauges"]

    url = f"/admin/roles/category/{category.pk}/change/"
    data = form_fields(editor.get(url), "category_form")
    data["description"] = "Everything about the sea."
    assert editor.post(url, data).status_code == 302
    category.refresh_from_db()
    assert category.description == "Everything about the sea."
    assert editor.get(f"/admin/roles/role/{role.pk}/history/").status_code == 200
    assert editor.get(f"/admin/roles/role/{role.pk}/delete/").status_code == 200
