"""`make run` loads the shipped catalogue at every start (manage.py load_catalogue) and must
never revert, duplicate or resurrect anything an editor did in between."""

from __future__ import annotations

import io
import os
import subprocess

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from roles.formats import markdown_io
from roles.models import Category, Duty, Role
from tests.catalogue import shipped
from tests.html import form_fields
from tests.roles.editors import editor_client


def _load() -> str:
    out = io.StringIO()
    call_command("load_catalogue", stdout=out)
    return out.getvalue()


def test_a_restart_keeps_admin_edits_imports_and_deletions(db, tmp_path):
    categories, roles = shipped("roles.category"), shipped("roles.role")
    assert f"{categories} categories and {roles} roles added" in _load()
    rows_before = Duty.objects.count()

    editor = editor_client("eve")
    edited = Role.objects.get(slug="data-scientist")
    url = f"/admin/roles/role/{edited.pk}/change/"
    data = form_fields(editor.get(url), "role_form") | {"summary": "Rewritten by an editor."}
    assert editor.post(url, data).status_code == 302

    imported = Role.objects.get(slug="ai-solutions-architect")
    path = tmp_path / "architect.md"
    text = markdown_io.render_role(imported)
    path.write_text(text.replace(imported.summary, "Summary from an imported file."))
    call_command("import_roles", str(path), stdout=io.StringIO())  # rows get new keys

    removed = Role.objects.exclude(pk__in=[edited.pk, imported.pk]).first()
    rows_before -= removed.duties.count()
    superuser = Client()
    superuser.force_login(get_user_model().objects.create_superuser("root", "root@example.com"))
    response = superuser.post(f"/admin/roles/role/{removed.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302

    assert "0 categories and 0 roles added" in _load()  # the restart

    assert Role.objects.get(slug="data-scientist").summary == "Rewritten by an editor."
    architect = Role.objects.get(slug="ai-solutions-architect")
    assert architect.summary == "Summary from an imported file."
    assert architect.duties.count() == len(set(architect.duties.values_list("text", flat=True)))
    assert not Role.objects.filter(slug=removed.slug).exists()
    assert Role.objects.count() == roles - 1
    assert Duty.objects.count() == rows_before


def test_new_fixture_categories_and_roles_are_added_beside_an_editors_own(db):
    mine = Category.objects.create(name="Editors' own", slug="editors-own")
    Role.objects.create(title="Own Role", slug="own-role", category=mine, summary="Mine.")
    _load()
    assert Role.objects.count() == shipped("roles.role") + 1
    assert Role.objects.get(slug="own-role").category == mine


def test_make_loaddata_twice_on_a_real_database_keeps_an_edit(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "CACHE_DIR": str(tmp_path / "cache"),
    }

    def run(*command: str) -> str:
        result = subprocess.run(
            command,
            env=env | {"PYTHONSTARTUP": ""},
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def shell(code: str) -> str:
        return run(".venv/bin/python", "manage.py", "shell", "--no-imports", "-c", code).strip()

    run("make", "--no-print-directory", "loaddata")
    edit = "from roles.models import Role; r = Role.objects.get(slug='data-scientist'); "
    run(
        ".venv/bin/python",
        "manage.py",
        "shell",
        "--no-imports",
        "-c",
        edit + "r.summary = 'Kept.'; r.save()",
    )
    run("make", "--no-print-directory", "loaddata")
    shown = run(
        ".venv/bin/python", "manage.py", "shell", "--no-imports", "-c", edit + "print(r.summary)"
    )
    assert shown.strip() == "Kept."
    count = "from roles.models import Duty; print(Duty.objects.count())"
    assert run(
        ".venv/bin/python", "manage.py", "shell", "--no-imports", "-c", count
    ).strip() == str(shipped("roles.duty"))
