"""Roles as Markdown files: one role per file, YAML front matter, sections as `##` headings.

`render_role(role)` writes a role's file; `parse_role(text, name)` reads one back; `import_files`
applies many files in one transaction. The format is documented in docs/content-format.md.
Rendering is deterministic, so export -> import -> export gives byte-identical files.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from roles import derived
from roles.editorial.edits import RoleEdit
from roles.models import FAQ, Category, Duty, Fact, QualificationGroup, Role

# `##` sections in the order written; the page shows them in the same order.
SUMMARY = "Summary"
DUTIES = "Duties and responsibilities"
OVERVIEW = "Overview"
QUALIFICATIONS = "Qualifications"
OUTLOOK = "Career outlook"
COVER_LETTER = "Sample cover letter"
FAQS = "Frequently asked questions"
SECTIONS = [SUMMARY, DUTIES, OVERVIEW, QUALIFICATIONS, OUTLOOK, COVER_LETTER, FAQS]
TEXT_SECTIONS = {
    SUMMARY: "summary",
    OVERVIEW: "overview",
    OUTLOOK: "career_outlook",
    COVER_LETTER: "cover_letter",
}
FRONT_MATTER_KEYS = [
    "title",
    "slug",
    "category",
    "status",
    "published_at",
    "content_updated_at",
    "meta_description",
    "facts",
]
REQUIRED_KEYS = ["title", "slug", "category", "status"]


class MarkdownFormatError(Exception):
    """A problem in a file, located as `file:line: what is wrong`."""

    def __init__(self, name: str, line: int, message: str):
        self.name, self.line, self.message = name, line, message
        super().__init__(f"{name}:{line}: {message}")


# Writing


def _date(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def render_role(role: Role) -> str:
    """The Markdown file of one role: front matter, then the page's sections in order."""
    front = {
        "title": role.title,
        "slug": role.slug,
        "category": role.category.slug,
        "status": str(role.status),
        "published_at": _date(role.published_at),
        "content_updated_at": _date(role.content_updated_at),
        "meta_description": role.meta_description,
        "facts": [
            {"kind": str(fact.kind), "label": str(fact.label), "value": str(fact.value)}
            for fact in role.facts.all()
        ],
    }
    parts = [
        "---\n" + yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=10_000) + "---\n"
    ]

    def section(heading: str, body: str) -> None:
        parts.append(f"\n## {heading}\n" + (f"\n{body.strip()}\n" if body.strip() else ""))

    section(SUMMARY, role.summary)
    # A duty that runs over several lines continues on lines indented by two spaces.
    duties = [
        duty.text.strip().replace("\r\n", "\n").replace("\n", "\n  ") for duty in role.duties.all()
    ]
    section(DUTIES, "\n".join(f"- {duty}" for duty in duties))
    section(OVERVIEW, role.overview)
    groups = [
        f"### {group.heading.strip()}\n\n" + "\n".join(f"- {item}" for item in group.item_list)
        for group in role.qualification_groups.all()
    ]
    section(QUALIFICATIONS, "\n\n".join(groups))
    section(OUTLOOK, role.career_outlook)
    section(COVER_LETTER, role.cover_letter)
    faqs = [f"### {faq.question.strip()}\n\n{faq.answer.strip()}" for faq in role.faqs.all()]
    section(FAQS, "\n\n".join(faqs))
    return "".join(parts)


def file_name(role: Role) -> str:
    return f"{role.slug}.md"


def zip_roles(roles: Iterable[Role]) -> bytes:
    """A zip archive holding one Markdown file per role."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for role in roles:
            archive.writestr(file_name(role), render_role(role))
    return buffer.getvalue()


# Reading


@dataclass
class ParsedRole:
    name: str
    fields: dict
    category_slug: str
    facts: list[dict] = field(default_factory=list)
    duties: list[str] = field(default_factory=list)
    qualification_groups: list[tuple[str, list[str]]] = field(default_factory=list)
    faqs: list[tuple[str, str]] = field(default_factory=list)
    key_lines: dict[str, int] = field(default_factory=dict)
    # The file line of each row, per kind, for errors found when the rows are validated.
    row_lines: dict[str, list[int]] = field(default_factory=dict)


def _split_front_matter(text: str, name: str) -> tuple[str, list[str], int]:
    """The YAML text, the body lines and the file line number of the first body line."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise MarkdownFormatError(name, 1, "the file must start with '---' (YAML front matter)")
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            return "\n".join(lines[1:index]), lines[index + 1 :], index + 2
    raise MarkdownFormatError(name, 1, "the front matter has no closing '---'")


