"""Roles as Markdown files: one role per file, YAML front matter, sections as `##` headings.

`render_role(role)` writes a role's file; `parse_role(text, name)` reads one back (no database
writes here: roles/editorial/imports.py applies files). The format is documented in
docs/content-format.md. Rendering is deterministic, so export -> import -> export gives
byte-identical files. "Last updated" is not written: an edited export, imported, is dated by the
import; a file may still set `content_updated_at` on purpose.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import yaml
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from roles.content import ENTRY_STAGE, ENTRY_STAGES, SECTION
from roles.models import CareerStep, Fact, RelatedChoice, Role, tidy_text

# `##` sections in the order written; the page shows them in the same order.
# (The facts live in the front matter.)
SUMMARY = SECTION["summary"].title
DUTIES = SECTION["duties"].title
OVERVIEW = SECTION["overview"].title
QUALIFICATIONS = SECTION["qualifications"].title
HOW_TO_BECOME = SECTION["how-to-become"].title
OUTLOOK = SECTION["outlook"].title
COVER_LETTER = SECTION["cover-letter"].title
FAQS = SECTION["faq"].title
CAREER_PATH = SECTION["career-path"].title
ALSO_KNOWN_AS = "Also known as"
RELATED = "Related roles"
SECTIONS = [
    SUMMARY,
    ALSO_KNOWN_AS,
    DUTIES,
    OVERVIEW,
    QUALIFICATIONS,
    HOW_TO_BECOME,
    OUTLOOK,
    CAREER_PATH,
    COVER_LETTER,
    FAQS,
    RELATED,
]
# "### Comes from" and "### Moves to" in the career path section.
DIRECTIONS = {str(label): value for value, label in CareerStep.Direction.choices}
# A career step or a related choice names its role by slug, then (after a colon) its text.
_SLUG_ITEM = re.compile(r"(?P<slug>[-a-zA-Z0-9_]+)(?::\s*(?P<text>.*))?$", re.DOTALL)
# The reader's .md download ends with the role's pay from the wage data; an import reads past it.
PAY_SECTION = "Pay"
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
    "soc",
    "soc_is_nearest",
    "editors_note",
    "editors_note_on",
    "reviewed_by",
    "reviewed_on",
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
    # Whole seconds when there are no fractions (as in the fixtures), else to the microsecond:
    # a date written and read back is the same date.
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


# A line of text that would read as a section ("## ...") or a question or group ("### ..."),
# after any backslashes, gets one more backslash in the file; reading takes one off again. So an
# FAQ answer may hold "### A sub-heading" and every text survives the trip.
_HEADING_LIKE = re.compile(r"^\\*###?(?=\s|$)", re.MULTILINE)
_ESCAPED = re.compile(r"^\\(\\*###?(?=\s|$))", re.MULTILINE)


class _FrontMatterDumper(yaml.SafeDumper):
    """Multi-line text goes in double quotes with escaped line breaks, so that no line of the
    front matter can read as its closing '---'."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = '"' if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_FrontMatterDumper.add_representer(str, _represent_text)


def escape_text(text: str) -> str:
    return _HEADING_LIKE.sub(lambda match: "\\" + match.group(0), tidy_text(text))


def unescape_text(text: str) -> str:
    return _ESCAPED.sub(r"\1", text)


def _fact(fact: Fact) -> dict[str, str]:
    """A fact as written in the front matter: its source keys only where it has one."""
    written = {"kind": str(fact.kind), "label": str(fact.label), "value": str(fact.value)}
    if fact.source_name:
        written["source"] = fact.source_name
    if fact.source_url:
        written["source_url"] = fact.source_url
    if fact.as_of:
        written["as_of"] = fact.as_of.isoformat()
    return written


