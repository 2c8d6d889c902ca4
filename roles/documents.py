"""Each role's page document: its rows and its Markdown rendered, in one stored row.

Why: profiled at 10,000 roles (2026-12-03), reading a role for its page took 7.2 ms of CPU, 5.4 of
them in the seven queries after the role's own, one per row kind; and a cold crawl renders each
role's Markdown (five fields and every FAQ answer) on its first view in a worker. A role's rows
and Markdown change only when the role or its rows are written, so they are derived data, like
its search vector: roles/derived.py rebuilds the document of every role a write touches, in the
same refresh and the same transaction as the write. A reader's page then reads the role with its
document in one query (`RoleQuerySet.with_page_document()`), takes its rows from the document as
a prefetch would have given them, and hands the rendered Markdown to the Markdown memo.

A document records the format it was built in (the row models' fields, the Markdown fields and
the Markdown settings). A role whose document is missing or of another format has its rows
prefetched instead, so a deploy that changes the format serves correct pages at once, and
`migrate` rebuilds those documents (`rebuild_outdated`, run after every migrate).
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable, Iterator
from datetime import date
from itertools import islice
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.models import DateField, Field, prefetch_related_objects
from django.db.models.query import ModelIterable

from roles.content import ROLE_MARKDOWN_FIELDS
from roles.formats.text import remember_rendered, render_markdown
from roles.models import ROW_KINDS, ROW_RELATIONS, Role, RoleDocument, RowKind

# Documents written per statement by a bulk refresh.
BATCH = 500
# Raise when what a document holds changes in a way `document_format()` does not see.
FORMAT_VERSION = 1


@functools.cache
def document_format() -> str:
    stored = [[kind.related_name, [f.attname for f in _fields(kind)]] for kind in ROW_KINDS]
    built_from = [FORMAT_VERSION, stored, ROLE_MARKDOWN_FIELDS, settings.MARKDOWNIFY]
    fingerprint = json.dumps(built_from, sort_keys=True, default=repr)
    return f"{FORMAT_VERSION}:{hashlib.sha256(fingerprint.encode()).hexdigest()[:32]}"


def _fields(kind: RowKind) -> list[Field]:
    return list(kind.model._meta.concrete_fields)


def _markdown_texts(role: Role) -> Iterator[str]:
    yield from (getattr(role, field) for field in ROLE_MARKDOWN_FIELDS)
    yield from (faq.answer for faq in role.faqs.all())


def build(role: Role) -> RoleDocument:
    """The document of a role whose rows are prefetched (`with_page_content()`)."""

    def stored(value: Any) -> Any:
        return value.isoformat() if isinstance(value, date) else value  # datetimes too

    rows = {
        kind.related_name: [
            [stored(field.value_from_object(row)) for field in _fields(kind)]
            for row in getattr(role, kind.related_name).all()
        ]
        for kind in ROW_KINDS
    }
    # Keyed by the text itself: the memo is, and a page never pairs a text with another's HTML.
    markdown = {text: str(render_markdown(text)) for text in _markdown_texts(role) if text}
    return RoleDocument(role_id=role.pk, format=document_format(), rows=rows, markdown=markdown)


def refresh_documents(role_ids: Iterable[int], using: str = "default") -> None:
    """Rebuild the documents of these roles from their rows (a deleted role's went with it)."""
    ids = sorted(set(role_ids))
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        roles = Role.objects.using(using).filter(pk__in=batch).with_page_content()
        RoleDocument.objects.using(using).bulk_create(
            [build(role) for role in roles],
            update_conflicts=True,
            unique_fields=["role"],
            update_fields=["format", "rows", "markdown"],
        )


def rebuild_outdated(using: str = "default", **_: Any) -> None:
    """Build the documents that are missing or of another format (after `migrate`)."""
    if RoleDocument._meta.db_table not in connections[using].introspection.table_names():
        return  # migrated back to before documents existed
    outdated = Role.objects.using(using).exclude(document__format=document_format())
    refresh_documents(outdated.values_list("pk", flat=True), using=using)


def _take_rows(role: Role, document: RoleDocument) -> None:
    """Give the role its rows from its document, exactly as prefetch_related would."""
    cache = role.__dict__.setdefault("_prefetched_objects_cache", {})
    for kind in ROW_KINDS:
        fields = _fields(kind)
        names = [field.attname for field in fields]
        rows = []
        for values in document.rows[kind.related_name]:
            loaded = [
                field.to_python(value) if isinstance(field, DateField) else value
                for field, value in zip(fields, values, strict=True)
            ]
            row = kind.model.from_db(role._state.db, names, loaded)
            row._state.fields_cache["role"] = role
            rows.append(row)
        queryset = getattr(role, kind.related_name).get_queryset()
        queryset._result_cache = rows
        queryset._prefetch_done = True
        cache[kind.related_name] = queryset
    remember_rendered(document.markdown)


class RowsFromDocument(ModelIterable):
    """The roles of a `with_page_document()` queryset, each with its rows (see module doc), a
    chunk at a time, so that `.iterator()` over the catalogue holds one chunk's documents."""

    def __iter__(self) -> Iterator[Role]:
        fetched = super().__iter__()
        while roles := list(islice(fetched, self.chunk_size)):
            yield from _with_rows(roles)


def _with_rows(roles: list[Role]) -> list[Role]:
    current = document_format()
    without = []
    for role in roles:
        try:
            document = role.document
        except RoleDocument.DoesNotExist:
            document = None
        if document is not None and document.format == current:
            _take_rows(role, document)
        else:
            without.append(role)
    if without:
        prefetch_related_objects(without, *ROW_RELATIONS)
    return roles