def _parse_date(value, name: str, line: int, key: str) -> datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        parsed = value
    else:
        parsed = parse_datetime(str(value)) if isinstance(value, str) else None
        if parsed is None:
            raise MarkdownFormatError(
                name, line, f"{key}: {value!r} is not a date and time like 2026-01-31T09:00:00Z"
            )
    if timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def _front_matter(yaml_text: str, name: str) -> tuple[dict, dict[str, int]]:
    try:
        data = yaml.safe_load(yaml_text) if yaml_text.strip() else {}
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 2 if mark else 1
        raise MarkdownFormatError(
            name, line, f"front matter is not valid YAML: {error.problem}"
        ) from None
    except yaml.YAMLError as error:
        raise MarkdownFormatError(name, 1, f"front matter is not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise MarkdownFormatError(name, 2, "front matter must be 'key: value' lines")
    key_lines: dict[str, int] = {}
    for number, line in enumerate(yaml_text.split("\n"), start=2):
        match = re.match(r"([A-Za-z_]+):", line)
        if match:
            key_lines.setdefault(match.group(1), number)
    return data, key_lines


def _list_items(
    lines: list[tuple[int, str]], name: str, what: str, multiline: bool = False
) -> list[tuple[int, str]]:
    """List items with their line numbers; with `multiline`, lines indented by two spaces
    continue the item above."""
    items: list[tuple[int, str]] = []
    for number, line in lines:
        if multiline and items and line.startswith("  "):
            items[-1] = (items[-1][0], items[-1][1] + "\n" + line[2:].rstrip())
            continue
        if not line.strip():
            continue
        if not line.startswith("- "):
            raise MarkdownFormatError(
                name, number, f"{what}: expected a list item starting with '- ', got {line!r}"
            )
        items.append((number, line[2:].strip()))
    return [(number, text.strip()) for number, text in items]


def _subsections(
    lines: list[tuple[int, str]], name: str, section: str
) -> list[tuple[int, str, list[tuple[int, str]]]]:
    """`###` headings in a section with the lines under each."""
    found: list[tuple[int, str, list[tuple[int, str]]]] = []
    for number, line in lines:
        if line.startswith("### "):
            found.append((number, line[4:].strip(), []))
        elif found:
            found[-1][2].append((number, line))
        elif line.strip():
            raise MarkdownFormatError(
                name, number, f"{section}: text before the first '###' heading"
            )
    return found


def _text(lines: list[tuple[int, str]]) -> str:
    return "\n".join(line for _, line in lines).strip()


def parse_role(text: str, name: str) -> ParsedRole:
    """Read one role's file; raises MarkdownFormatError at the first problem."""
    text = text.replace("\r\n", "\n")
    yaml_text, body, first_body_line = _split_front_matter(text, name)
    data, key_lines = _front_matter(yaml_text, name)

    for key in data:
        if key not in FRONT_MATTER_KEYS:
            known = ", ".join(FRONT_MATTER_KEYS)
            raise MarkdownFormatError(
                name, key_lines.get(key, 2), f"unknown front matter key {key!r} (known: {known})"
            )
    for key in REQUIRED_KEYS:
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise MarkdownFormatError(
                name, key_lines.get(key, 2), f"front matter needs {key!r} as text"
            )
    if data["status"] not in Role.Status.values:
        raise MarkdownFormatError(
            name,
            key_lines["status"],
            f"status must be one of {', '.join(Role.Status.values)}, not {data['status']!r}",
        )
    meta = data.get("meta_description") or ""
    if not isinstance(meta, str):
        raise MarkdownFormatError(name, key_lines["meta_description"], "meta_description is text")

    parsed = ParsedRole(
        name=name,
        category_slug=data["category"].strip(),
        key_lines=key_lines,
        fields={
            "title": data["title"].strip(),
            "slug": data["slug"].strip(),
            "status": data["status"],
            "meta_description": meta.strip(),
            "published_at": _parse_date(
                data.get("published_at"), name, key_lines.get("published_at", 2), "published_at"
            ),
            "content_updated_at": _parse_date(
                data.get("content_updated_at"),
                name,
                key_lines.get("content_updated_at", 2),
                "content_updated_at",
            ),
        },
    )
    facts = data.get("facts") or []
    if not isinstance(facts, list):
        raise MarkdownFormatError(name, key_lines.get("facts", 2), "facts must be a list")
    for fact in facts:
        line = key_lines.get("facts", 2)
        if not isinstance(fact, dict) or not {"label", "value"} <= set(fact):
            raise MarkdownFormatError(name, line, "each fact needs 'label' and 'value'")
        kind = fact.get("kind", Fact.Kind.OTHER)
        if kind not in Fact.Kind.values:
            raise MarkdownFormatError(
                name, line, f"fact kind must be one of {', '.join(Fact.Kind.values)}, not {kind!r}"
            )
        parsed.facts.append(
            {"kind": kind, "label": str(fact["label"]), "value": str(fact["value"])}
        )

    sections: dict[str, list[tuple[int, str]]] = {}
    current: str | None = None
    for number, line in enumerate(body, start=first_body_line):
        if line.startswith("## "):
            heading = line[3:].strip()
            if heading not in SECTIONS:
                raise MarkdownFormatError(
                    name, number, f"unknown section {heading!r} (sections: {', '.join(SECTIONS)})"
                )
            if heading in sections:
                raise MarkdownFormatError(name, number, f"section {heading!r} appears twice")
            current = heading
            sections[current] = []
        elif current is None:
            if line.strip():
                raise MarkdownFormatError(name, number, "text before the first '##' section")
        else:
            sections[current].append((number, line))

    for heading, field_name in TEXT_SECTIONS.items():
        parsed.fields[field_name] = _text(sections.get(heading, []))
    if not parsed.fields["summary"]:
        raise MarkdownFormatError(name, first_body_line, "the '## Summary' section is required")
    duties = _list_items(sections.get(DUTIES, []), name, DUTIES, multiline=True)
    parsed.duties = [text for _, text in duties]
    parsed.row_lines["duties"] = [number for number, _ in duties]
    parsed.row_lines["facts"] = [key_lines.get("facts", 2)] * len(parsed.facts)
    parsed.row_lines["qualification_groups"] = []
    parsed.row_lines["faqs"] = []
    for number, heading, lines in _subsections(
        sections.get(QUALIFICATIONS, []), name, QUALIFICATIONS
    ):
        items = [text for _, text in _list_items(lines, name, f"{QUALIFICATIONS} / {heading}")]
        if not items:
            raise MarkdownFormatError(name, number, f"qualification group {heading!r} has no items")
        parsed.qualification_groups.append((heading, items))
        parsed.row_lines["qualification_groups"].append(number)
    for number, question, lines in _subsections(sections.get(FAQS, []), name, FAQS):
        answer = _text(lines)
        if not answer:
            raise MarkdownFormatError(name, number, f"FAQ {question!r} has no answer")
        parsed.faqs.append((question, answer))
        parsed.row_lines["faqs"].append(number)
    return parsed


# Applying


def _apply(parsed: ParsedRole) -> tuple[Role, bool]:
    """Create or update the role by slug; returns the role and whether anything changed."""
    try:
        category = Category.objects.get(slug=parsed.category_slug)
    except Category.DoesNotExist:
        raise MarkdownFormatError(
            parsed.name,
            parsed.key_lines.get("category", 2),
            f"no category with slug {parsed.category_slug!r}",
        ) from None
    role = Role.objects.filter(slug=parsed.fields["slug"]).first()
    fields = {**parsed.fields, "category": category}
    # Dates a file leaves out: an existing role keeps its own (so importing the same file again
    # changes nothing); "last updated" then moves only if the content changes.
    dated = fields["content_updated_at"] is not None
    edit = RoleEdit.begin(role.pk if role else None)
    if role is None:
        fields["content_updated_at"] = fields["content_updated_at"] or timezone.now()
        if fields["published_at"] is None and fields["status"] == Role.Status.PUBLISHED:
            fields["published_at"] = timezone.now()
        role = Role(**fields)
    else:
        if fields["published_at"] is None and fields["status"] == Role.Status.PUBLISHED:
            fields["published_at"] = role.published_at
        if not dated:
            fields["content_updated_at"] = role.content_updated_at
        if render_role(role) == _render_parsed(parsed, fields):
            return role, False
        for name, value in fields.items():
            setattr(role, name, value)
    role.version = edit.counter
    try:
        role.full_clean()
    except ValidationError as error:
        line = min(parsed.key_lines.get(key, 2) for key in error.message_dict)
        raise MarkdownFormatError(parsed.name, line, _problems(error)) from None
    rows = _rows(parsed)
    for kind, instances in rows.items():
        for instance, line in zip(instances, parsed.row_lines[kind], strict=True):
            try:
                instance.full_clean(exclude=["role"])
            except ValidationError as error:
                raise MarkdownFormatError(parsed.name, line, _problems(error)) from None
    role.save()
    for kind, instances in rows.items():
        model = type(instances[0]) if instances else None
        getattr(role, kind).all().delete()
        if model is not None:
            for position, instance in enumerate(instances, start=1):
                instance.role, instance.position = role, position
            model.objects.bulk_create(instances)
    # bulk_create sends no signals: report the new rows (the search vector reads them).
    derived.refresh(role_ids=[role.pk])
    edit.finish(role, updated_at=fields["content_updated_at"] if dated else None)
    return role, True


def _problems(error: ValidationError) -> str:
    return "; ".join(f"{key}: {' '.join(messages)}" for key, messages in error.message_dict.items())


def _rows(parsed: ParsedRole) -> dict[str, list]:
    """The file's rows as unsaved model instances, per related name."""
    return {
        "facts": [Fact(**fact) for fact in parsed.facts],
        "duties": [Duty(text=text) for text in parsed.duties],
        "qualification_groups": [
            QualificationGroup(heading=heading, items="\n".join(items))
            for heading, items in parsed.qualification_groups
        ],
        "faqs": [FAQ(question=question, answer=answer) for question, answer in parsed.faqs],
    }


def _render_parsed(parsed: ParsedRole, fields: dict) -> str:
    """What `render_role` would write for a parsed file: lets import skip unchanged roles."""
    role = Role(**fields)
    rows = _rows(parsed)

    class _Rows:
        def __init__(self, items):
            self.items = items

        def all(self):
            return self.items

    unsaved = _UnsavedRole(role, {name: _Rows(items) for name, items in rows.items()})
    return render_role(unsaved)  # type: ignore[arg-type]


class _UnsavedRole:
    """A role and its rows in memory, shaped like a saved role for `render_role`."""

    def __init__(self, role: Role, rows: dict):
        self._role, self._rows = role, rows

    def __getattr__(self, name: str):
        if name in self._rows:
            return self._rows[name]
        return getattr(self._role, name)


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


class ImportFailed(Exception):
    def __init__(self, errors: list[MarkdownFormatError]):
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))


