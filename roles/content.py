"""A role as plain data: everything it is made of, from a saved role or from rows not yet saved
(a parsed Markdown file), so that "did anything change?" has one answer for every writer.

`fingerprint()` covers what a reader sees (it decides whether "last updated" moves);
equality covers everything an editor can change (an import of an unchanged file changes nothing;
a save that changes nothing records nothing). Text is compared as readers get it: line endings
and trailing spaces (which browsers and editors add) are not changes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from roles.models import ROW_KINDS, Role, tidy_text

# The role's own fields a reader sees on its page, then those only editors and crawlers see.
READER_FIELDS = ("title", "category_id", "summary", "overview", "career_outlook", "cover_letter")
EDITORIAL_FIELDS = ("slug", "meta_description", "status", "published_at")


def _plain(value: Any) -> Any:
    if isinstance(value, str):
        return tidy_text(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class RoleContent:
    fields: tuple[tuple[str, Any], ...]
    rows: tuple[tuple[str, tuple[tuple[Any, ...], ...]], ...]

    @classmethod
    def of(cls, role: Role, rows: Mapping[str, Iterable[Any]] | None = None) -> RoleContent:
        """The role's content; its rows from `rows` (related name -> row instances, for rows not
        saved yet) or else from the role (prefetched or queried: four queries)."""
        fields = tuple(
            (name, _plain(getattr(role, name))) for name in (*READER_FIELDS, *EDITORIAL_FIELDS)
        )
        found = []
        for kind in ROW_KINDS:
            instances: Iterable[Any] = (
                rows[kind.related_name]
                if rows is not None
                else getattr(role, kind.related_name).all()
            )
            values = tuple(tuple(_plain(getattr(r, f)) for f in kind.fields) for r in instances)
            found.append((kind.related_name, values))
        return cls(fields, tuple(found))

    def reader_view(self) -> dict[str, Any]:
        shown = dict(self.fields)
        return {**{name: shown[name] for name in READER_FIELDS}, **dict(self.rows)}

    def fingerprint(self) -> str:
        """A hash of what a reader sees."""
        payload = json.dumps(self.reader_view(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode()).hexdigest()

    def changed_parts(self, other: RoleContent) -> Sequence[str]:
        """The fields and row kinds that differ, by name."""
        mine, theirs = dict(self.fields), dict(other.fields)
        names = [name for name in mine if mine[name] != theirs[name]]
        rows, other_rows = dict(self.rows), dict(other.rows)
        return names + [kind for kind in rows if rows[kind] != other_rows[kind]]
