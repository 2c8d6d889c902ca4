"""A role's saved versions as plain data, and readable differences between two of them.

django-reversion stores each save of a role together with its child rows as one revision. This
module turns a revision (or the database as it is now) into a `RoleState` and compares two
states field by field and row by row, for the admin history page and the edit-conflict message.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.text import capfirst
from reversion.models import Version

from roles.editorial.edits import editing
from roles.models import ROW_KINDS, Category, Role

# The role's own fields an editor or reader cares about, in the order of the edit form.
ROLE_FIELDS = [
    "title",
    "slug",
    "category",
    "summary",
    "overview",
    "career_outlook",
    "cover_letter",
    "meta_description",
    "status",
    "published_at",
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


@dataclass
class RowChanges:
    kind: str
    changes: list[Change] = field(default_factory=list)


def _text(model, name: str, value) -> str:
    if value is None:
        return ""
    model_field = model._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if name == "category":
        category = Category.objects.filter(pk=value).first()
        return category.name if category else f"(deleted category #{value})"
    if hasattr(value, "isoformat"):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M %Z")
    return str(value)


def _row_order(row) -> tuple[int, int]:
    return (row["position"], row["id"])


def state_of(role: Role) -> RoleState:
    """The role as it is in the database now."""
    fields = {
        name: _text(Role, name, getattr(role, Role._meta.get_field(name).attname))  # type: ignore[union-attr]  # a concrete field
        for name in ROLE_FIELDS
    }
    rows = {}
    for kind, model, names in _row_kinds():
        rows[kind] = [
            (row.pk, {name: _text(model, name, getattr(row, name)) for name in names})
            for row in model.objects.filter(role=role).order_by("position", "pk")
        ]
    return RoleState(fields, rows)


def state_from_version(version: Version) -> RoleState:
    """The role as a reversion `Version` of it recorded it, child rows from the same revision."""
    data = version.field_dict
    fields = {
        name: _text(Role, name, data[Role._meta.get_field(name).attname])  # type: ignore[union-attr]  # a concrete field
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
            (row["id"], {name: _text(model, name, row[name]) for name in names})
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


def versions_of(role_pk: int | str):
    """A role's recorded versions, newest first, with who saved them and when."""
    return (
        Version.objects.get_for_object_reference(Role, role_pk)
        .select_related("revision", "revision__user")
        .order_by("-revision__date_created", "-pk")
    )


def version_saved_as(role_pk: int, version_number: int) -> Version | None:
    """The recorded version whose `Role.version` counter was `version_number`."""
    for version in versions_of(role_pk):
        if version.field_dict.get("version") == version_number:
            return version
    return None


def record_initial_version(role_pk, user) -> None:
    """Record a role's current state if nothing is recorded yet (roles loaded from fixtures or
    created before history existed), so that a later edit conflict can say what changed."""
    import reversion

    role = Role.objects.filter(pk=role_pk).first()
    if role is None or versions_of(role.pk).exists():
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


def restore(version: Version, user) -> Role:
    """Put a role and its rows back as `version` recorded them, in one step and one revision.

    The lock counter moves forward (never back to the old number), so any form opened before the
    restore is refused; "last updated" moves only if the content differs from what it was.
    """
    import reversion

    with editing(int(version.object_id)) as edit, reversion.create_revision():
        _revert_role(version)
        role = Role.objects.get(pk=version.object_id)
        # The revert put back the old counter and date; the edit settles both.
        edit.finish(role)
        reversion.set_user(user)
        saved = timezone.localtime(version.revision.date_created).strftime("%Y-%m-%d %H:%M")
        reversion.set_comment(f"Restored the version saved on {saved}.")
    return role