def markdown_files(paths: Iterable[str | Path]) -> list[Path]:
    """The .md files named, and those found (recursively, sorted) in the directories named."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(path.rglob("*.md"))
        else:
            found.append(path)
    return found


def import_files(paths: Iterable[str | Path], user=None) -> ImportResult:
    """Create or update roles from Markdown files, all or nothing.

    Every file is read and checked first; if any is wrong, ImportFailed lists every problem and
    the database is untouched. Otherwise all roles are written in one transaction, and each
    changed role gets a revision in its history.
    """
    import reversion

    errors: list[MarkdownFormatError] = []
    parsed: list[ParsedRole] = []
    slugs: dict[str, str] = {}
    for path in markdown_files(paths):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            errors.append(MarkdownFormatError(str(path), 1, f"cannot read the file: {error}"))
            continue
        try:
            role = parse_role(text, str(path))
        except MarkdownFormatError as error:
            errors.append(error)
            continue
        slug = role.fields["slug"]
        if slug in slugs:
            errors.append(
                MarkdownFormatError(
                    str(path),
                    role.key_lines.get("slug", 2),
                    f"slug {slug!r} is also in {slugs[slug]}",
                )
            )
        slugs[slug] = str(path)
        parsed.append(role)
    if errors:
        raise ImportFailed(errors)

    result = ImportResult()
    try:
        with transaction.atomic(), derived.one_refresh():
            for item in parsed:
                existed = Role.objects.filter(slug=item.fields["slug"]).exists()
                # One revision per role, so each role's history can undo its own import.
                with reversion.create_revision():
                    reversion.set_comment("Imported from Markdown.")
                    if user is not None:
                        reversion.set_user(user)
                    role, changed = _apply(item)
                    if changed:
                        reversion.add_to_revision(role)
                if changed:
                    (result.updated if existed else result.created).append(role.slug)
                else:
                    result.unchanged.append(role.slug)
    except MarkdownFormatError as error:
        raise ImportFailed([error]) from None
    return result
