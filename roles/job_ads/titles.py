"""The editorial guide's rule for job titles (docs/editorial-guide.md, "Job titles"): the plain
occupational title readers search for, with no location, pay, all capitals or emoji."""

from __future__ import annotations

import re
import unicodedata

from roles.job_ads.places import STATE_CODE_AFTER_COMMA, STATE_IN_TEXT

# Words that put a place or a way of working in the title: they belong under Location.
WORKPLACE_WORDS = re.compile(r"\b(remote|hybrid|on-?site|work from home|wfh)\b", re.IGNORECASE)
# A pay figure: "$", "80k", "80,000", "per hour", "/hr".
PAY_IN_TEXT = re.compile(
    r"[$€£]|\b\d+(?:\.\d+)?\s?k\b|\b\d{1,3}(?:,\d{3})+\b|\bper\s+(?:hour|year|annum)\b|/\s?(?:hr|hour|yr)\b",
    re.IGNORECASE,
)
# Fewer capital letters than this in a row is an acronym ("AI", "HVAC"), not shouting.
SHOUTING_LETTERS = 6


def _is_pictograph(char: str) -> bool:
    return unicodedata.category(char) == "So" or 0x1F000 <= ord(char) <= 0x1FAFF


def title_problems(title: str, city: str = "") -> list[str]:
    """What the guide would change in a title, each said as an instruction; empty when fine."""
    problems = []
    letters = [c for c in title if c.isalpha()]
    if len(letters) >= SHOUTING_LETTERS and all(c.isupper() for c in letters):
        problems.append(
            'Write the title in ordinary capitals ("Registered Nurse"), not all capitals.'
        )
    if PAY_IN_TEXT.search(title):
        problems.append("Leave pay out of the title: it goes in the pay range below.")
    city = city.strip()
    if (
        STATE_IN_TEXT.search(title)
        or STATE_CODE_AFTER_COMMA.search(title)
        or WORKPLACE_WORDS.search(title)
        or (len(city) >= 3 and re.search(rf"\b{re.escape(city)}\b", title, re.IGNORECASE))
    ):
        problems.append("Leave the location out of the title: it goes under Location.")
    if any(_is_pictograph(c) for c in title):
        problems.append("Leave emoji and symbols out of the title.")
    return problems
