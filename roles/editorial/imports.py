"""Importing roles from Markdown files (roles/formats/markdown_io.py reads them): all or
nothing, each changed role one edit (roles/editorial/edits.py) with its own revision."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from roles import derived
from roles.content import RoleContent
from roles.editorial.edits import RoleEdit
from roles.formats.markdown_io import MarkdownFormatError, ParsedRole, parse_role
from roles.models import (
    FAQ,
    AlternateTitle,
    CareerStep,
    Category,
    Duty,
    Fact,
    QualificationGroup,
    RelatedChoice,
    Role,
)


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
    # Locked for the rest of the import's transaction, as RoleEdit.begin would.
    role = Role.objects.select_for_update().filter(slug=parsed.fields["slug"]).first()
    fields = {**parsed.fields, "category": category}
    rows = _rows(parsed)
    # Dates a file leaves out: an existing role keeps its own (so importing the same file again
    # changes nothing); "last updated" then moves only if the content changes.
    dated = fields["content_updated_at"] is not None
    if role is None:
        edit = RoleEdit(None)
        fields["content_updated_at"] = fields["content_updated_at"] or timezone.now()
        if fields["published_at"] is None and fields["status"] == Role.Status.PUBLISHED:
            fields["published_at"] = timezone.now()
        role = Role(**fields)
    else:
        if fields["published_at"] is None and fields["status"] == Role.Status.PUBLISHED:
            fields["published_at"] = role.published_at
        if not dated:
            fields["content_updated_at"] = role.content_updated_at
        fields.setdefault("soc_id", role.soc_id)
        fields.setdefault("soc_is_nearest", role.soc_is_nearest)
        stored = RoleContent.of(role)
        if stored == RoleContent.of(Role(**fields), rows=rows):
            return role, False
        edit = RoleEdit(role, content=stored)
        for name, value in fields.items():
            setattr(role, name, value)
    role.version = edit.counter
    try:
        role.full_clean()
    except ValidationError as error:
        line = min(parsed.key_lines.get(key, 2) for key in error.message_dict)
        raise MarkdownFormatError(parsed.name, line, _problems(error)) from None
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
                instance.tidy()  # bulk_create skips save(), which tidies
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
        "alternate_titles": [AlternateTitle(title=title) for title in parsed.alternate_titles],
        "career_steps": [
            CareerStep(direction=direction, other_slug=slug, what_it_takes=text)
            for direction, slug, text in parsed.career_steps
        ],
        "related_choices": [
            RelatedChoice(choice=choice, other_slug=slug, reason=reason)
            for choice, slug, reason in parsed.related_choices
        ],
    }


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
