"""No lost updates: the role form carries the `Role.version` it was opened at.

When a colleague saved the role in the meantime the save is refused, the form comes back with the
editor's own text untouched, and `RoleForm.conflict` lists what the colleague changed (fields and
rows). The refused form then carries the newer version number, so saving again after reviewing
the changes is a deliberate choice, not an accident.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError

from roles.content import SECTIONS, Section
from roles.editorial import history
from roles.models import Role

CONFLICT_MESSAGE = (
    "Someone else saved this role after you opened it. Your text is still in the form below; "
    "the changes they made are listed above it. Merge what you need, then save again."
)


@dataclass
class Conflict:
    saved_version: int
    field_changes: list[history.Change]
    row_changes: list[history.RowChanges]
    known: bool  # False when the version the editor opened was never recorded


class RoleForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Role
        fields = ["version"]  # the admin adds the fieldsets' fields

    conflict: Conflict | None = None

    def clean(self) -> dict:
        cleaned: dict = super().clean()  # type: ignore[assignment]  # ModelForm's returns cleaned_data
        if cleaned.get("status") == Role.Status.PUBLISHED:
            for section in SECTIONS:
                if (
                    section.source in self.fields
                    and not (cleaned.get(section.source) or "").strip()
                ):
                    self.add_error(section.source, needed_to_publish(section))
        if self.instance.pk is None:
            return cleaned
        # Inside the admin's transaction: the row stays locked until this save is done, so two
        # saves cannot both pass the check (on PostgreSQL; SQLite serialises writes anyway).
        current = (
            Role.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        submitted = cleaned.get("version")
        if current is None or submitted == current:
            return cleaned
        self.conflict = describe_conflict(self.instance.pk, submitted, current)
        data = self.data.copy()  # type: ignore[attr-defined]  # the admin binds a QueryDict
        data[self.add_prefix("version")] = str(current)
        self.data = data
        raise ValidationError(CONFLICT_MESSAGE, code="edit_conflict")


def needed_to_publish(section: Section) -> str:
    return f"A published role needs its {section.title} section: fill it in, or save as a draft."


class RowsNeededToPublish(forms.BaseInlineFormSet):
    """An inline of a role's rows that a published role may not leave empty."""

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


def describe_conflict(role_pk: int, opened: int | None, current: int) -> Conflict:
    """What changed between the version an editor opened and the one saved now."""
    opened_version = history.version_saved_as(role_pk, opened) if opened is not None else None
    if opened_version is None:
        return Conflict(current, [], [], known=False)
    fields, rows = history.diff_states(
        history.state_from_version(opened_version),
        history.state_of(Role.objects.get(pk=role_pk)),
    )
    return Conflict(current, fields, rows, known=True)