def render_role(role: Role) -> str:
    """The Markdown file of one role: front matter, then the page's sections in order."""
    front = {
        "title": role.title,
        "slug": role.slug,
        "category": role.category.slug,
        "status": str(role.status),
        "published_at": _date(role.published_at),
        "meta_description": role.meta_description,
        # The 2018 SOC occupation whose pay the page shows; "nearest" when it is a proxy.
        **({"soc": role.soc_id} if role.soc_id else {}),
        **({"soc_is_nearest": True} if role.soc_is_nearest else {}),
        **({"editors_note": role.editors_note} if role.editors_note else {}),
        **({"editors_note_on": role.editors_note_on.isoformat()} if role.editors_note_on else {}),
        **({"reviewed_by": role.reviewed_by} if role.reviewed_by else {}),
        **({"reviewed_on": role.reviewed_on.isoformat()} if role.reviewed_on else {}),
        "facts": [_fact(fact) for fact in role.facts.all()],
    }
    parts = [
        "---\n"
        + yaml.dump(
            front, Dumper=_FrontMatterDumper, sort_keys=False, allow_unicode=True, width=10_000
        )
        + "---\n"
    ]

    def section(heading: str, body: str) -> None:
        parts.append(f"\n## {heading}\n" + (f"\n{body}\n" if body else ""))

    section(SUMMARY, escape_text(role.summary))
    section(ALSO_KNOWN_AS, "\n".join(f"- {a.title}" for a in role.alternate_titles.all()))
    # A duty that runs over several lines continues on lines indented by two spaces.
    duties = [
        duty.text.strip().replace("\r\n", "\n").replace("\n", "\n  ") for duty in role.duties.all()
    ]
    section(DUTIES, "\n".join(f"- {duty}" for duty in duties))
    section(OVERVIEW, escape_text(role.overview))
    groups = [
        f"### {group.heading.strip()}\n\n" + "\n".join(f"- {item}" for item in group.item_list)
        for group in role.qualification_groups.all()
    ]
    section(QUALIFICATIONS, "\n\n".join(groups))
    stages = [
        f"### {stage.title}\n\n{escape_text(getattr(role, stage.field))}"
        for stage in ENTRY_STAGES
        if getattr(role, stage.field).strip()
    ]
    section(HOW_TO_BECOME, "\n\n".join(stages))
    section(OUTLOOK, escape_text(role.career_outlook))
    steps = list(role.career_steps.all())
    sides = [
        f"### {label}\n\n"
        + "\n".join(f"- {step.other_slug}: {_one_line(step.what_it_takes)}" for step in chosen)
        for label, direction in DIRECTIONS.items()
        if (chosen := [step for step in steps if step.direction == direction])
    ]
    section(CAREER_PATH, "\n\n".join(sides))
    section(COVER_LETTER, escape_text(role.cover_letter))
    faqs = [f"### {faq.question}\n\n{escape_text(faq.answer)}" for faq in role.faqs.all()]
    section(FAQS, "\n\n".join(faqs))
    choices = [
        f"- {choice.choice} {choice.other_slug}" + (f": {choice.reason}" if choice.reason else "")
        for choice in role.related_choices.all()
    ]
    section(RELATED, "\n".join(choices))
    return "".join(parts)


def _one_line(text: str) -> str:
    """A list item's text on one line: a step's sentence is stored with its spaces folded."""
    return " ".join(text.split())


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
    alternate_titles: list[str] = field(default_factory=list)
    # (direction, other role's slug, what the move takes)
    career_steps: list[tuple[str, str, str]] = field(default_factory=list)
    # (pin or hide, other role's slug, reason)
    related_choices: list[tuple[str, str, str]] = field(default_factory=list)
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


def _front_date(data: dict, key: str, name: str, key_lines: dict[str, int]) -> date | None:
    value = data.get(key)
    if value in (None, ""):
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    parsed = parse_date(str(value))
    if parsed is None:
        raise MarkdownFormatError(name, key_lines[key], f"{key} is a date like 2026-12-01")
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
    return tidy_text(unescape_text("\n".join(line for _, line in lines)))


