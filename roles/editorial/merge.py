"""Three-way merge of a role's rows when two editors saved the same role (see RoleForm for
the role's own fields).

The inline forms an editor posts hold the rows as they were when the form was opened (the
recorded version it carries). A row the editor left as it was takes the other editor's
current text, or leaves the form if the other editor deleted it; a row the editor changed is
saved, unless the other editor changed it too: then it is a conflict for a decision.
"""

from __future__ import annotations

import re
from typing import Any

from django.http import QueryDict
from reversion.models import Version

from roles.content import comparable
from roles.models import ROW_KINDS, Role, RowKind


def rows_of(version: Version, kind: RowKind) -> dict[str, dict[str, Any]]:
    """A kind of row of the role as `version`'s revision recorded them, by primary key."""
    return {
        str(sibling.object_id): sibling.field_dict
        for sibling in version.revision.version_set.all()
        if sibling._model is kind.model and str(sibling.field_dict["role_id"]) == version.object_id
    }


def _as_posted(model_field: Any, value: Any) -> str:
    """A value as the inline form posts it, compared as the field stores it."""
    return str(comparable(model_field, value))


def merge_rows(
    role: Role, data: QueryDict, prefix: str, opened: Version
) -> tuple[QueryDict, list[str]]:
    """The posted inline data of one kind of row, merged with what was saved since `opened`;
    and a description of each row both editors changed."""
    kind = next(k for k in ROW_KINDS if k.related_name == prefix)
    fields = ("position", *kind.fields)
    model_fields = {f: kind.model._meta.get_field(f) for f in fields}

    def same(a: Any, b: Any, f: str) -> bool:
        return _as_posted(model_fields[f], a) == _as_posted(model_fields[f], b)

    base = rows_of(opened, kind)
    current = {str(row.pk): row for row in kind.model.objects.filter(role=role)}
    forms = _forms(data, prefix)
    kept, conflicts = [], []
    for form in forms:
        pk = (form.get("id") or [""])[0]
        if not pk or pk not in base:
            kept.append(form)  # a row this editor added
            continue
        untouched = "DELETE" not in form and all(
            same((form.get(f) or [""])[0], base[pk].get(f), f) for f in fields
        )
        now = current.get(pk)
        if now is None:
            if not untouched and "DELETE" not in form:
                conflicts.append(f'{kind.model._meta.verbose_name} "{_first(form, kind)}"')
                kept.append(form)
            continue  # they deleted it: so is the form
        theirs = {f: _as_posted(model_fields[f], getattr(now, f)) for f in fields}
        changed_by_them = not all(same(theirs[f], base[pk].get(f), f) for f in fields)
        if untouched:
            form.update({f: [value] for f, value in theirs.items()})
        elif changed_by_them and not all(
            same((form.get(f) or [""])[0], theirs[f], f) for f in fields
        ):
            conflicts.append(f'{kind.model._meta.verbose_name} "{_first(form, kind)}"')
        kept.append(form)
    return _with_forms(data, prefix, kept), conflicts


def _first(form: dict[str, list[str]], kind: RowKind) -> str:
    text = (form.get(kind.fields[-1]) or [""])[0]
    return text if len(text) <= 60 else text[:57] + "..."


_FORM_KEY = re.compile(r"^(?P<prefix>.+)-(?P<index>\d+)-(?P<field>.+)$")


def _forms(data: QueryDict, prefix: str) -> list[dict[str, list[str]]]:
    total = int(data.get(f"{prefix}-TOTAL_FORMS") or 0)
    forms: list[dict[str, list[str]]] = [{} for _ in range(total)]
    for key, values in data.lists():
        match = _FORM_KEY.match(key)
        if match and match["prefix"] == prefix and int(match["index"]) < total:
            forms[int(match["index"])][match["field"]] = values
    return forms


def _with_forms(data: QueryDict, prefix: str, forms: list[dict[str, list[str]]]) -> QueryDict:
    """`data` with this prefix's forms replaced by `forms`, renumbered, and the counts of
    forms (and of forms for stored rows) set to match."""
    merged = QueryDict(mutable=True)
    for key, values in data.lists():
        match = _FORM_KEY.match(key)
        if not (match and match["prefix"] == prefix):
            merged.setlist(key, values)
    stored = 0
    for index, form in enumerate(forms):
        for field, values in form.items():
            merged.setlist(f"{prefix}-{index}-{field}", values)
        stored += bool((form.get("id") or [""])[0])
    merged[f"{prefix}-TOTAL_FORMS"] = str(len(forms))
    merged[f"{prefix}-INITIAL_FORMS"] = str(stored)
    return merged
