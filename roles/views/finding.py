"""Pages that help a reader find roles: search, suggestions, the A-Z index and comparing two
roles. Thin views over RoleQuerySet and roles/search."""

from __future__ import annotations

from typing import Any

from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from roles import a_to_z, seo
from roles.content import aligned_entry_routes
from roles.models import LINK_FIELDS, AlternateTitle, Category, Role, RoleQuerySet, TitleOrder
from roles.page_cache import page_cache_scope
from roles.pagination import CountingPaginator, page_number, page_or_404
from roles.paths import role_paths
from roles.redirects import moved_role
from roles.search import query as search_query
from roles.search import words
from roles.search.vocabulary import known_words
from roles.views.role import compare_suggestions
from roles.wages.pay import compare_pay, ranked_or_by_pay

SEARCH_RESULTS_PER_PAGE = 20


# What a result shows: its title and link, category, pay and snippet (an annotation).
RESULT_FIELDS = (*LINK_FIELDS, "category__name", "soc", "soc_is_nearest")


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    query, shortened = words.clean_query(request.GET.get("q"))
    # The category filter names categories only: no need to count their roles.
    categories = Category.objects.with_published_roles().only("name", "slug")
    category = next((c for c in categories if c.slug == request.GET.get("category")), None)
    roles = Role.objects.published()
    if category:
        roles = roles.filter(category=category)
    context: dict[str, Any] = {
        "query": query,
        "shortened": shortened,
        "max_length": words.MAX_QUERY_LENGTH,
        "categories": categories,
        "category": category,
        "page": None,
        "suggestion": None,
        "showing_suggestion": False,
        "page_meta": seo.search_meta(query),
        "page_query_string": urlencode(
            {"q": query, **({"category": category.slug} if category else {})}
        )
        + ("&sort=pay" if request.GET.get("sort") else "")
        + "&",
        "sort": request.GET.get("sort", ""),
    }
    if words.query_words(query):
        scope = category.slug if category else ""
        number = page_number(request)
        page, suggestion = search_results(roles, query, scope, request.GET.get("sort"), number)
        context.update(suggestion=suggestion, showing_suggestion=bool(suggestion))
        # A query that names pay ("nurse salary") leads to each role's pay section.
        context["pay_anchor"] = "#pay" if words.names_pay(query) else ""
        path = role_paths()
        for role in page.object_list:
            role.snippet = words.snippet_html(role.raw_snippet)
            role.path = path(role.category.slug, role.slug)
        context["page"] = page
    return render(request, "roles/search.html", context)


def search_results(
    roles: RoleQuerySet, query: str, scope: str, sort: str | None, number: int
) -> tuple[Page, str | None]:
    """Page `number` of the results a search shows, and the correction they are for: the roles
    matching the query as typed; when none does, those matching its "Did you mean" correction
    (offered only when it is sure and finds roles); else the titles spelled nearly like it.
    Each list tried costs one statement on PostgreSQL, its page and count together (on SQLite
    a count, and the page when there is one): the vocabulary and the trigram match are
    consulted only when the lists before them are empty. A page past the
    last of the list shown is a 404. `scope` names the category `roles` is narrowed to, for
    the vocabulary's cache."""

    def page_of(found: RoleQuerySet) -> Page | None:
        """Page `number` of `found`, or None when nothing was found."""
        found = found.select_related("category").only(*RESULT_FIELDS)
        # SQLite's FTS5 functions refuse a query with a window function: it counts first.
        paginating = CountingPaginator if search_query.is_postgres() else Paginator
        paginator = paginating(ranked_or_by_pay(found, sort), SEARCH_RESULTS_PER_PAGE)
        try:
            page = paginator.page(number)
        except InvalidPage:
            page = None
        if not paginator.count:
            return None
        if page is None:
            raise Http404("No such page.")
        return page

    parsed = words.parse_query(query)
    results = page_of(search_query.matches(roles, parsed))
    if results is not None:
        return results, None
    suggestion = words.did_you_mean(query, known_words(roles, scope=scope))
    if suggestion:
        corrected = page_of(search_query.matches(roles, words.parse_query(suggestion)))
        if corrected is not None:
            return corrected, suggestion
    close = page_of(search_query.close_titles(roles, parsed))
    if close is not None:
        return close, None
    if number != 1:
        raise Http404("No such page.")
    return Paginator([], SEARCH_RESULTS_PER_PAGE).page(1), None


