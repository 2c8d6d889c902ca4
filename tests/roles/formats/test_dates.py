"""Dates as machines read them (roles/formats/dates.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from roles.formats.dates import machine_datetime


@pytest.mark.parametrize(
    ("moment", "machine"),
    [
        (datetime(2026, 12, 1, 19, 21, 37, 431377, tzinfo=UTC), "2026-12-01T19:21:37.431Z"),
        (datetime(2026, 12, 1, 19, 21, 37, tzinfo=UTC), "2026-12-01T19:21:37Z"),
        (
            datetime(2026, 12, 1, 20, 21, 37, 5, tzinfo=timezone(timedelta(hours=1))),
            "2026-12-01T19:21:37.000Z",
        ),
        (date(2026, 12, 1), "2026-12-01"),
        (None, ""),
    ],
)
def test_machine_dates_are_utc_to_the_millisecond_at_most(moment, machine):
    assert machine_datetime(moment) == machine
