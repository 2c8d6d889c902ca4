"""The measurable rules of the editorial guide (docs/editorial-guide.md), as content checks
(added to roles.editorial.content_checks.CHECKS):

* each section within the guide's length range;
* the facts every page carries, and an "AI impact" fact on the site's scale (roles.ai_impact);
* a growth fact that names its source;
* an experience fact whose years are not those of the page's experience benchmarks, or a growth
  fact whose BLS phrase is not the one the page's text uses;
* a sentence of ten or more words that three or more roles share.

A fact that an editor's note quotes by its label is left to the note (the reference role keeps
its facts as first published).
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Max

from roles import ai_impact
from roles.content import ENTRY_STAGES, entry_route
from roles.models import Fact, Role
from roles.wages.content_checks import addressed_by_note


@dataclass(frozen=True)
class Range:
    low: int
    high: int
    unit: str

    def problem(self, what: str, count: int):
        from roles.editorial.content_checks import Problem

        if self.low <= count <= self.high:
            return None
        return Problem(
            "length",
            f"{what} has {count} {self.unit}; the editorial guide asks for {self.low}-{self.high}.",
        )


# The lengths of docs/editorial-guide.md, "The sections of a page".
TEXT_LENGTHS = {
    "summary": ("Summary", Range(60, 100, "words")),
    "overview": ("Overview", Range(400, 520, "words")),
    "career_outlook": ("Career outlook", Range(350, 470, "words")),
    "cover_letter": ("Sample cover letter", Range(200, 300, "words")),
}
ROW_COUNTS = {
    "facts": ("Role at a glance", Range(6, 8, "facts")),
    "duties": ("Duties and responsibilities", Range(8, 12, "duties")),
    "qualification_groups": ("Qualifications", Range(3, 7, "groups")),
    "faqs": ("Frequently asked questions", Range(5, 6, "questions")),
}
FAQ_ANSWER = Range(40, 110, "words")
ENTRY_STAGE = Range(30, 100, "words")
REQUIRED_FACTS = (
    Fact.Kind.EDUCATION,
    Fact.Kind.EXPERIENCE,
    Fact.Kind.EMPLOYERS,
    Fact.Kind.GROWTH,
    Fact.Kind.AI_IMPACT,
)
SHARED_SENTENCE_WORDS = 10
SHARED_SENTENCE_ROLES = 3

_WORD = re.compile(r"[A-Za-z0-9][\w'\u2019.,%$/-]*")
_SENTENCE = re.compile(r"(?<=[.!?])[\"”)]?\s+|\n+")
_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_YEARS = re.compile(r"(\d+)\s*(?:\+|(?:-|\u2013|to)\s*(\d+))?\s*(?:\+\s*)?years?", re.I)
_BLS_PHRASE = re.compile(
    r"much faster than(?: the)? average|faster than(?: the)? average|"
    r"(?:about )?as fast as(?: the)? average|slower than(?: the)? average|"
    r"more slowly than(?: the)? average|little or no change|declin\w+",
    re.I,
)


def words(text: str) -> int:
    return len(_WORD.findall(_MARKDOWN_LINK.sub(r"\1", text or "")))


def section_lengths(role: Role) -> list:
    problems = [
        limits.problem(title, words(getattr(role, field)))
        for field, (title, limits) in TEXT_LENGTHS.items()
        if getattr(role, field).strip()  # an empty section is missing_sections' problem
    ]
    for related, (title, limits) in ROW_COUNTS.items():
        count = len(getattr(role, related).all())
        if count:
            problems.append(limits.problem(title, count))
    problems += [
        FAQ_ANSWER.problem(f'The answer to "{faq.question}"', words(faq.answer))
        for faq in role.faqs.all()
    ]
    return [p for p in problems if p]


def entry_route_stages(role: Role) -> list:
    """Every stage of "How to become one" written, each within its length (a role without the
    section is missing_sections' problem)."""
    from roles.editorial.content_checks import Problem

    written = dict(entry_route(role))
    if not written:
        return []
    problems = [
        Problem("entry_stage", f"How to become one has no “{stage.title}” stage.")
        for stage in ENTRY_STAGES
        if stage not in written
    ]
    problems += [
        ENTRY_STAGE.problem(f"How to become one, “{stage.title}”,", words(text))
        for stage, text in written.items()
    ]
    return [p for p in problems if p]


def required_facts(role: Role) -> list:
    from roles.editorial.content_checks import Problem

    facts = role.facts.all()
    if not facts:
        return []
    kinds = {fact.kind for fact in facts}
    problems = [
        Problem("required_fact", f"No “{kind.label}” fact (kind {kind.value}).")
        for kind in REQUIRED_FACTS
        if kind not in kinds
    ]
    for fact in facts:
        if addressed_by_note(role, fact.label):
            continue
        if fact.kind == Fact.Kind.AI_IMPACT and ai_impact.level_of(fact.value) is None:
            problems.append(
                Problem(
                    "ai_impact_scale",
                    f"“{fact.label}” does not start with a level of the AI impact scale "
                    f"({', '.join(level.name for level in ai_impact.LEVELS)}) and a colon.",
                )
            )
        if fact.kind == Fact.Kind.GROWTH and not fact.source_name:
            problems.append(Problem("growth_source", f"“{fact.label}” names no source."))
    return problems


def _year_numbers(text: str) -> set[int]:
    return {int(n) for match in _YEARS.findall(text) for n in match if n}


def facts_contradicting_the_page(role: Role) -> list:
    from roles.editorial.content_checks import Problem

    problems = []
    benchmarks = [
        group.items
        for group in role.qualification_groups.all()
        if "experience" in group.heading.lower()
    ]
    text = "\n".join([role.overview, role.career_outlook, *(faq.answer for faq in role.faqs.all())])
    for fact in role.facts.all():
        if addressed_by_note(role, fact.label):
            continue
        if fact.kind == Fact.Kind.EXPERIENCE and benchmarks:
            stated = _year_numbers(fact.value)
            measured = _year_numbers("\n".join(benchmarks))
            if measured and stated - measured:
                years = ", ".join(str(n) for n in sorted(stated - measured))
                problems.append(
                    Problem(
                        "experience_contradiction",
                        f"“{fact.label}” gives {years} years, which the experience benchmarks "
                        f"under Qualifications do not: use the benchmarks' years.",
                    )
                )
        if fact.kind == Fact.Kind.GROWTH:
            in_fact = {_phrase_key(p) for p in _BLS_PHRASE.findall(fact.value)}
            in_text = {_phrase_key(p) for p in _BLS_PHRASE.findall(text)}
            if in_fact and in_text and not in_fact & in_text:
                problems.append(
                    Problem(
                        "growth_contradiction",
                        f"“{fact.label}” says “{', '.join(sorted(in_fact))}” but the page's text "
                        f"says “{', '.join(sorted(in_text))}”.",
                    )
                )
    return problems


def _phrase_key(phrase: str) -> str:
    phrase = phrase.lower().replace(" the ", " ")
    if phrase.startswith("declin"):
        return "decline"
    if phrase.startswith("about "):
        phrase = phrase[len("about ") :]
    return phrase.replace("more slowly than", "slower than")


# -- Sentences shared across the catalogue --------------------------------------------------


def sentences(role: Role) -> set[str]:
    """The role's sentences of SHARED_SENTENCE_WORDS or more words, normalised for comparison."""
    texts = [role.summary, role.overview, role.career_outlook, role.cover_letter]
    texts += [text for _, text in entry_route(role)]
    texts += [duty.text for duty in role.duties.all()]
    texts += [faq.answer for faq in role.faqs.all()]
    found = set()
    for text in texts:
        for sentence in _SENTENCE.split(_MARKDOWN_LINK.sub(r"\1", text or "")):
            normal = " ".join(re.findall(r"[a-z0-9']+", sentence.lower().replace("\u2019", "'")))
            if len(normal.split()) >= SHARED_SENTENCE_WORDS:
                found.add(normal)
    return found


class _SharedSentences:
    """{sentence: ids of the roles that have it} over every role, rebuilt when any role changes
    (one cheap query tells: how many roles there are and when the last one was saved)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._state: tuple | None = None
        self._index: dict[str, set[int]] = {}

    def current(self) -> dict[str, set[int]]:
        """The index as of now: one query to see whether any role changed, then the one built
        for that state (rebuilt if it is stale)."""
        state = tuple(Role.objects.aggregate(n=Count("pk"), last=Max("modified_at")).values())
        with self._lock:
            if state != self._state:
                self._index = self.build(Role.objects.with_page_content())
                self._state = state
            return self._index

    @staticmethod
    def build(roles: Iterable[Role]) -> dict[str, set[int]]:
        index: dict[str, set[int]] = defaultdict(set)
        for role in roles:
            for sentence in sentences(role):
                index[sentence].add(role.pk)
        return index


shared = _SharedSentences()


def sentences_shared_with_other_roles(role: Role) -> list:
    from roles.editorial.content_checks import Problem

    problems = []
    index = shared.current()
    for sentence in sorted(sentences(role)):
        others = index.get(sentence, set()) - {role.pk}
        if len(others) + 1 >= SHARED_SENTENCE_ROLES:
            short = sentence if len(sentence) <= 120 else f"{sentence[:117]}…"
            problems.append(
                Problem(
                    "shared_sentence",
                    f"A sentence that {len(others)} other roles also have: “{short}”",
                )
            )
    return problems


# The codes of the problems these checks report.
CODES = frozenset(
    {
        "length",
        "entry_stage",
        "required_fact",
        "ai_impact_scale",
        "growth_source",
        "experience_contradiction",
        "growth_contradiction",
        "shared_sentence",
    }
)

CHECKS = [
    section_lengths,
    entry_route_stages,
    required_facts,
    facts_contradicting_the_page,
    sentences_shared_with_other_roles,
]
