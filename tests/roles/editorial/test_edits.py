"""One edit, whoever makes it (roles/editorial/edits.py): what counts as a change, the lock
counter, "last updated" and the history, through the admin as an editor's browser posts it."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from reversion.models import Version

from roles.formats import markdown_io
from roles.models import Role
from tests.html import form_fields
from tests.roles.editors import editor_client


@pytest.fixture
def editor(db):
    return editor_client("dana")


def _browser_post(editor, role: Role, **changes):
    """The change form as a browser submits it: every textarea's lines end in CR LF."""
    url = f"/admin/roles/role/{role.pk}/change/"
    data = form_fields(editor.get(url), "role_form")
    data = {k: v.replace("\n", "\r\n") if isinstance(v, str) else v for k, v in data.items()}
    data.update(changes)
    response = editor.post(url, data)
    assert response.status_code == 302, response.content[:2000]
    return Role.objects.get(pk=role.pk)


def test_a_save_that_changes_nothing_records_nothing_and_moves_nothing(editor, role):
    role.overview = "First paragraph.\n\nSecond paragraph."
    role.save()
    _browser_post(editor, role)  # records the state before the first edit
    before = Role.objects.get(pk=role.pk)
    versions = Version.objects.get_for_object(before).count()

    after = _browser_post(editor, before)

    assert (after.version, after.content_updated_at) == (before.version, before.content_updated_at)
    assert Version.objects.get_for_object(after).count() == versions


def test_changing_only_the_status_keeps_last_updated_and_says_only_status(editor, role):
    role.overview = "Line one.\nLine two."
    role.save()
    before = Role.objects.get(pk=role.pk)

    after = _browser_post(editor, before, status=Role.Status.DRAFT)

    assert after.status == Role.Status.DRAFT
    assert after.content_updated_at == before.content_updated_at
    assert after.version == before.version + 1
    latest = Version.objects.get_for_object(after).first()
    assert "Status" in latest.revision.comment
    assert "Overview" not in latest.revision.comment


def test_an_untouched_export_reimports_as_unchanged_for_every_role(catalogue, tmp_path, editor):
    # Every fixture role saved once through the admin as a browser sends it...
    for role in Role.objects.all():
        _browser_post(editor, role)
    call_command("export_roles", str(tmp_path), verbosity=0, stdout=io.StringIO())
    out = io.StringIO()
    call_command("import_roles", str(tmp_path), stdout=out)
    assert f"Created 0, updated 0, unchanged {Role.objects.count()}." in out.getvalue()


def test_an_edited_export_is_dated_by_its_import(role, tmp_path):
    old = role.content_updated_at
    text = markdown_io.render_role(role)
    assert "content_updated_at" not in text
    path = tmp_path / "role.md"
    path.write_text(text.replace(role.summary, "A summary rewritten for readers today."))
    call_command("import_roles", str(path), stdout=io.StringIO())
    assert Role.objects.get(pk=role.pk).content_updated_at > old
