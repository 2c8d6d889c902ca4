"""A role's saved versions as plain data, and readable differences between two of them.

django-reversion stores each save of a role together with its child rows as one revision. This
module turns a revision (or the database as it is now) into a `RoleState` and compares two
states field by field and row by row, for the admin history page and the edit-conflict message.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import models
from django.template.defaultfilters import linebreaksbr
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from reversion.models import Version

from roles.content import EDITORIAL_FIELDS, READER_FIELDS, REVIEW_FIELDS
from roles.editorial.edits import editing
from roles.models import ROW_KINDS, Category, Role

# The role's own fields an editor or reader cares about (roles/content.py declares them).
ROLE_FIELDS = [
    name.removesuffix("_id") for name in (*READER_FIELDS, *EDITORIAL_FIELDS, *REVIEW_FIELDS)
]


def _row_kinds():
    return [(kind.related_name, kind.model, kind.fields) for kind in ROW_KINDS]


@dataclass
class RoleState:
    """A role as an editor sees it: its fields as text and its rows in display order."""

    fields: dict[str, str]
    rows: dict[str, list[tuple[int, dict[str, str]]]]  # kind -> [(pk, {field: text})]


@dataclass
class Change:
    what: str
    before: str = ""
    after: str = ""

    @property
    def marked(self) -> tuple[SafeString, SafeString]:
        """(before, after) as HTML with the words that differ marked (<del>, <ins>)."""
        return word_diff(self.before, self.after)

    @property
    def before_html(self) -> SafeString:
        return self.marked[0]

    @property
    def after_html(self) -> SafeString:
        return self.marked[1]


# Unchanged words kept on each side of a change; longer unchanged runs are cut to "…", so a
# one-sentence edit of a long overview shows that sentence, not the whole field twice.
CONTEXT_WORDS = 12
_TOKENS = re.compile(r"\s+|[^\s]+")


def word_diff(before: str, after: str) -> tuple[SafeString, SafeString]:
    """Both texts as HTML, escaped, with deleted words in <del> on the left and inserted ones in
    <ins> on the right, and long unchanged stretches shortened; line breaks kept."""
    old, new = _TOKENS.findall(before), _TOKENS.findall(after)
    left: list[str] = []
    right: list[str] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    opcodes = matcher.get_opcodes()
    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            same = _shortened(old[i1:i2], first=index == 0, last=index == len(opcodes) - 1)
            left.append(same)
            right.append(same)
            continue
        if i2 > i1:
            left.append(f"<del>{_html(old[i1:i2])}</del>")
        if j2 > j1:
            right.append(f"<ins>{_html(new[j1:j2])}</ins>")
    return mark_safe("".join(left)), mark_safe("".join(right))  # every piece escaped by _html


def _html(tokens: list[str]) -> str:
    return str(linebreaksbr(escape("".join(tokens))))


def _shortened(tokens: list[str], first: bool, last: bool) -> str:
    words = [i for i, token in enumerate(tokens) if not token.isspace()]
    keep_before = 0 if first else CONTEXT_WORDS
    keep_after = 0 if last else CONTEXT_WORDS
    if len(words) <= keep_before + keep_after + 3:
        return _html(tokens)
    head = tokens[: words[keep_before - 1] + 1] if keep_before else []
    tail = tokens[words[len(words) - keep_after] :] if keep_after else []
    return _html(head) + (" … " if head or tail else "…") + _html(tail)


@dataclass
class RowChanges:
    kind: str
    changes: list[Change] = field(default_factory=list)


def field_text(model, name: str, value) -> str:
    if value is None:
        return ""
    model_field = model._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if name == "category":
        category = Category.objects.filter(pk=value).first()
        return category.name if category else f"(deleted category #{value})"
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M %Z")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _row_order(row) -> tuple[int, int]:
    return (row["position"], row["id"])


def state_of(role: Role) -> RoleState:
    """The role as it is in the database now."""
    fields = {
        name: field_text(Role, name, getattr(role, Role._meta.get_field(name).attname))  # type: ignore[union-attr]  # a concrete field
        for name in ROLE_FIELDS
    }
    rows = {}
    for kind, model, names in _row_kinds():
        rows[kind] = [
            (row.pk, {name: field_text(model, name, getattr(row, name)) for name in names})
            for row in model.objects.filter(role=role).order_by("position", "pk")
        ]
    return RoleState(fields, rows)


def state_from_version(version: Version) -> RoleState:
    """The role as a reversion `Version` of it recorded it, child rows from the same revision."""
    data = version.field_dict
    fields = {
        name: field_text(Role, name, data[Role._meta.get_field(name).attname])  # type: ignore[union-attr]  # a concrete field
        for name in ROLE_FIELDS
    }
    siblings = list(version.revision.version_set.all())
    rows = {}
    for kind, model, names in _row_kinds():
        found = [
            v.field_dict
            for v in siblings
            if v._model is model and str(v.field_dict["role_id"]) == str(version.object_id)
        ]
        rows[kind] = [
            (row["id"], {name: field_text(model, name, row[name]) for name in names})
            for row in sorted(found, key=_row_order)
        ]
    return RoleState(fields, rows)


def _row_label(model, values: dict[str, str]) -> str:
    first = next(iter(values.values()), "")
    first = first if len(first) <= 60 else first[:57] + "..."
    return f'{capfirst(model._meta.verbose_name)} "{first}"'


def diff_states(old: RoleState, new: RoleState) -> tuple[list[Change], list[RowChanges]]:
    """Field changes, then row changes per kind: rows added, removed, edited or moved."""
    field_changes = [
        Change(
            str(Role._meta.get_field(name).verbose_name).capitalize(),  # type: ignore[union-attr]  # a concrete field
            old.fields[name],
            new.fields[name],
        )
        for name in ROLE_FIELDS
        if old.fields[name] != new.fields[name]
    ]
    row_changes = []
    for kind, model, names in _row_kinds():
        before = dict(old.rows[kind])
        after = dict(new.rows[kind])
        changes = []
        for pk, values in old.rows[kind]:
            if pk not in after:
                changes.append(
                    Change(f"Removed {_row_label(model, values)}", "\n".join(values.values()), "")
                )
        for pk, values in new.rows[kind]:
            if pk not in before:
                changes.append(
                    Change(f"Added {_row_label(model, values)}", "", "\n".join(values.values()))
                )
                continue
            for name in names:
                if before[pk][name] != values[name]:
                    label = model._meta.get_field(name).verbose_name
                    changes.append(
                        Change(
                            f"{_row_label(model, before[pk])}: {label}",
                            before[pk][name],
                            values[name],
                        )
                    )
        kept_old = [pk for pk, _ in old.rows[kind] if pk in after]
        kept_new = [pk for pk, _ in new.rows[kind] if pk in before]
        if kept_old != kept_new:
            changes.append(
                Change(
                    "Order changed",
                    "\n".join(_row_label(model, before[pk]) for pk in kept_old),
                    "\n".join(_row_label(model, after[pk]) for pk in kept_new),
                )
            )
        if changes:
            row_changes.append(RowChanges(capfirst(model._meta.verbose_name_plural), changes))
    return field_changes, row_changes


def versions_of(role_pk: int | str, model: type[models.Model] = Role):
    """A role's (or a category's) recorded versions, newest first, with who saved them and
    when."""
    return (
        Version.objects.get_for_object_reference(model, role_pk)
        .select_related("revision", "revision__user")
        .order_by("-revision__date_created", "-pk")
    )


def version_saved_as(
    role_pk: int, version_number: int, model: type[models.Model] = Role
) -> Version | None:
    """The recorded version whose `version` counter was `version_number`."""
    for version in versions_of(role_pk, model):
        if version.field_dict.get("version") == version_number:
            return version
    return None


def record_initial_version(role_pk, user, model: type[models.Model] = Role) -> None:
    """Record a role's (or category's) current state if nothing is recorded yet (loaded from
    fixtures or created before history existed), so that a later edit can be merged."""
    import reversion

    role = model._default_manager.filter(pk=role_pk).first()
    if role is None or versions_of(role.pk, model).exists():
        return
    with reversion.create_revision():
        reversion.add_to_revision(role)
        reversion.set_user(user)
        reversion.set_comment("State before the first recorded edit.")


def _revert_role(version: Version) -> None:
    """Put back the role and its rows as recorded in `version`'s revision, and only those: a
    revision may hold other objects too."""
    role_pk = str(version.object_id)
    rows = [
        v
        for v in version.revision.version_set.all()
        if v._model in {kind.model for kind in ROW_KINDS}
        and str(v.field_dict["role_id"]) == role_pk
    ]
    for model in (kind.model for kind in ROW_KINDS):
        kept = [v.object_id for v in rows if v._model is model]
        model.objects.filter(role_id=role_pk).exclude(pk__in=kept).delete()
    version.revert()
    for row in rows:
        row.revert()


class RestoreRefused(Exception):
    """A recorded version that cannot be put back as it is; the message says why."""


def restore_problem(version: Version) -> str | None:
    """Why the version cannot be restored now, in words (its address or category is gone or
    taken), or None."""
    data = version.field_dict
    if Role.objects.filter(slug=data["slug"]).exclude(pk=version.object_id).exists():
        return (
            f"Another role now has the address {data['slug']!r} this version used. Give one of "
            "the two roles another slug first, then restore."
        )
    if not Category.objects.filter(pk=data["category_id"]).exists():
        return "The category this version was in has been deleted; restore it or pick another."
    return None


def restore(version: Version, user) -> Role:
    """Put a role and its rows back as `version` recorded them, in one step and one revision.

    The lock counter moves forward (never back to the old number), so any form opened before the
    restore is refused; "last updated" moves only if the content differs from what it was.
    """
    import reversion

    problem = restore_problem(version)
    if problem:
        raise RestoreRefused(problem)
    with editing(int(version.object_id)) as edit, reversion.create_revision():
        _revert_role(version)
        role = Role.objects.get(pk=version.object_id)
        # The revert put back the old counter and date; the edit settles both.
        edit.finish(role)
        reversion.set_user(user)
        saved = timezone.localtime(version.revision.date_created).strftime("%Y-%m-%d %H:%M")
        reversion.set_comment(f"Restored the version saved on {saved}.")
    return role
