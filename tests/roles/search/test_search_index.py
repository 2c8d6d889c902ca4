"""Every writer keeps search current on either database (PostgreSQL's vector, SQLite's FTS5
index): bulk generation, fixtures, restores, imports and deletions all pass through
roles/derived.py."""

from __future__ import annotations

import io

from django.core.management import call_command

from roles import derived
from roles.models import Category, Role
from roles.synthetic import SLUG_PREFIX, clear_generated_roles
from tests.factories import make_role


def found(query: str) -> list[str]:
    return list(Role.objects.published().search(query).values_list("slug", flat=True))


def test_generated_roles_are_searchable_and_forgotten_when_cleared(db):
    call_command("generate_roles", count=30, seed=3, categories=2, verbosity=0)
    generated = Role.objects.filter(slug__startswith=SLUG_PREFIX).first()
    assert generated.slug in found(f'"{generated.title}"')
    clear_generated_roles()
    assert not found(f'"{generated.title}"')


def test_loaded_fixtures_are_searchable(catalogue):
    assert found("electrician")[0] == "electrician"


def test_a_restored_backup_is_searchable(catalogue, tmp_path):
    dump = tmp_path / "backup.json"
    call_command("backup", str(dump), stdout=io.StringIO())
    Role.objects.all().delete()
    Category.objects.all().delete()
    assert not found("electrician")
    call_command("restore", str(dump), stdout=io.StringIO())
    assert found("electrician")[0] == "electrician"


def test_bulk_updates_reported_to_derived_data_are_searchable(db):
    role = make_role(title="Salt Marsh Warden")
    Role.objects.filter(pk=role.pk).update(summary="Counts avocets.")  # sends no signal
    derived.refresh(role_ids=[role.pk])
    assert found("avocets") == [role.slug]


def test_roles_deleted_in_bulk_leave_search(db):
    kept, gone = make_role(title="Fen Drainer"), make_role(title="Fen Reeve")
    assert set(found("fen")) == {kept.slug, gone.slug}
    Role.objects.filter(pk=gone.pk).delete()
    assert found("fen") == [kept.slug]
