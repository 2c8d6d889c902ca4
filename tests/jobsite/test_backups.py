"""The backup commands in the README restore every role, intact, into an empty database."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from django.conf import settings
from django.core.management import call_command

from roles.models import Role
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
