"""The AI impact scale: the one scale every role's "AI impact" fact uses, shown to readers at
/ai-impact/ and documented in docs/editorial-guide.md. A fact's value starts with a level's
name and a colon ("Moderate: AI drafts ..."); the level describes how much of the role's work
current AI tools already do or speed up, judged task by task, not a forecast of employment."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Level:
    rank: int
    name: str
    criteria: str


LEVELS = (
    Level(
        1,
        "Minimal",
        "Almost all of the core work is physical, done in person or rests on trust built face "
        "to face; AI touches only scheduling or records.",
    ),
    Level(
        2,
        "Low",
        "AI helps with the paperwork around the job (notes, reports, estimates, ordering), but "
        "the core tasks need hands, presence or a license holder's judgment.",
    ),
    Level(
        3,
        "Moderate",
        "A meaningful share of the tasks, typically a quarter to a half, is information work "
        "that AI drafts or speeds up under review; the job changes in how it is done, not in "
        "whether it is needed.",
    ),
    Level(
        4,
        "High",
        "Most tasks are information work that AI can draft or perform with human review; the "
        "mix of tasks, and entry-level work above all, is shifting now.",
    ),
    Level(
        5,
        "Very high",
        "AI already produces the main output to an acceptable standard for many buyers; "
        "pressure on hiring or rates is visible in the role today.",
    ),
)

_LONGEST_FIRST = sorted(LEVELS, key=lambda level: -len(level.name))
_LEVEL = re.compile(
    r"^\s*(" + "|".join(re.escape(lv.name) for lv in _LONGEST_FIRST) + r")\s*:", re.I
)


def roles_by_level(facts) -> list[tuple[Level, list]]:
    """Each level with the roles whose "AI impact" fact rates them so, given those facts (with
    their roles), in the scale's order; a fact off the scale is left out."""
    found: dict[int, list] = {level.rank: [] for level in LEVELS}
    for fact in facts:
        level = level_of(fact.value)
        if level is not None:
            found[level.rank].append(fact.role)
    return [(level, found[level.rank]) for level in LEVELS]


def level_of(value: str) -> Level | None:
    """The scale's level a fact's value starts with ("High: ..."), or None."""
    match = _LEVEL.match(value or "")
    if match is None:
        return None
    name = match.group(1).lower()
    return next(level for level in LEVELS if level.name.lower() == name)
