"""The backup commands in the README restore every role, intact, into an empty database."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db.models import signals

from roles.models import Category, Role
from tests.catalogue import shipped
from tests.jobsite.production import run_python

# As documented under "Backups" in the README.
DUMPDATA_EXCLUDES = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes"]

FINGERPRINTS = (
    "import json, django; django.setup(); "
    "from django.core.management import call_command; "
    "call_command('migrate', verbosity=0); "
    "call_command('loaddata', {dump!r}, verbosity=0); "
    "from roles.models import Role; "
    "print(json.dumps({{r.slug: r.compute_fingerprint() for r in Role.objects.all()}}))"
)


@contextmanager
def model_signals_muted():
    """Deletes that nothing hears, as if the database behind the cache were replaced."""
    muted = [signals.pre_save, signals.post_save, signals.pre_delete, signals.post_delete]
    saved = [(signal, signal.receivers) for signal in muted]
    try:
        for signal in muted:
            signal.receivers = []
            signal.sender_receivers_cache.clear()
        yield
    finally:
        for signal, receivers in saved:
            signal.receivers = receivers
            signal.sender_receivers_cache.clear()


def fingerprints() -> dict[str, str]:
    """Every role's fingerprint: its text and every child row a reader sees."""
    return {role.slug: role.compute_fingerprint() for role in Role.objects.all()}


def test_a_dumpdata_backup_restores_into_an_empty_database(catalogue, tmp_path):
    dump = tmp_path / "backup.json"
    call_command(
        "dumpdata",
        "--natural-foreign",
        "--natural-primary",
        *[f"--exclude={app}" for app in DUMPDATA_EXCLUDES],
        "--output",
        str(dump),
        verbosity=0,
    )
    before = fingerprints()
    assert len(before) == Role.objects.count() > 10

    empty = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    result = run_python(FINGERPRINTS.format(dump=str(dump)), DATABASE_URL=empty)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == before


@pytest.mark.postgres
def test_a_pg_dump_backup_restores_into_a_scratch_database(transactional_db, tmp_path):
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump/pg_restore not installed (apt-get install postgresql-client)")
    call_command("loaddata", "categories", "roles", verbosity=0)
    db = settings.DATABASES["default"]
    connect = ["-h", db["HOST"], "-p", str(db["PORT"]), "-U", db["USER"]]
    scratch = f"{db['NAME']}_restore_check"
    dump = tmp_path / "backup.dump"
    subprocess.run(
        ["pg_dump", *connect, "--format=custom", "--file", str(dump), db["NAME"]], check=True
    )
    subprocess.run(["dropdb", *connect, "--if-exists", scratch], check=True)
    subprocess.run(["createdb", *connect, scratch], check=True)
    try:
        subprocess.run(
            ["pg_restore", *connect, "--no-owner", "--dbname", scratch, str(dump)], check=True
        )
        url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{scratch}"
        code = (
            "import json, django; django.setup(); from roles.models import Role; "
            "print(json.dumps({r.slug: r.compute_fingerprint() for r in Role.objects.all()}))"
        )
        result = run_python(code, DATABASE_URL=url)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout.splitlines()[-1]) == fingerprints()
    finally:
        subprocess.run(["dropdb", *connect, "--if-exists", scratch], check=True)


EXACT_TIMES = (
    "import json, django; django.setup(); "
    "from django.core.management import call_command; "
    "call_command('migrate', verbosity=0); "
    "call_command('restore', {dump!r}, verbosity=0); "
    "from roles.models import Role; "
    "print(json.dumps({{r.slug: [r.compute_fingerprint(), r.published_at.isoformat(), "
    "r.content_updated_at.isoformat()] for r in Role.objects.all()}}))"
)


def test_a_backup_restores_every_timestamp_to_the_microsecond(catalogue, tmp_path):
    Role.objects.update(content_updated_at=datetime(2026, 11, 30, 8, 15, 42, 123456, UTC))
    dump = tmp_path / "backup.json"
    call_command("backup", str(dump), stdout=io.StringIO())
    before = {
        r.slug: [
            r.compute_fingerprint(),
            r.published_at.isoformat(),
            r.content_updated_at.isoformat(),
        ]
        for r in Role.objects.all()
    }
    assert all(times[2].endswith(".123456+00:00") for times in before.values())

    empty = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    result = run_python(EXACT_TIMES.format(dump=str(dump)), DATABASE_URL=empty)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == before


@pytest.mark.page_cache
def test_a_restore_drops_the_cached_pages_of_the_data_it_replaced(catalogue, client, tmp_path):
    dump = tmp_path / "backup.json"
    call_command("backup", str(dump), stdout=io.StringIO())
    role = Role.objects.get(slug="ai-solutions-architect")
    url = role.get_absolute_url()
    client.get(url)
    assert client.get(url).headers["X-Page-Cache"] == "hit"

    # A new, empty database behind the same cache: nothing told the cache the data went away.
    with model_signals_muted():
        Role.objects.all().delete()
        Category.objects.all().delete()
    assert client.get(url).headers["X-Page-Cache"] == "hit", "the stale page is still served"
    out = io.StringIO()
    call_command("restore", str(dump), stdout=out)
    assert (
        f"Restored {shipped('roles.role')} roles" in out.getvalue()
        and "cached pages dropped" in out.getvalue()
    )
    page = client.get(url)
    assert page.status_code == 200 and page.headers["X-Page-Cache"] == "miss"


def test_a_restore_refuses_a_database_that_already_holds_roles(catalogue, tmp_path):
    dump = tmp_path / "backup.json"
    call_command("backup", str(dump), stdout=io.StringIO())
    with pytest.raises(CommandError, match="restore into an empty one"):
        call_command("restore", str(dump), stdout=io.StringIO())
