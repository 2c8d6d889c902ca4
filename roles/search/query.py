"""Finding roles: the queries behind `RoleQuerySet.search()`, the search vector and the
suggestions while a reader types.

Both databases search the same reading of a query (roles.search.words.parse_query). PostgreSQL
gets full-text search over a stored, weighted search vector (title A; summary and duties B;
facts, qualifications and FAQs C; overview and career outlook D), ranked with `SearchRank`, with
highlighted snippets and a pg_trgm fallback for misspellings. SQLite, the embedded default, gets
the same fields in the same four weighted columns of an FTS5 index (`roles_role_fts`, created by
migration 0017), ranked with bm25 and with highlighted snippets.
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
from django.db.models import F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Concat, StrIndex, Upper
from django.db.models.lookups import Exact

from roles.models import FAQ, AlternateTitle, Duty, Fact, QualificationGroup, Role, RoleQuerySet
from roles.search.fields import SEARCH_CONFIG
from roles.search.words import (
    MARK_END,
    MARK_START,
    Alternative,
    ParsedQuery,
    Phrase,
    clean_query,
    fts5_match,
)

# pg_trgm word similarity above which a title counts as a close match for a misspelled query.
TRIGRAM_THRESHOLD = 0.3


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _aggregated(model, field: str, separator: str = " ") -> Subquery:
    """One role's child rows of `model`, their `field` joined into one string (a subquery), in
    the rows' order where the database can (PostgreSQL; SQLite from 3.44): the same rows then
    give the same vector however they were written."""
    rows = model.objects.filter(role=OuterRef("pk")).order_by().values("role")
    in_order = connection.features.supports_aggregate_order_by_clause
    order_by = (model._meta.ordering or ["pk"]) if in_order else None
    joined = models.StringAgg(field, Value(separator), order_by=order_by)
    return Subquery(rows.annotate(text=joined).values("text"))


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
        vector(text(F("title"), _aggregated(AlternateTitle, "title")), "A")
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
    """Recompute the stored vector of the given roles in one UPDATE on PostgreSQL; on SQLite,
    replace their rows of the FTS5 index, two statements per FTS_BATCH roles (a deleted role's
    row is removed and not replaced)."""
    if is_postgres():
        Role.objects.filter(pk__in=role_ids).update(search_vector=search_vector_expression())
        return
    ids = sorted(role_ids)
    with connection.cursor() as cursor:
        for start in range(0, len(ids), FTS_BATCH):
            batch = ids[start : start + FTS_BATCH]
            marks = ", ".join(["%s"] * len(batch))
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", batch)
            sql, params = _fts_rows(batch).query.sql_with_params()
            cursor.execute(f"INSERT INTO {FTS_TABLE} ({', '.join(FTS_COLUMNS)}) {sql}", params)


# The SQLite index: one row per role (rowid = role id), its columns weighted in bm25 as
# PostgreSQL weighs the vector's A, B, C and D (1, 0.4, 0.2, 0.1).
FTS_TABLE = "roles_role_fts"
FTS_COLUMNS = ("rowid", "title", "body", "details", "background")
FTS_WEIGHTS = (10.0, 4.0, 2.0, 1.0)
FTS_BATCH = 500
# Words of the body column (summary, then the duties) around the matches in a snippet.
SNIPPET_TOKENS = 30


def _fts_rows(role_ids: list[int]):
    """The FTS5 row of each role: id, title and the three texts weighted below it. The body
    keeps the duties apart with ". ", as PostgreSQL's snippet source does."""

    def text(*parts):
        pieces = [
            x
            for p in parts
            for x in (Coalesce(p, Value(""), output_field=models.TextField()), Value(" "))
        ]
        return Concat(*pieces, output_field=models.TextField())

    return (
        Role.objects.filter(pk__in=role_ids)
        .order_by()
        .annotate(
            # A reader's "Ethical Hacker" finds the Penetration Tester as its title would.
            fts_title=text(F("title"), _aggregated(AlternateTitle, "title", ", ")),
            fts_body=text(F("summary"), _aggregated(Duty, "text", ". ")),
            fts_details=text(
                _aggregated(Fact, "value"),
                _aggregated(QualificationGroup, "heading"),
                _aggregated(QualificationGroup, "items"),
                _aggregated(FAQ, "question"),
                _aggregated(FAQ, "answer"),
            ),
            fts_background=text(F("overview"), F("career_outlook")),
        )
        .values_list("pk", "fts_title", "fts_body", "fts_details", "fts_background")
    )


def _tsquery_phrase(phrase: Phrase) -> SearchQuery:
    if phrase.prefix and len(phrase.words) == 1:
        # An unfinished last word ("electrici"): its stem as a prefix, the word quoted as a
        # literal (quotes doubled), so nothing typed is read as tsquery syntax.
        literal = "'" + phrase.words[0].replace("'", "''").replace("\\", "\\\\") + "'"
        return SearchQuery(f"{literal}:*", search_type="raw", config=SEARCH_CONFIG)
    kind = "plain" if len(phrase.words) == 1 else "phrase"
    return SearchQuery(" ".join(phrase.words), search_type=kind, config=SEARCH_CONFIG)


