"""What the shipped fixtures hold, read from the files, so tests about the catalogue follow it
as it grows instead of hard-coding its size."""

from __future__ import annotations

import json

from django.conf import settings


def shipped(model: str) -> int:
    """How many rows of a model ("roles.role") the fixtures ship."""
    return sum(
        item["model"] == model
        for name in ("categories.json", "roles.json")
        for item in json.loads((settings.FIXTURE_DIRS[0] / name).read_text(encoding="utf-8"))
    )