@require_GET
def search_suggest(request: HttpRequest) -> JsonResponse:
    """Titles for the header search box's suggestion list, as JSON."""
    query = request.GET.get("q", "")
    return JsonResponse(
        {"query": query, "suggestions": search_query.suggestions(Role.objects.published(), query)}
    )


@page_cache_scope(lambda: None)
def role_index(request: HttpRequest) -> HttpResponse:
    """Published roles A to Z: all of them while the catalogue is small, with their alternate
    titles, else the first few of each letter with a link to the letter's page. Three
    queries: the letters, then the roles and their alternate titles, or the ids of each
    letter's first roles and those roles."""
    published = Role.objects.published()
    letters = a_to_z.letters(published)
    whole = sum(letter.count for letter in letters.values()) <= a_to_z.ONE_PAGE_LIMIT
    roles = published.select_related("category").only(*a_to_z.ROLE_FIELDS)
    roles = roles.order_by(TitleOrder())
    if whole:
        # The whole index lists every role, so every alternate title too; filled first, so
        # that a letter only an alternate title starts with joins the letter bar.
        roles = roles.prefetch_related(
            Prefetch("alternate_titles", AlternateTitle.objects.only("role", "title"))
        )
        other_titles = a_to_z.alternates_of(roles)
    else:
        roles = roles.first_of_each_initial(a_to_z.PREVIEW_PER_LETTER)
        other_titles = []
    groups = a_to_z.fill(letters, roles, other_titles)
    return render(
        request,
        "roles/role_index.html",
        {
            "alphabet": a_to_z.alphabet(letters),
            "groups": groups,
            "whole": whole,
            "page_meta": seo.role_index_meta(),
        },
    )


@page_cache_scope(lambda letter: None, paginated=True)
def role_index_letter(request: HttpRequest, letter: str) -> HttpResponse:
    """The published roles of one letter of the A-Z index, paginated, and on its first page the
    alternate titles starting with the letter. Four queries. Another
    spelling of a letter ("A", "0") answers 301 to its one address, keeping the query."""
    canonical = a_to_z.canonical_slug(letter)
    if canonical is None:
        raise Http404("No such letter.")
    if canonical != letter:
        url = reverse("roles:role-index-letter", kwargs={"letter": canonical})
        query = request.GET.urlencode()
        return redirect(f"{url}?{query}" if query else url, permanent=True)
    published = Role.objects.published()
    letters = a_to_z.letters(published)
    name = a_to_z.name_for_slug(letter) or ""
    current = letters.get(name)
    if current is None and name.isalpha():
        # No role's own title starts with it; an alternate title may.
        current = a_to_z.Letter(name, initials=[name])
    if current is None:
        raise Http404("No roles under that letter.")
    roles = (
        published.with_initial()
        .filter(initial__in=current.initials)  # type: ignore[misc]  # annotated by with_initial()
        .select_related("category")
        .only(*a_to_z.ROLE_FIELDS)
        .order_by(TitleOrder())
    )
    page = page_or_404(Paginator(roles, a_to_z.ROLES_PER_LETTER_PAGE), request)
    other_titles = a_to_z.alternates(published, current.initials) if page.number == 1 else []
    if not current.count and not other_titles:
        raise Http404("No roles under that letter.")
    a_to_z.fill({current.name: current}, page.object_list, other_titles)
    return render(
        request,
        "roles/role_index.html",
        {
            "alphabet": a_to_z.alphabet(letters),
            "groups": [current],
            "current": current,
            "page": page,
            "page_meta": seo.role_index_meta(current, page.number),
        },
    )


