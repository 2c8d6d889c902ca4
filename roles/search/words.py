"""Reading a reader's query and showing what matched: pure functions over text."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from rapidfuzz import process
from rapidfuzz.distance import OSA

# Longer queries are cut to this many characters: enough for any real question, and it keeps a
# pasted essay from turning into an expensive query.
MAX_QUERY_LENGTH = 200
# SQLite builds one condition per word; more words than this add nothing but cost.
MAX_QUERY_WORDS = 8

# SearchHeadline marks matches with these private-use characters instead of tags, so the snippet
# can be HTML-escaped as a whole and only then given its <mark> elements.
MARK_START, MARK_END = "\ue000", "\ue001"
WORD = re.compile(r"\w+", re.UNICODE)


def clean_query(raw: str | None) -> tuple[str, bool]:
    """The query as searched: control characters dropped (PostgreSQL rejects NUL), whitespace
    folded, cut to MAX_QUERY_LENGTH. Returns it and whether it was cut."""
    text = "".join(
        " " if unicodedata.category(ch).startswith(("C", "Z")) else ch for ch in raw or ""
    )
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_LENGTH:
        return text[:MAX_QUERY_LENGTH].rstrip(), True
    return text, False


def query_words(query: str) -> list[str]:
    return WORD.findall(query)[:MAX_QUERY_WORDS]


# Snippets are cut to this many words, here rather than in the template: a cut made in the HTML
# could leave the closing "…" inside a <mark>.
SNIPPET_WORDS = 45
_MARKED = re.compile(f"{MARK_START}([^{MARK_START}{MARK_END}]*){MARK_END}")


def snippet_html(raw: str | None, max_words: int = SNIPPET_WORDS) -> SafeString:
    """A search snippet safe to show: at most `max_words` words, everything escaped, then only
    <mark> added back, around words (never around a lone "…" or a space)."""
    text = _MARKED.sub(
        lambda m: f"{MARK_START}{m[1]}{MARK_END}" if WORD.search(m[1]) else m[1], raw or ""
    )
    pieces = text.split(" ")
    if sum(1 for piece in pieces if WORD.search(piece)) > max_words:
        kept, count = [], 0
        for piece in pieces:
            count += bool(WORD.search(piece))
            if count > max_words:
                break
            kept.append(piece)
        text = " ".join(kept)
        if text.count(MARK_START) > text.count(MARK_END):
            text += MARK_END
        text = text.rstrip(" .,;:") + " …"
    text = text.replace(MARK_START, "").replace(MARK_END, "") if not WORD.search(text) else text
    html = escape(text).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(html)  # escaped above: only our own <mark> tags remain


# Reading a query. Both databases search the same reading of it (see ParsedQuery): web-search
# syntax ("a phrase", -word, or), the filler of a question left out ("how to become a ...",
# "how much does a ... make"), pay words noted and left out, and what readers call a role
# (synonyms.txt) looked for beside the catalogue's own words.

# Words that say nothing about which role is meant. PostgreSQL drops its own English stop words
# too; SQLite's FTS5 has no stop list, so without these "how to become a nurse" would ask for
# roles containing "how", "to" and "become". Did-you-mean never changes them.
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "to",
        "of",
        "in",
        "on",
        "at",
        "for",
        "and",
        "with",
        "as",
        "by",
        "from",
        "into",
        "is",
        "are",
        "be",
        "am",
        "was",
        "how",
        "do",
        "does",
        "did",
        "i",
        "you",
        "we",
        "my",
        "me",
        "what",
        "which",
        "who",
        "can",
        "could",
        "should",
        "would",
        "will",
        "become",
        "becoming",
        "get",
        "getting",
        "job",
        "jobs",
        "career",
        "careers",
        "work",
        "working",
        "role",
        "roles",
        "position",
    ]
)
# A query that names pay is looking for a role's pay section.
PAY_WORDS = frozenset(
    [
        "salary",
        "salaries",
        "pay",
        "paid",
        "wage",
        "wages",
        "earn",
        "earns",
        "earning",
        "earnings",
        "income",
        "compensation",
    ]
)
_HOW_MUCH = re.compile(
    r"\bhow\s+much\s+(?:does|do|did|can|will|would|could)\s+(?:an?\s+|the\s+)?(.+?)"
    r"\s+(?:make|makes|earn|earns|get\s+paid)\b",
    re.IGNORECASE,
)
_FILLER = re.compile(r"\b(?:entry[\s-]+level|beginner|junior)\b", re.IGNORECASE)
_TOKEN = re.compile(r'(-?)"([^"]*)(?:"|$)|(-?)([^\s"]+)')
SYNONYMS_FILE = Path(__file__).with_name("synonyms.txt")


@cache
def synonyms() -> dict[tuple[str, ...], tuple[str, ...]]:
    """synonyms.txt: what readers type (a tuple of words) -> the catalogue's words for it."""
    entries = {}
    for line in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            typed, _, means = line.partition("=")
            entries[tuple(WORD.findall(typed.lower()))] = tuple(WORD.findall(means.lower()))
    return entries


