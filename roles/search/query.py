"""Finding roles: the queries behind `RoleQuerySet.search()`, the search vector and the
suggestions while a reader types.

PostgreSQL gets full-text search over a stored, weighted search vector (title A; summary and
duties B; facts, qualifications and FAQs C; overview and career outlook D), ranked with
`SearchRank`, with highlighted snippets and a pg_trgm fallback for misspellings. SQLite, the
embedded default, searches the same fields with LIKE and ranks title matches above summary and
duty matches above the rest.
"""

from __future__ import annotations

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import connection, models
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Concat, Upper

from roles.models import FAQ, Duty, Fact, QualificationGroup, Role, RoleQuerySet
from roles.search.fields import SEARCH_CONFIG
from roles.search.words import MARK_END, MARK_START, clean_query, query_words

# pg_trgm word similarity above which a title counts as a close match for a misspelled query.
TRIGRAM_THRESHOLD = 0.3


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _aggregated(model, field: str, separator: str = " ") -> Subquery:
    """One role's child rows of `model`, their `field` joined into one string (a subquery)."""
    rows = model.objects.filter(role=OuterRef("pk")).order_by().values("role")
    return Subquery(rows.annotate(text=models.StringAgg(field, Value(separator))).values("text"))


def search_vector_expression():
    """The weighted vector of a role and its child rows, as one SQL expression."""

    def text(*parts):
        pieces = [
            x
            for p in parts
            for x in (Coalesce(p, Value(""), output_field=models.TextField()), Value(" "))
        ]
        return Concat(*pieces, output_field=models.TextField())

    def vector(expression, weight):
        return SearchVector(expression, weight=weight, config=SEARCH_CONFIG)

    return (
        vector(F("title"), "A")
        + vector(text(F("summary"), _aggregated(Duty, "text")), "B")
        + vector(
            text(
                _aggregated(Fact, "value"),
                _aggregated(QualificationGroup, "heading"),
                _aggregated(QualificationGroup, "items"),
                _aggregated(FAQ, "question"),
                _aggregated(FAQ, "answer"),
            ),
            "C",
        )
        + vector(text(F("overview"), F("career_outlook")), "D")
    )


def refresh_search_vectors(role_ids) -> None:
    """Recompute the stored vector of the given roles in one UPDATE; nothing to do on SQLite."""
    if is_postgres():
        Role.objects.filter(pk__in=role_ids).update(search_vector=search_vector_expression())


def postgres_search(queryset: RoleQuerySet, query: str) -> RoleQuerySet:
    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    snippet_source = Concat(
        F("summary"),
        Value(" "),
        # Duties are written without a full stop; ". " keeps a snippet that spans two of them
        # from reading as one run-on sentence.
        Coalesce(_aggregated(Duty, "text", ". "), Value(""), output_field=models.TextField()),
        output_field=models.TextField(),
    )
    headline = SearchHeadline(
        snippet_source,
        search_query,
        config=SEARCH_CONFIG,
        start_sel=MARK_START,
        stop_sel=MARK_END,
        max_words=35,
        min_words=15,
        max_fragments=2,
    )
    matches = (
        queryset.filter(search_vector=search_query)
        .annotate(rank=SearchRank(F("search_vector"), search_query), raw_snippet=headline)
        .annotate(is_close_match=Value(False))
        .order_by("-rank", "title")
    )
    if matches.exists():
        return matches
    # Nothing matched the words as typed: look for titles that are spelled nearly the same.
    # `%>` (trigram_word_similar) is what lets the role_title_words index find them without
    # scoring every title; the connection sets its threshold (see use_trigram_threshold).
    return (
        queryset.annotate(upper_title=Upper("title"))
        .filter(upper_title__trigram_word_similar=query.upper())
        .annotate(similarity=TrigramWordSimilarity(query, "title"))
        .filter(similarity__gte=TRIGRAM_THRESHOLD)
        .annotate(raw_snippet=F("summary"), is_close_match=Value(True))
        .order_by("-similarity", "title")
    )


def use_trigram_threshold(sender, connection, **kwargs) -> None:
    """Every new PostgreSQL connection compares with `%>` at TRIGRAM_THRESHOLD, pg_trgm's own
    default (0.6) being stricter than the close matches we want to offer."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET pg_trgm.word_similarity_threshold = {float(TRIGRAM_THRESHOLD)}")


def sqlite_search(queryset: RoleQuerySet, query: str) -> RoleQuerySet:
    """Every word must appear somewhere in the role; title hits weigh most, then summary and
    duties, then the rest. EXISTS subqueries keep one row per role."""
    words = query_words(query)
    if not words:
        return queryset.none()

    def child(model, *fields, word):
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__icontains": word})
        return Exists(model.objects.filter(condition, role=OuterRef("pk")))

    score = Value(0)
    for word in words:
        in_title = Q(title__icontains=word)
        in_b = Q(summary__icontains=word) | child(Duty, "text", word=word)
        in_rest = (
            Q(overview__icontains=word)
            | Q(career_outlook__icontains=word)
            | child(Fact, "label", "value", word=word)
            | child(QualificationGroup, "heading", "items", word=word)
            | child(FAQ, "question", "answer", word=word)
        )
        queryset = queryset.filter(in_title | in_b | in_rest)
        score = score + Case(
            When(in_title, then=Value(10)), When(in_b, then=Value(4)), default=Value(1)
        )
    return queryset.annotate(
        rank=score, raw_snippet=F("summary"), is_close_match=Value(False)
    ).order_by("-rank", "title")


def suggestions(queryset: RoleQuerySet, query: str, limit: int = 8) -> list[dict[str, str]]:
    """Titles to offer while a reader types: those starting with the text first, then those
    containing it. Two small queries at most."""
    query, _ = clean_query(query)
    if len(query) < 2:
        return []
    base = queryset.select_related("category").only(
        "title", "slug", "category__slug", "category__name"
    )
    roles = list(base.filter(title__istartswith=query).order_by("title")[:limit])
    if len(roles) < limit:
        seen = [r.pk for r in roles]
        roles += (
            base.filter(title__icontains=query)
            .exclude(pk__in=seen)
            .order_by("title")[: limit - len(roles)]
        )
    return [
        {"title": r.title, "url": r.get_absolute_url(), "category": r.category.name} for r in roles
    ]
