"""The bulk downloads at /data/: the whole published catalogue as JSON Lines and CSV, with a
manifest of what each file holds.

Built on the first request after the catalogue changes and kept in the shared cache under the
catalogue's state (roles/open_data/caching.py: the page cache's versions, so every write and
every scheduled go-live makes the next request build afresh, on any instance). Files are kept
gzipped (deterministically: the same catalogue gives the same bytes) and served as they are to
clients that accept gzip; the manifest's checksums are of the files as decoded.

Role files are written generically from roles.models.ROW_KINDS: roles.jsonl holds each role's
whole document (every row kind nested), roles.csv its own fields, and each row kind has a CSV of
its own named after it (facts.csv, duties.csv, qualification_groups.csv, faqs.csv, and any kind
added later), keyed by the role's slug.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from roles.models import ROW_KINDS, Category, Role, TitleOrder
from roles.open_data import documents
from roles.open_data.caching import catalogue_state
from roles.open_data.fields import csv_value, json_value
from roles.seo import absolute_url
from roles.wages.models import WAGE_FIGURES, DataRelease, Wage

logger = logging.getLogger("roles.open_data")

JSON_LINES = "application/jsonl"
CSV = "text/csv"
# Roles are read in chunks of this many, five queries each: memory stays bounded at 10,000
# roles while a catalogue of up to this many costs the same few queries.
ROLE_CHUNK = 1000


@dataclass
class DataFile:
    name: str
    media_type: str
    description: str
    rows: int = 0
    size: int = 0
    sha256: str = ""
    gzipped: bytes = b""


@dataclass
class Bundle:
    files: dict[str, DataFile] = field(default_factory=dict)
    manifest: bytes = b""

    def fingerprint(self) -> str:
        """A digest of every file's checksum: the same data, the same fingerprint."""
        digest = hashlib.sha256()
        for name, data_file in self.files.items():
            digest.update(f"{name}:{data_file.sha256}\n".encode())
        return digest.hexdigest()[:32]


class _Writer:
    """Lines of one file, compressed and checksummed as they are written."""

    def __init__(self, data_file: DataFile) -> None:
        self.file = data_file
        self.buffer = io.BytesIO()
        # mtime=0 and no file name: the same content always gives the same gzip bytes.
        self.gzip = gzip.GzipFile(fileobj=self.buffer, mode="wb", mtime=0, filename="")
        self.digest = hashlib.sha256()

    def write(self, text: str) -> None:
        data = text.encode()
        self.gzip.write(data)
        self.digest.update(data)
        self.file.size += len(data)

    def close(self) -> DataFile:
        self.gzip.close()
        self.file.gzipped = self.buffer.getvalue()
        self.file.sha256 = self.digest.hexdigest()
        return self.file


