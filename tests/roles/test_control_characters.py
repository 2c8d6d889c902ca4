"""Control characters (ESC, BEL, NUL...) never get into the text, and old text holding them
never breaks a page: tab and newline are text and stay."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from roles.models import Category, Duty, Role
from tests.factories import make_role


def test_saving_strips_control_characters_but_keeps_tab_and_newline(role):
    role.title = "Data\x1b[31m Engineer\x07"
    role.summary = "Builds\tpipelines.\nKeeps them\x00 running."
    role.save()
    role.refresh_from_db()
    assert role.title == "Data[31m Engineer"
    assert role.summary == "Builds\tpipelines.\nKeeps them running."


def test_child_rows_and_categories_are_stripped_too(role):
    duty = Duty.objects.create(role=role, text="Rings the \x07bell", position=9)
    duty.refresh_from_db()
    assert duty.text == "Rings the bell"
    role.category.name = "Ops\x1b"
    role.category.save()
    assert Category.objects.get(pk=role.category.pk).name == "Ops"


def test_text_of_nothing_but_control_characters_is_refused_as_blank(role):
    role.title = "\x07\x1b"
    with pytest.raises(ValidationError) as error:
        role.full_clean()
    assert "title" in error.value.message_dict


def test_the_feed_serves_old_rows_holding_control_characters(client, role):
    # As written before the models stripped them, or by loaddata / update(), which skip save().
    Role.objects.filter(pk=role.pk).update(title="Bell\x07 Role", summary="Esc\x1b summary.")
    response = client.get("/feed/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "<title>Bell Role</title>" in text and "Esc summary." in text


def test_an_imported_nul_byte_is_stripped_not_a_database_error(category, tmp_path):
    role = make_role(category=category, slug="imported-role")
    call_command("export_roles", str(tmp_path), verbosity=0, stdout=io.StringIO())
    path = next(tmp_path.glob("*.md"))
    path.write_text(path.read_text().replace(role.summary, "Null\x00 and bell\x07 here."))
    call_command("import_roles", str(path), stdout=io.StringIO())
    role.refresh_from_db()
    assert role.summary == "Null and bell here."
