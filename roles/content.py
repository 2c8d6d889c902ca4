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

from roles.models import ROW_KINDS, Role, tidied


@dataclass(frozen=True)
class Stage:
    """One stage of "How to become one": the role's field and its heading."""

    field: str
    title: str


# The route into a role, in the order people take it; compare aligns two roles by stage.
ENTRY_STAGES = (
    Stage("entry_education", "Education"),
    Stage("entry_training", "Training"),
    Stage("entry_credentials", "Licenses and certifications"),
    Stage("entry_experience", "Work experience"),
    Stage("entry_advancement", "Advancement"),
)
ENTRY_STAGE = {stage.title: stage for stage in ENTRY_STAGES}

# The role's own fields written in Markdown (FAQ answers are Markdown too).
ROLE_MARKDOWN_FIELDS = (
    "editors_note",
    "overview",
    *(stage.field for stage in ENTRY_STAGES),
    "career_outlook",
    "cover_letter",
)


def entry_route(role: Role) -> list[tuple[Stage, str]]:
    """The stages of the route in that the role's page has text for, with their text."""
    return [(s, getattr(role, s.field)) for s in ENTRY_STAGES if getattr(role, s.field).strip()]


def aligned_entry_routes(left: Role, right: Role) -> list[tuple[Stage, str, str]]:
    """(stage, left text, right text) for each stage either role has text for, in order."""
    rows = [
        (s, getattr(left, s.field).strip(), getattr(right, s.field).strip()) for s in ENTRY_STAGES
    ]
    return [row for row in rows if row[1] or row[2]]


@dataclass(frozen=True)
class Section:
    """One section of a role page, in page order: the anchor it has on the page, its title
    (on the page, in the Markdown file, the .txt download, the admin and the content checks),
    and the field or related rows it shows (or, for "How to become one", the stages' fields)."""

    anchor: str
    title: str
    source: str
    fields: tuple[str, ...] = ()

    def has_content(self, role: Role) -> bool:
        if self.fields:
            return any(getattr(role, name).strip() for name in self.fields)
        value = getattr(role, self.source)
        return bool(value.strip()) if isinstance(value, str) else bool(value.all())


SECTIONS = (
    Section("summary", "Summary", "summary"),
    Section("glance", "Role at a glance", "facts"),
    Section("duties", "Duties and responsibilities", "duties"),
    Section("overview", "Overview", "overview"),
    Section("qualifications", "Qualifications", "qualification_groups"),
    Section(
        "how-to-become",
        "How to become one",
        "entry_route",
        tuple(stage.field for stage in ENTRY_STAGES),
    ),
    Section("outlook", "Career outlook", "career_outlook"),
    # The moves into and out of the role; the page also shows steps other roles declare
    # toward it (roles.career_paths), so whether it shows depends on more than the role.
    Section("career-path", "Career path", "career_steps"),
    Section("cover-letter", "Sample cover letter", "cover_letter"),
    Section("faq", "Frequently asked questions", "faqs"),
)
SECTION = {section.anchor: section for section in SECTIONS}


def sections_shown(role: Role, has_career_path: bool | None = None) -> list[Section]:
    """The sections the role's page shows, in order: never an empty one (the summary leads
    the page under the title and is not one of them). Uses prefetched rows; the career path
    shows when `has_career_path` says so (it counts other roles' steps toward this one), else
    when the role has steps of its own."""

    def shown(section: Section) -> bool:
        if section.anchor == "career-path" and has_career_path is not None:
            return has_career_path
        return section.has_content(role)

    return [s for s in SECTIONS if s.anchor != "summary" and shown(s)]


# The role's own fields a reader sees on its page, then those only editors and crawlers see.
READER_FIELDS = (
    "title",
    "category_id",
    "summary",
    "overview",
    *(stage.field for stage in ENTRY_STAGES),
    "career_outlook",
    "cover_letter",
    "soc_id",  # the pay the page shows
    "soc_is_nearest",
    "editors_note",
    "editors_note_on",
)
EDITORIAL_FIELDS = ("slug", "meta_description", "status", "published_at")
# Shown to readers, but a review that changes no text is not a change of content: it leaves
# "last updated" where it is.
REVIEW_FIELDS = ("reviewed_by", "reviewed_on")


def comparable(model_field: Any, value: Any) -> Any:
    """A field's value as stored, so that a saved row, a recorded version, a parsed file and
    a posted form compare alike: text as the field stores it (tidied()), a related object by
    its key, a date as ISO text, nothing as ""."""
    value = getattr(value, "pk", value)
    if value is None:
        return ""
    if isinstance(value, str):
        return tidied(model_field, value)
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
            (name, comparable(Role._meta.get_field(name), getattr(role, name)))
            for name in (*READER_FIELDS, *EDITORIAL_FIELDS, *REVIEW_FIELDS)
        )
        found = []
        for kind in ROW_KINDS:
            instances: Iterable[Any] = (
                rows[kind.related_name]
                if rows is not None
                else getattr(role, kind.related_name).all()
            )
            model_fields = [kind.model._meta.get_field(f) for f in kind.fields]
            values = tuple(
                tuple(comparable(mf, getattr(r, mf.name)) for mf in model_fields) for r in instances
            )
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