@dataclass(frozen=True)
class Phrase:
    """Words that must appear together, in order; `prefix`: the last may be the start of a
    longer word (as a reader types it)."""

    words: tuple[str, ...]
    prefix: bool = False


# A query is a conjunction of groups; each group is a disjunction of alternatives, each a
# conjunction of phrases. "pen tester" reads as (("pen" "tester") or ("penetration tester")).
Alternative = tuple[Phrase, ...]
Group = tuple[Alternative, ...]


@dataclass(frozen=True)
class ParsedQuery:
    groups: tuple[Group, ...]
    excluded: tuple[Phrase, ...] = ()
    names_pay: bool = False
    # The words of a query of plain words, as one phrase: a role where they stand together
    # ("Data Engineer" for "data engineer") ranks above one where they are scattered.
    together: Phrase | None = None

    @property
    def is_empty(self) -> bool:
        """Nothing to look for: only stop words, symbols or exclusions."""
        return not self.groups


def _without_pay(text: str) -> tuple[str, bool]:
    """The query with its pay words left out, and whether it had any. A query of nothing but
    pay words ("salary") is searched as typed, and still leads to pay."""
    stripped = _HOW_MUCH.sub(r" \1 ", text)
    kept = [w for w in stripped.split() if w.lower().strip(".,?!") not in PAY_WORDS]
    named = stripped != text or len(kept) < len(stripped.split())
    if not [w for w in kept if w.lower() not in STOP_WORDS and WORD.search(w)]:
        return text, named
    return " ".join(kept), named


def parse_query(query: str) -> ParsedQuery:
    """The reading of a query that both databases search (see the notes above)."""
    text, names_pay = _without_pay(query)
    text = _FILLER.sub(" ", text)
    # (words, quoted, negated) for each term, or None for an "or" between two terms.
    terms: list[tuple[tuple[str, ...], bool, bool] | None] = []
    for m in _TOKEN.finditer(text):
        quoted = m[2] is not None
        negated = bool(m[1] if quoted else m[3])
        found = tuple(w.lower() for w in WORD.findall(m[2] if quoted else m[4]))
        if not found:
            continue
        if found == ("or",) and not quoted and not negated:
            terms.append(None)
        elif quoted or negated or len(found) > 1 or found[0] not in STOP_WORDS:
            terms.append((found, quoted, negated))
    excluded = tuple(Phrase(t[0]) for t in terms if t and t[2])
    positive = [t if t is None else (t[0], t[1]) for t in terms if t is None or not t[2]]
    groups: list[list[Alternative]] = []
    join_next, budget, i, last_plain = False, MAX_QUERY_WORDS, 0, False
    while i < len(positive) and budget > 0:
        term = positive[i]
        if term is None:
            join_next = bool(groups)
            i += 1
            continue
        found, quoted = term
        alternatives: list[Alternative] = [(Phrase(found),)]
        span = 1
        if not quoted:
            # The longest run of plain words from here that synonyms.txt names.
            run = []
            for later in positive[i:]:
                if later is None or later[1] or len(later[0]) > 1:
                    break
                run.append(later[0][0])
            for length in range(len(run), 0, -1):
                means = synonyms().get(tuple(run[:length]))
                if means:
                    typed = tuple(Phrase((w,)) for w in run[:length])
                    alternatives = [typed, (Phrase(means),)]
                    span = length
                    break
        budget -= span
        last_plain = not quoted and len(alternatives) == 1 and len(found) == 1
        if join_next:
            groups[-1].extend(alternatives)
        else:
            groups.append(alternatives)
        join_next = False
        i += span
    plain = [g[0][0].words[0] for g in groups if len(g) == 1 and len(g[0][0].words) == 1]
    prefix = last_plain and len(groups[-1]) == 1 and len(groups[-1][0][0].words[0]) >= 3
    if prefix:
        # The last word, typed on its own, may be unfinished: "electric" finds Electrician.
        # Whole words still rank higher: they match both alternatives.
        (word,) = groups[-1][0]
        groups[-1] = [(word,), (replace(word, prefix=True),)]
    together = None
    if len(plain) == len(groups) > 1:
        together = Phrase(tuple(plain), prefix=prefix)
    return ParsedQuery(
        together=together,
        groups=tuple(tuple(g) for g in groups),
        excluded=excluded if groups else (),
        names_pay=names_pay,
    )


