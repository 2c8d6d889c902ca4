"""Reading a reader's query and showing what matched: pure functions over text."""

from __future__ import annotations

import difflib
import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

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


def snippet_html(raw: str | None) -> SafeString:
    """A search snippet safe to show: everything escaped, then only <mark> added back."""
    text = escape(raw or "")
    text = text.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(text)  # escaped above: only our own <mark> tags remain


def did_you_mean(query: str, known_words: set[str] | frozenset[str]) -> str | None:
    """The query with each unknown word replaced by the closest known word, or None when no
    word needs (or has) a correction."""
    corrected, changed = [], False
    for word in query_words(query):
        lower = word.lower()
        if lower in known_words:
            corrected.append(lower)
            continue
        close = difflib.get_close_matches(lower, known_words, n=1, cutoff=0.75)
        if close:
            corrected.append(close[0])
            changed = True
        else:
            corrected.append(lower)
    return " ".join(corrected) if changed else None
