"""What the shipped fixtures hold, read from the files, so tests about the catalogue follow it
as it grows instead of hard-coding its size."""

from __future__ import annotations

import json
from functools import cache

from django.conf import settings
from django.db import models

FIXTURES = ("categories.json", "roles.json")


def _fixture_items(name: str) -> list[dict]:
    return json.loads((settings.FIXTURE_DIRS[0] / name).read_text(encoding="utf-8"))


def shipped(model: str) -> int:
    """How many rows of a model ("roles.role") the fixtures ship."""
    return sum(item["model"] == model for name in FIXTURES for item in _fixture_items(name))


def generated_catalogue(size: int) -> None:
    """`size` generated roles in four categories (seeded by the size, so each size is one
    catalogue) with the test pay release: what query-count tests compare at 10 and 1,000."""
    from django.core.management import call_command

    from tests.conftest import PAY_SAMPLE

    call_command("generate_roles", count=size, seed=size, categories=4, verbosity=0)
    call_command("load_wages", str(PAY_SAMPLE), verbosity=0)


def first_generated_role_with_pay():
    """The first public generated role, given the SOC code of the test pay release's Data
    Scientists (15-2051) so that its pages show pay."""
    from roles.models import Role
    from roles.synthetic import SLUG_PREFIX

    role = Role.objects.published().filter(slug__startswith=SLUG_PREFIX).order_by("pk").first()
    Role.objects.filter(pk=role.pk).update(soc="15-2051")
    return role


@cache
def _shipped_rows() -> tuple[tuple[type[models.Model], tuple[dict, ...]], ...]:
    """The fixtures' rows, model by model in file order, as the values of the fields they hold
    (the others take their defaults when a test loads them): read and deserialized once per
    test run."""
    from django.core import serializers

    rows: dict[type[models.Model], list[dict]] = {}
    for name in FIXTURES:
        items = _fixture_items(name)
        for item, loaded in zip(items, serializers.deserialize("python", items), strict=True):
            assert not loaded.m2m_data, "bulk loading does not write many-to-many rows"
            values = {
                f.attname: getattr(loaded.object, f.attname)
                for f in loaded.object._meta.concrete_fields
                if f.name in item["fields"] or f.primary_key
            }
            rows.setdefault(type(loaded.object), []).append(values)
    return tuple((model, tuple(values)) for model, values in rows.items())


def load_shipped_catalogue() -> None:
    """What `manage.py loaddata categories roles` writes, in one INSERT per model instead of a
    save per row (a few seconds per test on PostgreSQL): rows already there (the pay release's
    occupations) are updated, sequences reset, and the derived data refreshed as the command's
    signals would."""
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from roles import derived
    from roles.models import Category, Role

    loaded = []
    ids: dict[type[models.Model], list] = {}
    with transaction.atomic():
        for model, rows in _shipped_rows():
            pk = model._meta.pk
            assert pk is not None
            fields = [f.name for f in model._meta.concrete_fields if not f.primary_key]
            model.objects.bulk_create(
                [model(**values) for values in rows],
                update_conflicts=True,
                unique_fields=[pk.name],
                update_fields=fields,
            )
            # bulk_create stamps auto_now(_add) fields with the time; loaddata keeps the file's.
            stamped = [f.name for f in model._meta.concrete_fields if _stamped(f)]
            if stamped:
                model.objects.bulk_update([model(**values) for values in rows], stamped)
            loaded.append(model)
            ids[model] = [values[pk.attname] for values in rows]
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), loaded):
                cursor.execute(statement)
        derived.refresh(role_ids=ids[Role], category_ids=ids[Category])


def _stamped(field: models.Field) -> bool:
    return bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))