def _tsquery_alternative(alternative: Alternative) -> SearchQuery:
    combined = _tsquery_phrase(alternative[0])
    for phrase in alternative[1:]:
        combined &= _tsquery_phrase(phrase)
    return combined


def tsquery(parsed: ParsedQuery) -> SearchQuery:
    """The reading of a query as one tsquery: every word passed as a parameter to
    plainto_tsquery or phraseto_tsquery, joined with &, | and !! (never raw syntax)."""
    combined: SearchQuery | None = None
    for group in parsed.groups:
        either = _tsquery_alternative(group[0])
        for alternative in group[1:]:
            either |= _tsquery_alternative(alternative)
        combined = either if combined is None else combined & either
    assert combined is not None, "an empty query is answered before it reaches the database"
    if parsed.together:
        combined |= _tsquery_phrase(parsed.together)
    for phrase in parsed.excluded:
        combined &= ~_tsquery_phrase(phrase)
    return combined


def matches(queryset: RoleQuerySet, parsed: ParsedQuery) -> RoleQuerySet:
    """The roles whose text matches the query as read, best first, on either database; none
    for an empty reading. No spelling-tolerant fallback (see close_titles)."""
    if parsed.is_empty:
        return queryset.none()
    if is_postgres():
        return postgres_matches(queryset, parsed)
    return sqlite_search(queryset, parsed)


def matches_or_close_titles(queryset: RoleQuerySet, parsed: ParsedQuery) -> RoleQuerySet:
    """The roles matching the query, or when none does, the titles spelled nearly like it
    (PostgreSQL only: SQLite has no such fallback, and is not asked whether any matched)."""
    found = matches(queryset, parsed)
    if not is_postgres():
        return found
    return found if found.exists() else close_titles(queryset, parsed)


def postgres_matches(queryset: RoleQuerySet, parsed: ParsedQuery) -> RoleQuerySet:
    search_query = tsquery(parsed)
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
    return (
        queryset.filter(search_vector=search_query)
        .annotate(rank=SearchRank(F("search_vector"), search_query), raw_snippet=headline)
        .annotate(is_close_match=Value(False))
        .order_by("-rank", "title")
    )


def close_titles(queryset: RoleQuerySet, parsed: ParsedQuery) -> RoleQuerySet:
    """Roles whose titles are spelled nearly like the words looked for, each with
    `is_close_match`: what a search offers when nothing matched as typed. PostgreSQL's pg_trgm
    only; none on SQLite."""
    if parsed.is_empty or not is_postgres():
        return queryset.none()
    # The words looked for, without the query's filler.
    query = " ".join(w for group in parsed.groups for p in group[0] for w in p.words)
    # `%>` (trigram_word_similar) is what lets the role_title_words index find them without
    # scoring every title; the connection sets its threshold (see use_trigram_threshold).
    return (
        queryset.annotate(upper_title=Upper("title"))
        .filter(upper_title__trigram_word_similar=query.upper())
        .annotate(similarity=TrigramWordSimilarity(query, "title"))
        .filter(similarity__gte=TRIGRAM_THRESHOLD)
        .annotate(raw_snippet=F("summary"), is_close_match=Value(True))
        # A title holding what was typed ("electrici": Electrician) before one only spelled
        # alike (Electrical Engineer), however similar their words score.
        .annotate(holds_query=Exact(StrIndex("upper_title", Value(query.upper())), 0))
        .order_by("holds_query", "-similarity", "title")
    )


def use_trigram_threshold(sender, connection, **kwargs) -> None:
    """Every new PostgreSQL connection compares with `%>` at TRIGRAM_THRESHOLD, pg_trgm's own
    default (0.6) being stricter than the close matches we want to offer."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET pg_trgm.word_similarity_threshold = {float(TRIGRAM_THRESHOLD)}")


def sqlite_search(queryset: RoleQuerySet, parsed: ParsedQuery) -> RoleQuerySet:
    """The roles whose FTS5 row matches, best bm25 score first (bm25 is negative: lower is
    better), with a snippet of the summary and duties.

    Joined with `extra()`: FTS5's MATCH, bm25() and snippet() must name the virtual table in
    the same SELECT, which the ORM has no other way to join; the MATCH expression is a
    parameter, built by fts5_match() with every word quoted."""
    match = fts5_match(parsed)
    if match is None:
        return queryset.none()
    table = Role._meta.db_table
    weights = ", ".join(str(w) for w in FTS_WEIGHTS)
    return (
        queryset.extra(
            select={
                "rank": f"bm25({FTS_TABLE}, {weights})",
                "raw_snippet": f"snippet({FTS_TABLE}, 1, %s, %s, '…', {SNIPPET_TOKENS})",
            },
            select_params=[MARK_START, MARK_END],
            tables=[FTS_TABLE],
            where=[f"{FTS_TABLE}.rowid = {table}.id", f"{FTS_TABLE} MATCH %s"],
            params=[match],
        )
        .annotate(is_close_match=Value(False))
        .order_by("rank", "title")
    )


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
