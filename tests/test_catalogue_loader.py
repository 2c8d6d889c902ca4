"""The tests' fast catalogue loader (tests.catalogue.load_shipped_catalogue) writes what
`manage.py loaddata categories roles` writes, so tests on it test the shipped catalogue."""

from __future__ import annotations

from datetime import datetime

from django.core.management import call_command
from django.utils import timezone

from roles.models import Category, Role
from tests.catalogue import _shipped_rows, load_shipped_catalogue
from tests.conftest import PAY_SAMPLE


def _snapshot(since: datetime) -> dict[str, list[dict]]:
    """Every row the fixtures load; a time the load took from the clock (a field the fixtures
    leave to its default) reads "now"."""
    return {
        model._meta.label: [
            {k: "now" if isinstance(v, datetime) and v >= since else v for k, v in row.items()}
            for row in model.objects.order_by("pk").values()
        ]
        for model, _ in _shipped_rows()
    }


def test_fast_loader_writes_the_rows_and_search_that_loaddata_writes(db):
    started = timezone.now()
    call_command("load_wages", str(PAY_SAMPLE), verbosity=0)
    call_command("loaddata", "categories", "roles", verbosity=0)
    by_loaddata = _snapshot(since=started)
    found_by_loaddata = list(
        Role.objects.published().search("cloud security").values_list("slug", flat=True)
    )
    Role.objects.all().delete()
    Category.objects.all().delete()

    load_shipped_catalogue()

    assert _snapshot(since=started) == by_loaddata
    assert (
        list(Role.objects.published().search("cloud security").values_list("slug", flat=True))
        == found_by_loaddata
    )
    assert found_by_loaddata
    # Sequences follow the loaded ids: a new row takes the next free one.
    assert Category.objects.create(name="New", slug="new").pk > max(
        c["id"] for c in by_loaddata["roles.Category"]
    )