def names_pay(query: str) -> bool:
    return parse_query(query).names_pay


def fts5_match(parsed: ParsedQuery) -> str | None:
    """The query as an SQLite FTS5 MATCH expression, or None when there is nothing to look
    for. Every word is quoted, so nothing a reader types is read as FTS5 syntax."""
    if parsed.is_empty:
        return None

    def phrase(p: Phrase) -> str:
        quoted = '"' + " ".join(w.replace('"', '""') for w in p.words) + '"'
        return quoted + " *" if p.prefix else quoted

    def alternative(a: Alternative) -> str:
        return "(" + " AND ".join(map(phrase, a)) + ")"

    expression = " AND ".join(
        "(" + " OR ".join(map(alternative, group)) + ")" for group in parsed.groups
    )
    if parsed.together:
        expression = f"(({expression}) OR {phrase(parsed.together)})"
    if parsed.excluded:
        expression = f"({expression}) NOT ({' OR '.join(map(phrase, parsed.excluded))})"
    return expression


# Did you mean: corrections a reader can trust. Words shorter than this are left alone ("pen"
# is not a misspelled "open"), and so are stop words, pay words and what synonyms.txt knows.
MIN_CORRECTED_LENGTH = 4


def correct_word(word: str, known_words: set[str] | frozenset[str]) -> str | None:
    """The one known word `word` was most likely meant to be, or None when no known word is
    close enough or two are equally close (unsure is silent).

    Closeness is the optimal string alignment distance (Damerau-Levenshtein where an adjacent
    swap counts one edit), found by rapidfuzz in C++: a loop over the vocabulary in Python
    took 20-60 ms at 10,000 roles, this under 1 ms. Only the few words within reach are then
    told apart by difflib's ratio."""
    limit = 1 if len(word) <= 5 else 2
    # A word `limit` edits away is at most `limit` letters longer or shorter: only those words
    # are scored (at 10,000 roles an eighth of the vocabulary for "archtect").
    lengths = range(len(word) - limit, len(word) + limit + 1)
    by_length = words_by_length(known_words)
    within_reach = [known for n in lengths for known in by_length.get(n, ())]
    close = process.extract(word, within_reach, scorer=OSA.distance, score_cutoff=limit, limit=None)
    scored = sorted(
        (distance, known[0] != word[0], -difflib.SequenceMatcher(None, word, known).ratio(), known)
        for known, distance, _ in close
    )
    if not scored:
        return None
    best = scored[0]
    if len(scored) > 1 and scored[1][:3] == best[:3]:
        return None
    return best[3]


def words_by_length(known_words: set[str] | frozenset[str]) -> dict[int, tuple[str, ...]]:
    """The known words grouped by length. A vocabulary as known_words() keeps it (the same
    frozenset until the catalogue changes) is grouped once, not per misspelled word."""
    if isinstance(known_words, frozenset):
        return _grouped_vocabulary(known_words)
    return _group_by_length(known_words)


def _group_by_length(known_words: Iterable[str]) -> dict[int, tuple[str, ...]]:
    grouped: dict[int, list[str]] = {}
    for known in known_words:
        grouped.setdefault(len(known), []).append(known)
    return {length: tuple(group) for length, group in grouped.items()}


# As many as roles.search.vocabulary keeps in a process (one a category filter).
_grouped_vocabulary = lru_cache(maxsize=16)(_group_by_length)


def did_you_mean(query: str, known_words: set[str] | frozenset[str]) -> str | None:
    """The query with each unknown word replaced by the known word it was surely meant to be,
    its syntax (quotes, minus signs, "or") kept; None when no word needs a correction or one
    that needs it has no sure correction."""
    protected = STOP_WORDS | PAY_WORDS | {"or"} | {w for typed in synonyms() for w in typed}
    changed, unsure = False, False

    def fix(m: re.Match[str]) -> str:
        nonlocal changed, unsure
        lower = m[0].lower()
        if (
            lower in known_words
            or lower in protected
            or len(lower) < MIN_CORRECTED_LENGTH
            or not lower.isalpha()
            or (m.start() > 0 and query[m.start() - 1] == "-")
        ):
            return m[0]
        close = correct_word(lower, known_words)
        if close is None:
            unsure = True
            return m[0]
        changed = True
        return close

    corrected = WORD.sub(fix, query)
    return corrected.lower() if changed and not unsure else None
