from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone


@pytest.fixture
def clock(monkeypatch):
    """A clock the test can move forward; everything that asks timezone.now() sees it."""
    real_now = timezone.now
    offset = {"by": timedelta(0)}
    monkeypatch.setattr(timezone, "now", lambda: real_now() + offset["by"])

    def advance(delta: timedelta) -> None:
        offset["by"] += delta

    return advance