def _write_json_lines(data_file: DataFile, records: Iterable[dict[str, Any]]) -> DataFile:
    writer = _Writer(data_file)
    for record in records:
        writer.write(json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n")
        data_file.rows += 1
    return writer.close()


def _write_csv(
    data_file: DataFile, columns: list[str], records: Iterable[dict[str, Any]]
) -> DataFile:
    stream = _CsvStream(data_file, columns)
    for record in records:
        stream.write(record)
    return stream.close()


def published_roles() -> Iterator[Role]:
    """Every published role with what its page shows, in title order."""
    roles = Role.objects.published().with_page_document().order_by(TitleOrder(), "pk")
    yield from roles.iterator(chunk_size=ROLE_CHUNK)


def _flat_role(document: dict[str, Any]) -> dict[str, Any]:
    occupation = document["occupation"] or {}
    return {
        **{k: v for k, v in document.items() if not isinstance(v, dict | list)},
        "category_slug": document["category"]["slug"],
        "category_name": document["category"]["name"],
        "soc_code": occupation.get("code"),
        "soc_title": occupation.get("title"),
        "soc_is_nearest": occupation.get("nearest"),
    }


def _role_columns() -> list[str]:
    return [
        "slug",
        "title",
        "url",
        "json_url",
        "markdown_url",
        "text_url",
        "category_slug",
        "category_name",
        "soc_code",
        "soc_title",
        "soc_is_nearest",
        "published_at",
        "content_updated_at",
        *(f.name for f in documents.role_fields() if f.name not in {"title", "summary"}),
        "summary",
    ]


def _wage_rows(release: DataRelease | None, codes: set[str]) -> Iterator[dict[str, Any]]:
    if release is None or not codes:
        return
    wages = (
        Wage.objects.filter(release=release, occupation__in=sorted(codes))
        .select_related("area")
        .order_by("occupation", "area__kind", "area__name")
    )
    for wage in wages.iterator(chunk_size=5000):
        yield documents.wage_document(wage)


def _flat_wage(document: dict[str, Any]) -> dict[str, Any]:
    area = document["area"]
    return {
        **document,
        "area_code": area["code"],
        "area_slug": area["slug"],
        "area_name": area["name"],
        "area_kind": area["kind"],
        "top_coded": ",".join(document["top_coded"]),
    }


WAGE_COLUMNS = [
    "occupation",
    "area_code",
    "area_slug",
    "area_name",
    "area_kind",
    "release",
    *WAGE_FIGURES,
    "top_coded",
    "hourly_not_published",
]


def build() -> Bundle:
    """Every file and the manifest, from the database as it is now. Queries: the categories,
    five per ROLE_CHUNK roles, the newest release and one per 5,000 pay figures."""
    generated_at = timezone.now()
    bundle = Bundle()

    def add(data_file: DataFile) -> None:
        bundle.files[data_file.name] = data_file

    categories = [documents.category_document(c) for c in Category.objects.listed()]
    add(
        _write_json_lines(
            DataFile("categories.jsonl", JSON_LINES, "Categories with published roles."),
            categories,
        )
    )
    category_columns = ["slug", "name", "url", "description", "role_count", "updated_at"]
    add(
        _write_csv(
            DataFile("categories.csv", CSV, "Categories with published roles."),
            category_columns,
            categories,
        )
    )

    # One pass over the roles feeds every role file at once.
    roles_jsonl = _Writer(
        DataFile("roles.jsonl", JSON_LINES, "Each published role in full, one a line.")
    )
    role_columns = _role_columns()
    roles_csv = _CsvStream(
        DataFile("roles.csv", CSV, "Each published role's own fields."), role_columns
    )
    row_files = {
        kind.related_name: _CsvStream(
            DataFile(
                f"{kind.related_name}.csv",
                CSV,
                f"The roles' {kind.model._meta.verbose_name_plural}, by role and position.",
            ),
            ["role_slug", "position", *kind.fields],
        )
        for kind in ROW_KINDS
    }
    codes: set[str] = set()
    newest_edit = None
    for role in published_roles():
        document = documents.role_document(role)
        roles_jsonl.write(json.dumps(document, ensure_ascii=False) + "\n")
        roles_jsonl.file.rows += 1
        roles_csv.write(_flat_role(document))
        for kind in ROW_KINDS:
            for row in document[kind.related_name]:
                row_files[kind.related_name].write({"role_slug": role.slug, **row})
        if role.soc_id:
            codes.add(role.soc_id)
        if newest_edit is None or role.content_updated_at > newest_edit:
            newest_edit = role.content_updated_at
    add(roles_jsonl.close())
    add(roles_csv.close())
    for stream in row_files.values():
        add(stream.close())

    release = DataRelease.objects.newest()
    wages = list(_wage_rows(release, codes))
    wage_note = "Pay in every area for the SOC occupations the roles name, newest release."
    add(_write_json_lines(DataFile("wages.jsonl", JSON_LINES, wage_note), wages))
    add(_write_csv(DataFile("wages.csv", CSV, wage_note), WAGE_COLUMNS, map(_flat_wage, wages)))

    bundle.manifest = json.dumps(
        manifest(bundle, generated_at, newest_edit, release), ensure_ascii=False, indent=2
    ).encode()
    return bundle


class _CsvStream:
    """A CSV file written row by row (the header first)."""

    def __init__(self, data_file: DataFile, columns: list[str]) -> None:
        self.columns = columns
        self.writer = _Writer(data_file)
        self.line = io.StringIO()
        self.rows = csv.writer(self.line, lineterminator="\r\n")
        self._emit(columns)

    def _emit(self, values: Iterable[Any]) -> None:
        self.rows.writerow(values)
        self.writer.write(self.line.getvalue())
        self.line.seek(0)
        self.line.truncate()

    def write(self, record: dict[str, Any]) -> None:
        self._emit(csv_value(record.get(column)) for column in self.columns)
        self.writer.file.rows += 1

    def close(self) -> DataFile:
        return self.writer.close()


def file_url(name: str) -> str:
    return absolute_url(reverse("open_data:file", kwargs={"name": name}))


def manifest(
    bundle: Bundle, generated_at, newest_edit, release: DataRelease | None
) -> dict[str, Any]:
    counts = {name.split(".")[0]: f.rows for name, f in bundle.files.items()}
    return {
        "title": f"{settings.SITE_NAME} open data",
        "site": settings.SITE_URL,
        "generated_at": json_value(generated_at),
        "catalogue_updated_at": json_value(newest_edit),
        "api": absolute_url(reverse("open_data:api-docs")),
        "openapi": absolute_url(reverse("open_data:openapi")),
        "counts": counts,
        "files": [
            {
                "name": f.name,
                "url": file_url(f.name),
                "gzip_url": file_url(f"{f.name}.gz"),
                "media_type": f.media_type,
                "description": f.description,
                "rows": f.rows,
                "bytes": f.size,
                "gzip_bytes": len(f.gzipped),
                "sha256": f.sha256,
            }
            for f in bundle.files.values()
        ],
        "licence": {
            "text": {
                "name": settings.OPEN_DATA_LICENCE,
                "url": settings.OPEN_DATA_LICENCE_URL,
                "applies_to": f"{settings.SITE_NAME}'s own writing: every role and category "
                "text, fact, duty, qualification and FAQ.",
                "attribution": f"{settings.SITE_NAME} ({settings.SITE_URL})",
            },
            "pay_data": (
                {
                    "source": release.source_name,
                    "release": release.label,
                    "published_on": json_value(release.published_on),
                    "url": release.url,
                    "licence": release.licence,
                }
                if release is not None
                else None
            ),
        },
        "notes": [
            "Only published roles are included: never drafts, scheduled roles or roles taken "
            "down for a while.",
            "Checksums (SHA-256) and byte counts are of each file as decoded; gzip_bytes is the "
            "size served to clients that accept gzip.",
            "CSV files are UTF-8, RFC 4180, with a header row; a qualification group's items are "
            "one cell, one item a line. Text fields are Markdown as on the site.",
        ],
    }


def current_bundle() -> Bundle:
    """The bundle of the catalogue's current state: from the shared cache, or built now and
    kept there (unless the catalogue changed while it was built, or the cache is off)."""
    if settings.PAGE_CACHE_SECONDS <= 0:
        return build()
    try:
        state = catalogue_state()
        key = f"open-data:bulk:{state}"
        found = cache.get(key)
    except Exception:
        logger.exception("open data cache unavailable: building the bulk files")
        return build()
    if found is not None:
        return found
    bundle = build()
    try:
        if catalogue_state() == state:
            cache.set(key, bundle, settings.PAGE_CACHE_SECONDS)
    except Exception:
        logger.exception("open data cache unavailable: bulk files not stored")
    return bundle
