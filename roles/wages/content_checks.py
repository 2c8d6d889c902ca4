"""Content checks about figures (added to roles.content_checks.CHECKS):

* a dollar figure, or a growth percentage, typed in prose without a named source and a year;
* a projection horizon BLS does not have ("through 2030": BLS projects 2024-34);
* a detailed occupation quoted with a dollar figure that is not its national median in the
  newest loaded release, so that one SOC code carries one figure across the site.

Cover letters are left alone: their numbers are a candidate's story, not facts about a job.
"""

from __future__ import annotations

import re
from functools import lru_cache

from roles.content import entry_route
from roles.wages.models import Area, DataRelease, Occupation, Wage

PROJECTION_END = 2034
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(])|\n+")
_DOLLARS = re.compile(r"\$\s?\d[\d,]*(?:\.\d+)?\s*(?:[kK]\b|million|billion)?")
_PERCENT = re.compile(r"\b\d+(?:\.\d+)?\s?(?:%|percent\b)")
_GROWTH = re.compile(r"\b(grow|growth|grew|increase|decline|rise|rising|projected|projects)", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_HORIZON = re.compile(r"\b(?:through|by|until|to)\s+(20\d\d)\b")
_PROJECTION = re.compile(r"\b(BLS|Bureau of Labor Statistics|project(?:s|ed|ion|ions)?)\b")
SOURCES = re.compile(
    r"\b(BLS|Bureau of Labor Statistics|OEWS|O\*NET|Levels\.fyi|Glassdoor|ISC2|CompTIA|"
    r"Dice|Indeed|LinkedIn|Gartner|IDC|Stack Overflow|census)\b",
    re.I,
)


def _texts(role, sourced_facts: bool = False) -> list[tuple[str, str]]:
    """(where, text) for every piece of prose a figure may appear in; facts that name their
    source are left out unless `sourced_facts`."""
    texts = [("Overview", role.overview), ("Career outlook", role.career_outlook)]
    texts += [(f"How to become one, {stage.title}", text) for stage, text in entry_route(role)]
    texts += [
        (f"Fact “{f.label}”", f.value)
        for f in role.facts.all()
        if (sourced_facts or not f.source_name) and not addressed_by_note(role, f.label)
    ]
    texts += [(f"FAQ “{q.question}”", q.answer) for q in role.faqs.all()]
    return texts


def addressed_by_note(role, label: str) -> bool:
    """Whether the role's editor's note quotes the fact's label ("Growth outlook"): the note
    tells readers what to make of a fact kept as first published."""
    note = getattr(role, "editors_note", "") or ""
    return bool(note) and any(f"{q}{label}{e}" in note for q, e in ('""', "“”", "''"))


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text or "") if s.strip()]


def _short(sentence: str) -> str:
    return sentence if len(sentence) <= 140 else f"{sentence[:137]}…"


def unsourced_figures(role) -> list:
    from roles.editorial.content_checks import Problem

    problems = []
    for where, text in _texts(role):
        for sentence in _sentences(text):
            figure = _DOLLARS.search(sentence) or (
                _GROWTH.search(sentence) and _PERCENT.search(sentence)
            )
            if figure and not (SOURCES.search(sentence) and _YEAR.search(sentence)):
                problems.append(
                    Problem(
                        "unsourced_figure",
                        f"{where}: a figure without a named source and year: “{_short(sentence)}”",
                    )
                )
    return problems


def projection_horizons(role) -> list:
    from roles.editorial.content_checks import Problem

    problems = []
    for where, text in _texts(role, sourced_facts=True):
        for sentence in _sentences(text):
            if not _PROJECTION.search(sentence) and not re.search(r"demand|growth", sentence, re.I):
                continue
            for year in _HORIZON.findall(sentence):
                if int(year) > 2026 and int(year) != PROJECTION_END:
                    problems.append(
                        Problem(
                            "projection_horizon",
                            f"{where}: a horizon of {year}, which no BLS projection has (they "
                            f"run 2024-{PROJECTION_END}): “{_short(sentence)}”",
                        )
                    )
    return problems


@lru_cache(maxsize=4)
def _titles(release_pk: int) -> tuple[re.Pattern | None, dict[str, tuple[str, int | None]]]:
    """A pattern matching any detailed occupation's title, and {lowercased title: (code,
    national median)} for the release. Cached per release: one query per process."""
    rows = (
        Wage.objects.filter(
            release=release_pk,
            area__kind=Area.Kind.NATIONAL,
            occupation__level=Occupation.Level.DETAILED,
        )
        .values_list("occupation__title", "occupation_id", "annual_median")
        .order_by()
    )
    medians = {title.lower(): (code, median) for title, code, median in rows}
    if not medians:
        return None, {}
    names = sorted(medians, key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b", re.I)
    return pattern, medians


def figures_differing_from_the_data(role) -> list:
    from roles.editorial.content_checks import Problem

    release = DataRelease.objects.newest()
    if release is None:
        return []
    pattern, medians = _titles(release.pk)
    if pattern is None:
        return []
    problems = []
    for where, text in _texts(role, sourced_facts=True):
        for sentence in _sentences(text):
            named = {m.lower() for m in pattern.findall(sentence)}
            amounts = [
                int(d.replace("$", "").replace(",", "").strip())
                for d in re.findall(
                    r"\$\s?\d[\d,]{4,}(?![\d.]*\s*(?:[kK]\b|million|billion))", sentence
                )
            ]
            if len(named) != 1 or len(amounts) != 1 or "median" not in sentence.lower():
                continue
            code, median = medians[named.pop()]
            if median is not None and amounts[0] != median:
                problems.append(
                    Problem(
                        "figure_differs",
                        f"{where}: quotes ${amounts[0]:,} for SOC {code}, whose national median in "
                        f"the {release.label} release is ${median:,}: “{_short(sentence)}”",
                    )
                )
    return problems


CHECKS = [unsourced_figures, projection_horizons, figures_differing_from_the_data]