def _slug_item(item: str, name: str, line: int, shape: str) -> tuple[str, str]:
    """A role's slug and the text after its colon, from a list item shaped like `shape`."""
    match = _SLUG_ITEM.match(item)
    if match is None:
        raise MarkdownFormatError(
            name,
            line,
            f"expected a line like '{shape}' (a slug is letters, digits and hyphens), got {item!r}",
        )
    return match["slug"], (match["text"] or "").strip()


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

    note = data.get("editors_note") or ""
    if not isinstance(note, str):
        raise MarkdownFormatError(name, key_lines["editors_note"], "editors_note is text")
    note_on = _front_date(data, "editors_note_on", name, key_lines)
    reviewer = data.get("reviewed_by") or ""
    if not isinstance(reviewer, str):
        raise MarkdownFormatError(name, key_lines["reviewed_by"], "reviewed_by is text")
    soc = data.get("soc")
    if soc is not None and not re.fullmatch(r"\d\d-\d{4}", str(soc)):
        raise MarkdownFormatError(
            name, key_lines["soc"], f"soc: {soc!r} is not a code like 15-2051"
        )
    parsed = ParsedRole(
        name=name,
        category_slug=data["category"].strip(),
        key_lines=key_lines,
        fields={
            "title": data["title"].strip(),
            "slug": data["slug"].strip(),
            "status": data["status"],
            "meta_description": meta.strip(),
            "editors_note": tidy_text(note),
            "editors_note_on": note_on,
            "reviewed_by": reviewer.strip(),
            "reviewed_on": _front_date(data, "reviewed_on", name, key_lines),
            # A file without these keys leaves an existing role's occupation as it is.
            **({"soc_id": str(soc)} if soc is not None else {}),
            **(
                {"soc_is_nearest": bool(data["soc_is_nearest"])} if "soc_is_nearest" in data else {}
            ),
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
        unknown = set(fact) - {"kind", "label", "value", "source", "source_url", "as_of"}
        if unknown:
            raise MarkdownFormatError(name, line, f"unknown fact key {sorted(unknown)[0]!r}")
        as_of = fact.get("as_of")
        if as_of not in (None, ""):
            as_of = as_of if isinstance(as_of, date) else parse_date(str(as_of))
            if as_of is None:
                raise MarkdownFormatError(name, line, f"as_of: {fact['as_of']!r} is not a date")
        parsed.facts.append(
            {
                "kind": kind,
                "label": str(fact["label"]),
                "value": str(fact["value"]),
                "source_name": str(fact.get("source") or ""),
                "source_url": str(fact.get("source_url") or ""),
                "as_of": as_of or None,
            }
        )

    sections: dict[str, list[tuple[int, str]]] = {}
    current: str | None = None
    for number, line in enumerate(body, start=first_body_line):
        if line.startswith("## "):
            heading = line[3:].strip()
            if heading not in [*SECTIONS, PAY_SECTION]:
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
    seen_stages: set[str] = set()
    for number, heading, lines in _subsections(
        sections.get(HOW_TO_BECOME, []), name, HOW_TO_BECOME
    ):
        stage = ENTRY_STAGE.get(heading)
        if stage is None:
            known = ", ".join(stage.title for stage in ENTRY_STAGES)
            raise MarkdownFormatError(
                name, number, f"{HOW_TO_BECOME}: unknown stage {heading!r} (stages: {known})"
            )
        if heading in seen_stages:
            raise MarkdownFormatError(name, number, f"{HOW_TO_BECOME}: {heading!r} appears twice")
        seen_stages.add(heading)
        parsed.fields[stage.field] = _text(lines)
    for stage in ENTRY_STAGES:
        parsed.fields.setdefault(stage.field, "")
    titles = _list_items(sections.get(ALSO_KNOWN_AS, []), name, ALSO_KNOWN_AS)
    parsed.alternate_titles = [text for _, text in titles]
    parsed.row_lines["alternate_titles"] = [number for number, _ in titles]
    parsed.row_lines["career_steps"] = []
    seen_sides: set[str] = set()
    for number, heading, lines in _subsections(sections.get(CAREER_PATH, []), name, CAREER_PATH):
        direction = DIRECTIONS.get(heading)
        if direction is None:
            known = " or ".join(repr(label) for label in DIRECTIONS)
            raise MarkdownFormatError(
                name, number, f"{CAREER_PATH}: unknown heading {heading!r} (use {known})"
            )
        if heading in seen_sides:
            raise MarkdownFormatError(name, number, f"{CAREER_PATH}: {heading!r} appears twice")
        seen_sides.add(heading)
        for item_line, item in _list_items(lines, name, f"{CAREER_PATH} / {heading}"):
            slug, text = _slug_item(item, name, item_line, "- role-slug: what the move takes")
            if not text:
                raise MarkdownFormatError(
                    name, item_line, f"{CAREER_PATH}: say what the move to {slug!r} takes"
                )
            parsed.career_steps.append((direction, slug, text))
            parsed.row_lines["career_steps"].append(item_line)
    parsed.row_lines["related_choices"] = []
    for item_line, item in _list_items(sections.get(RELATED, []), name, RELATED):
        choice, _, rest = item.partition(" ")
        if choice not in RelatedChoice.Choice.values:
            raise MarkdownFormatError(
                name,
                item_line,
                f"{RELATED}: start each line with 'pin' or 'hide' and a role's slug, not {item!r}",
            )
        slug, reason = _slug_item(rest.strip(), name, item_line, f"- {choice} role-slug: reason")
        if choice == RelatedChoice.Choice.HIDE and reason:
            raise MarkdownFormatError(
                name, item_line, f"{RELATED}: a hidden role takes no reason ({slug!r})"
            )
        parsed.related_choices.append((choice, slug, reason))
        parsed.row_lines["related_choices"].append(item_line)
    for number, question, lines in _subsections(sections.get(FAQS, []), name, FAQS):
        answer = _text(lines)
        if not answer:
            raise MarkdownFormatError(name, number, f"FAQ {question!r} has no answer")
        parsed.faqs.append((question, answer))
        parsed.row_lines["faqs"].append(number)
    return parsed
