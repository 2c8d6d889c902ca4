"""The words a "Did you mean ...?" correction may propose: those of the published catalogue,
built once per state of the catalogue."""

from __future__ import annotations

import logging

from django.core.cache import cache

from roles.models import RoleQuerySet
from roles.page_cache.versions import listing_state
from roles.search.words import WORD

logger = logging.getLogger("roles.search")


def vocabulary(queryset: RoleQuerySet) -> set[str]:
    """Lower-cased words of the titles, summaries and category names a reader can find."""
    words: set[str] = set()
    for title, summary, category in queryset.values_list("title", "summary", "category__name"):
        words.update(w.lower() for w in WORD.findall(f"{title} {summary} {category}"))
    return {w for w in words if len(w) > 2}


_recent_vocabularies: dict[str, frozenset[str]] = {}


def known_words(published: RoleQuerySet, scope: str) -> frozenset[str]:
    """`vocabulary(published)`, built once per state of the catalogue rather than per search
    (at 10,000 roles it reads every title and summary: ~150 ms). Kept in this process and in
    the shared cache under roles.page_cache.listing_state(), which moves with every edit and
    scheduled go-live. `scope` names what `published` was narrowed to (a category filter)."""
    try:
        key = f"search:words:{listing_state()}:{scope}"
    except Exception:
        # The shared cache is down (Redis): a slower search beats a failed one.
        logger.warning("search vocabulary: cache unavailable, building it for this request")
        return frozenset(vocabulary(published))
    words = _recent_vocabularies.get(key)
    if words is None:
        words = cache.get(key)
        if words is None:
            words = frozenset(vocabulary(published))
            cache.set(key, words, timeout=24 * 3600)
        if len(_recent_vocabularies) >= 16:
            _recent_vocabularies.pop(next(iter(_recent_vocabularies)))
        _recent_vocabularies[key] = words
    return words
