"""No lost updates: the role and category forms carry the `version` they were opened at.

When a colleague saved the role in the meantime the save is refused, the form comes back with the
editor's own text untouched, and `RoleForm.conflict` lists what the colleague changed (fields and
rows). The refused form then carries the newer version number, so saving again after reviewing
the changes is a deliberate choice, not an accident.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from roles.content import SECTIONS, Section, comparable
from roles.editorial import history
from roles.models import Category, Role

CONFLICT_MESSAGE = (
    "Someone else saved this after you opened it, and you both changed the fields listed "
    "above. Their other changes are kept in the form below, yours too. Choose what each listed "
    "field should say, then save again."
)


@dataclass
class Conflict:
    saved_version: int
    field_changes: list[history.Change]
    row_changes: list[history.RowChanges]
    known: bool  # False when the version the editor opened was never recorded


class LockedForm(forms.ModelForm):
    """The edit form of a model with a `version` counter (roles and categories): it carries the
    version it was opened at and merges with any save made since (see _merge)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    conflict: Conflict | None = None

    def clean(self) -> dict:
        cleaned: dict = super().clean()  # type: ignore[assignment]  # ModelForm's returns cleaned_data
        if self.instance.pk is None:
            return cleaned
        model = type(self.instance)
        # Inside the admin's transaction: the row stays locked until this save is done, so two
        # saves cannot both pass the check (on PostgreSQL; SQLite serialises writes anyway).
        current = (
            model._default_manager.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        submitted = cleaned.get("version")
        if current is None or submitted == current:
            return cleaned
        return self._merge(cleaned, submitted, current)

    def _merge(self, cleaned: dict, opened: int | None, current: int) -> dict:
        """Someone saved since this form was opened: a three-way merge of the role's fields.
        A field only they changed keeps their value, a field only this editor changed takes
        the editor's; if none was changed by both, the save goes through. Otherwise it is
        refused, the form comes back holding the merged values, and only the fields both
        changed are listed for a decision (saving again then keeps the editor's)."""
        model = type(self.instance)
        opened_version = (
            history.version_saved_as(self.instance.pk, opened, model)
            if opened is not None
            else None
        )
        if opened_version is None:
            self.conflict = Conflict(current, [], [], known=False)
            self._carry(current, {})
            raise ValidationError(CONFLICT_MESSAGE, code="edit_conflict")
        base = opened_version.field_dict
        theirs = model._default_manager.get(pk=self.instance.pk)
        kept, clashes = {}, []
        for name in self.fields:
            if name == "version" or name not in cleaned:
                continue
            model_field, attname = model._meta.get_field(name), _attname(model, name)
            mine = comparable(model_field, cleaned[name])
            was = comparable(model_field, base.get(attname))
            now = comparable(model_field, getattr(theirs, attname))
            if mine == was and now != was:
                kept[name] = getattr(theirs, name)
            elif mine != was and now != was and mine != now:
                clashes.append(name)
        cleaned.update(kept)
        # Shown again with the newer counter and the merged values if the rows are refused.
        self._carry(current, kept)
        if not clashes:
            return cleaned
        fields = [
            history.Change(
                str(self.fields[name].label),
                history.field_text(model, name, getattr(theirs, _attname(model, name))),
                history.field_text(model, name, _raw(cleaned[name])),
            )
            for name in clashes
        ]
        self.conflict = Conflict(current, fields, [], known=True)
        raise ValidationError(CONFLICT_MESSAGE, code="edit_conflict")

    def _carry(self, current: int, kept: dict) -> None:
        """The form as shown again: the newer counter, and their values where only they
        changed a field, so that saving it again loses none of their work."""
        data = self.data.copy()  # type: ignore[attr-defined]  # the admin binds a QueryDict
        data[self.add_prefix("version")] = str(current)
        for name, value in kept.items():
            key = self.add_prefix(name)
            if isinstance(self.fields[name].widget, forms.MultiWidget):  # date and time
                local = timezone.localtime(value) if value else None
                data[f"{key}_0"] = local.date().isoformat() if local else ""
                data[f"{key}_1"] = local.strftime("%H:%M:%S") if local else ""
            else:
                data[key] = "" if value is None else str(_raw(value))
        self.data = data


def _attname(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    return field.attname if isinstance(field, models.Field) else name


def _raw(value: Any) -> Any:
    return getattr(value, "pk", value)


class RoleForm(LockedForm):
    """A role's edit form: the lock, and the sections a published role may not leave empty."""

    class Meta:
        model = Role
        fields = ["version"]  # the admin adds the fieldsets' fields

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("status") == Role.Status.PUBLISHED:
            for section in SECTIONS:
                if (
                    section.source in self.fields
                    and section.source not in self.errors  # refused for another reason
                    and not (cleaned.get(section.source) or "").strip()
                ):
                    self.add_error(section.source, needed_to_publish(section))
        return cleaned


class CategoryForm(LockedForm):
    class Meta:
        model = Category
        fields = ["version"]  # the admin adds its fields


def needed_to_publish(section: Section) -> str:
    return f"A published role needs its {section.title} section: fill it in, or save as a draft."


class RoleRows(forms.BaseInlineFormSet):
    """An inline of a role's rows that refuses rows another editor changed too since the form
    was opened (roles/editorial/merge.py)."""

    def __init__(self, *args: Any, merge_conflicts: list[str] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.merge_conflicts = merge_conflicts or []

    def clean(self) -> None:
        super().clean()
        if self.merge_conflicts:
            raise ValidationError(
                "Someone else changed these rows too since you opened the form; check them "
                "and save again to keep yours: " + "; ".join(self.merge_conflicts) + ".",
                code="edit_conflict",
            )


class RowsNeededToPublish(RoleRows):
    """Role rows that a published role may not leave empty."""

    def clean(self) -> None:
        super().clean()
        if self.instance.status != Role.Status.PUBLISHED:
            return
        kept = [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
        ]
        if not kept:
            section = next(s for s in SECTIONS if s.source == self.prefix)
            raise ValidationError(needed_to_publish(section), code="needed_to_publish")
