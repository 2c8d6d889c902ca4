"""Precision at 3 of the relevance set (relevance.py) on the current database: CI runs this in
both of its passes, SQLite (FTS5) and PostgreSQL (the search vector)."""

from __future__ import annotations

from django.conf import settings

from tests.html import parse
from tests.roles.search.relevance import QUERIES

# Every role of the set is expected among the first three results, on either database.
REQUIRED_PRECISION_AT_3 = 1.0


def top_slugs(client, query: str, n: int = 3) -> list[str]:
    page = parse(client.get("/search/", {"q": query}))
    hrefs = [a.get("href") for a in page.cssselect(".result__title a")][:n]
    return [href.split("#")[0].rstrip("/").rsplit("/", 1)[-1] for href in hrefs]


def test_relevance_set_finds_each_role_in_the_top_three(client, catalogue):
    assert len(QUERIES) >= 40
    misses = []
    for query, meant in QUERIES:
        top = top_slugs(client, query)
        slugs = (meant,) if isinstance(meant, str) else meant
        if not set(slugs) & set(top):
            misses.append(f"{query!r}: expected {' or '.join(slugs)}, got {top}")
    precision = 1 - len(misses) / len(QUERIES)
    database = "PostgreSQL" if settings.IS_POSTGRES else "SQLite"
    print(
        f"\nrelevance set on {database}: precision at 3 = {precision:.3f} ({len(QUERIES)} queries)"
    )
    print("\n".join(misses))
    assert precision >= REQUIRED_PRECISION_AT_3, "\n".join(misses)
