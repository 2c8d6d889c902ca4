"""Finding roles: the helpers behind `RoleQuerySet.search()` and the search page.

PostgreSQL gets full-text search over a stored, weighted search vector (title A; summary and
duties B; facts, qualifications and FAQs C; overview and career outlook D), ranked with
`SearchRank`, with highlighted snippets and a pg_trgm fallback for misspellings. SQLite, the
embedded default, searches the same fields with LIKE and ranks title matches above summary and
duty matches above the rest. On both, a misspelled query gets a "Did you mean ...?" correction
built from the words of published titles and summaries.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import connection, models
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Concat, Upper
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

if TYPE_CHECKING:
    from roles.models import RoleQuerySet

# Longer queries are cut to this many characters: enough for any real question, and it keeps a
# pasted essay from turning into an expensive query.
MAX_QUERY_LENGTH = 200
# SQLite builds one condition per word; more words than this add nothing but cost.
MAX_QUERY_WORDS = 8
# pg_trgm word similarity above which a title counts as a close match for a misspelled query.
TRIGRAM_THRESHOLD = 0.3
SEARCH_CONFIG = "english"

# SearchHeadline marks matches with these private-use characters instead of tags, so the snippet
# can be HTML-escaped as a whole and only then given its <mark> elements.
_MARK_START, _MARK_END = "\ue000", "\ue001"
_WORD = re.compile(r"\w+", re.UNICODE)


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


class RoleSearchVectorField(SearchVectorField):
    """A tsvector on PostgreSQL. SQLite accepts any column type, so there it is an unused,
    always-empty column and django.contrib.postgres need not be installed."""

    def _check_postgres_installed(self, *args):
        return super()._check_postgres_installed(*args) if settings.IS_POSTGRES else []


class RoleSearchIndex(GinIndex):
    """A GIN index on PostgreSQL; elsewhere an ordinary index on the empty column, because
    SQLite rebuilds tables (and their indexes) on many migrations and knows no `USING gin`."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return self.stand_in().create_sql(model, schema_editor, using=using, **kwargs)
        return super().create_sql(model, schema_editor, using=using, **kwargs)

    def stand_in(self) -> models.Index:
        """The ordinary index created in its place on other databases."""
        return models.Index(fields=self.fields, name=self.name)

    def _check_postgres_installed(self, *args):
        return super()._check_postgres_installed(*args) if settings.IS_POSTGRES else []


class TitleWordsIndex(RoleSearchIndex):
    """A trigram GIN index on UPPER(title) on PostgreSQL, the expression Django's
    `title__icontains` compares, so finding roles whose titles contain a word ("Related roles")
    is an index lookup with a row estimate the planner can trust, not a scan of the catalogue.
    Elsewhere an ordinary index on the same expression: SQLite knows no trigram operator class.
    """

    def __init__(self, *, name: str) -> None:
        from django.contrib.postgres.indexes import OpClass

        super().__init__(OpClass(Upper("title"), name="gin_trgm_ops"), name=name)

    def deconstruct(self):
        path, _, kwargs = super().deconstruct()
        return path, (), {"name": kwargs["name"]}

    def stand_in(self) -> models.Index:
        return models.Index(Upper("title"), name=self.name)


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
    return _WORD.findall(query)[:MAX_QUERY_WORDS]


def _aggregated(model, field: str, separator: str = " ") -> Subquery:
    """One role's child rows of `model`, their `field` joined into one string (a subquery)."""
    rows = model.objects.filter(role=OuterRef("pk")).order_by().values("role")
    return Subquery(rows.annotate(text=models.StringAgg(field, Value(separator))).values("text"))


def search_vector_expression():
    """The weighted vector of a role and its child rows, as one SQL expression."""
    from django.contrib.postgres.search import SearchVector

    from roles.models import FAQ, Duty, Fact, QualificationGroup

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
    from roles.models import Role

    if is_postgres():
        Role.objects.filter(pk__in=role_ids).update(search_vector=search_vector_expression())


def postgres_search(queryset: RoleQuerySet, query: str) -> RoleQuerySet:
    from django.contrib.postgres.search import (
        SearchHeadline,
        SearchQuery,
        SearchRank,
        TrigramWordSimilarity,
    )

    from roles.models import Duty

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
        start_sel=_MARK_START,
        stop_sel=_MARK_END,
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
    from roles.models import FAQ, Duty, Fact, QualificationGroup

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


def snippet_html(raw: str | None) -> SafeString:
    """A search snippet safe to show: everything escaped, then only <mark> added back."""
    text = escape(raw or "")
    text = text.replace(_MARK_START, "<mark>").replace(_MARK_END, "</mark>")
    return mark_safe(text)  # escaped above: only our own <mark> tags remain


def vocabulary(queryset: RoleQuerySet) -> set[str]:
    """Lower-cased words of the titles, summaries and category names a reader can find."""
    words: set[str] = set()
    for title, summary, category in queryset.values_list("title", "summary", "category__name"):
        words.update(w.lower() for w in _WORD.findall(f"{title} {summary} {category}"))
    return {w for w in words if len(w) > 2}


_recent_vocabularies: dict[str, frozenset[str]] = {}


def known_words(published: RoleQuerySet, scope: str) -> frozenset[str]:
    """`vocabulary(published)`, built once per state of the catalogue rather than per search
    (at 10,000 roles it reads every title and summary: ~150 ms). Kept in this process and in
    the shared cache under roles.cache.listing_state(), which moves with every edit and
    scheduled go-live. `scope` names what `published` was narrowed to (a category filter)."""
    from django.core.cache import cache

    from roles.cache import listing_state

    key = f"search:words:{listing_state()}:{scope}"
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
