from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

SAMPLE = Path(__file__).resolve().parent / "data" / "oews-sample.sqlite.gz"


@pytest.fixture
def pay_data(db):
    """The small release in tests/wages/data: 149 occupations in 8 areas (the nation, four
    states, two metro areas and a nonmetropolitan area), taken from the May 2025 release."""
    call_command("load_wages", str(SAMPLE), verbosity=0)
