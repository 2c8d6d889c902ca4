"""A scheduled role goes public by itself when its publish date passes: visibility is decided at
request time, so no cron job is involved. Time is moved by patching timezone.now."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from roles.models import Role
from tests.factories import make_role
from tests.html import form_fields, visible_text
from tests.roles.editors import editor_client


def test_scheduled_role_appears_on_its_category_and_page_once_the_time_passes(
    client, category, clock
):
    make_role(category=category, title="Already Public")
    scheduled = make_role(
        category=category, title="Night Watch", published_at=timezone.now() + timedelta(hours=2)
    )
    assert "Night Watch" not in visible_text(client.get(category.get_absolute_url()))
    assert client.get(scheduled.get_absolute_url()).status_code == 404

    clock(timedelta(hours=2, seconds=1))

    assert "Night Watch" in visible_text(client.get(category.get_absolute_url()))
    assert client.get(scheduled.get_absolute_url()).status_code == 200
    assert scheduled.title in visible_text(client.get("/"))


def test_editor_schedules_a_role_in_the_admin_and_it_goes_live_on_time(category, clock):
    editor = editor_client()
    role = make_role(category=category, status=Role.Status.DRAFT, published_at=None)
    url = f"/admin/roles/role/{role.pk}/change/"
    data = form_fields(editor.get(url), "role_form")
    go_live = timezone.localtime(timezone.now() + timedelta(days=1))
    data.update(
        {
            "status": "published",
            "published_at_0": go_live.strftime("%Y-%m-%d"),
            "published_at_1": go_live.strftime("%H:%M:%S"),
        }
    )
    assert editor.post(url, data).status_code == 302
    assert _public_status(role) == 404

    clock(timedelta(days=1, minutes=1))
    assert _public_status(role) == 200


def _public_status(role: Role) -> int:
    return Client().get(role.get_absolute_url()).status_code
