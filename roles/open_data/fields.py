"""What a model field becomes in the open data: its type in the API's schemas and its value in
JSON and CSV. One mapping for the API, the per-role `.json` and the bulk files, so that a field
or a row kind added to roles.models.ROW_KINDS appears in all of them alike, without edits here."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from django.db import models

from roles.formats.dates import machine_datetime

_TYPES: tuple[tuple[type[models.Field], Any], ...] = (
    (models.BooleanField, bool),
    (models.DecimalField, float),
    (models.FloatField, float),
    (models.IntegerField, int),  # and every integer field, which subclass it
    (models.DateTimeField, datetime),  # before DateField, its base
    (models.DateField, date),
    (models.CharField, str),  # slugs, URLs and e-mail addresses too
    (models.TextField, str),
)


def python_type(field: models.Field) -> Any:
    """The type a reader gets for `field`: a related object by its key, a choice as one of its
    values (an enum in the schema), nothing as None when the field may be empty in the
    database. A field of another kind is left untyped rather than refused: a new kind of field
    must not take the API down."""
    target = getattr(field, "target_field", None)  # a ForeignKey's
    if field.is_relation and target is not None:
        kind = python_type(target)
    elif field.choices:
        kind = Literal[tuple(str(value) for value, _ in field.flatchoices)]
    else:
        kind = next((t for base, t in _TYPES if isinstance(field, base)), Any)
    return kind | None if field.null and kind is not Any else kind


def json_value(value: Any) -> Any:
    """A stored value as JSON carries it: decimals as numbers, dates as ISO text (moments in
    UTC to the millisecond, as on the pages), a related object by its key."""
    if isinstance(value, models.Model):
        value = value.pk
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime | date):
        return machine_datetime(value)
    return value


def csv_value(value: Any) -> str:
    """A JSON value as a CSV cell: nothing as an empty cell, true/false in words."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def field_value(instance: models.Model, name: str) -> Any:
    field = instance._meta.get_field(name)
    return json_value(getattr(instance, field.attname))  # type: ignore[union-attr]