def compare(request: HttpRequest, slug_a: str, slug_b: str) -> HttpResponse:
    if slug_a == slug_b:
        raise Http404("Compare two different roles.")
    roles = (
        Role.objects.published().with_page_document().in_bulk([slug_a, slug_b], field_name="slug")
    )
    if len(roles) != 2:
        # A renamed role's old comparisons move with it.
        first, second = (roles.get(slug) or moved_role(slug) for slug in (slug_a, slug_b))
        if first is None or second is None or first == second:
            raise Http404("No such role.")
        slugs = {"slug_a": first.slug, "slug_b": second.slug}
        return redirect(reverse("roles:compare", kwargs=slugs), permanent=True)
    left, right = roles[slug_a], roles[slug_b]
    return render(
        request,
        "roles/compare.html",
        {
            "left": left,
            "right": right,
            "pair": [left, right],
            "fact_rows": aligned_facts(left, right),
            "entry_rows": aligned_entry_routes(left, right),
            "pay": compare_pay(left, right, request.GET.get("area")),
            "page_meta": seo.compare_meta(left, right),
        },
    )


def aligned_facts(left: Role, right: Role) -> list[tuple[str, str, str]]:
    """(label, left value, right value) rows: facts of the same kind (or, for "other" facts, the
    same label) side by side, in the left role's order, then the right role's extras."""

    def key(fact) -> str:
        return fact.kind if fact.kind != fact.Kind.OTHER else f"other:{slugify(fact.label)}"

    right_facts = {key(f): f for f in right.facts.all()}
    rows = []
    for fact in left.facts.all():
        other = right_facts.pop(key(fact), None)
        rows.append((fact.label, fact.value, other.value if other else ""))
    rows += [(fact.label, "", fact.value) for fact in right_facts.values()]
    return rows


@require_GET
def compare_pick(request: HttpRequest) -> HttpResponse:
    """/compare/: with nothing asked, a page to pick two roles. The "Compare with..." form on a
    role page sends that role's slug (`a`) and the other role as typed (`b`: a title, a slug
    or words to search for); the landing page's form sends both as typed. Either is sent on to
    /compare/<a>/<b>/; works without JavaScript."""
    published = Role.objects.published()
    typed_a = words.clean_query(request.GET.get("a"))[0]
    wanted = words.clean_query(request.GET.get("b"))[0]
    if not typed_a:
        return compare_landing(request, wanted_a="", wanted_b=wanted, status=200)
    left = published.select_related("category").filter(slug=typed_a).first()
    left = left or published.best_match(typed_a)
    if left is None:
        return compare_landing(request, wanted_a=typed_a, wanted_b=wanted, status=404)
    same_role = wanted.casefold() in (left.slug, left.title.casefold())
    right = None if same_role else published.exclude(pk=left.pk).best_match(wanted)
    if right is None:
        context = {
            "left": left,
            "wanted": wanted,
            "same_role": same_role,
            "compare_suggestions": compare_suggestions(left),
        }
        return render(request, "roles/compare_pick.html", context, status=404)
    return redirect(reverse("roles:compare", kwargs={"slug_a": left.slug, "slug_b": right.slug}))


def compare_landing(
    request: HttpRequest, wanted_a: str, wanted_b: str, status: int
) -> HttpResponse:
    """The form to pick two roles, with the first as typed when it matched none (404 then).
    Thin, so noindex; the A-Z index and categories are the pages to crawl."""
    return render(
        request,
        "roles/compare_landing.html",
        {"wanted_a": wanted_a, "wanted_b": wanted_b, "page_meta": seo.compare_landing_meta()},
        status=status,
    )
