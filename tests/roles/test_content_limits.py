"""How big a role may be: the import accepts only what the admin can save back, and no text
field holds more than ROLE_TEXT_MAX_CHARACTERS (jobsite/content_limits.py)."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from roles.models import Duty, Role
from tests.factories import make_role
from tests.html import form_fields


def exported(role: Role, directory) -> str:
    call_command("export_roles", str(directory), verbosity=0, stdout=io.StringIO())
    return str(next(directory.glob(f"*{role.slug}*.md")))


def test_a_text_field_over_the_limit_is_refused_with_the_numbers(role, settings):
    settings.ROLE_TEXT_MAX_CHARACTERS = 1000
    role.overview = "x" * 1001
    with pytest.raises(ValidationError) as error:
        role.full_clean()
    assert error.value.message_dict["overview"] == ["At most 1,000 characters (it has 1,001)."]


def test_the_import_refuses_an_overview_over_the_limit_at_its_line(role, settings, tmp_path):
    path = exported(role, tmp_path)
    settings.ROLE_TEXT_MAX_CHARACTERS = 1000
    with open(path) as file:
        text = file.read().replace(role.overview, "y" * 5000)
    with open(path, "w") as file:
        file.write(text)
    with pytest.raises(CommandError, match=r"\.md:\d+: .*At most 1,000 characters"):
        call_command("import_roles", path, stdout=io.StringIO())


def test_the_import_refuses_a_role_with_more_rows_than_the_admin_can_post(
    category, settings, tmp_path
):
    role = make_role(category=category, slug="many-duties", duties=40)
    path = exported(role, tmp_path)
    Role.objects.all().delete()
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 300
    with pytest.raises(CommandError, match="more than DATA_UPLOAD_MAX_NUMBER_FIELDS \\(300\\)"):
        call_command("import_roles", path, stdout=io.StringIO())
    assert not Role.objects.exists()


def test_the_import_refuses_a_role_bigger_than_the_admin_can_post(category, settings, tmp_path):
    role = make_role(category=category, slug="long-role", overview="é" * 50_000)
    path = exported(role, tmp_path)
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 200_000  # the overview alone posts 300,000 bytes
    with pytest.raises(CommandError, match="more than DATA_UPLOAD_MAX_MEMORY_SIZE"):
        call_command("import_roles", path, stdout=io.StringIO())


def test_a_role_the_import_accepts_at_the_limit_is_saved_back_in_the_admin(
    admin_client, category, settings, tmp_path
):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 300
    role = make_role(category=category, slug="just-fits", duties=25)  # 30 rows: 300 fields
    path = exported(role, tmp_path)
    Duty.objects.filter(role=role).delete()  # the import must put them back
    call_command("import_roles", path, stdout=io.StringIO())
    assert role.duties.count() == 25

    url = f"/admin/roles/role/{role.pk}/change/"
    fields = form_fields(admin_client.get(url), "role_form")
    response = admin_client.post(url, {**fields, "summary": "Saved back in the admin."})
    assert response.status_code == 302, response.content.decode()[:500]
    role.refresh_from_db()
    assert role.summary == "Saved back in the admin."
