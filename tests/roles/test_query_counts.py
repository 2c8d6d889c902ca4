"""Every public page runs the same small number of queries at 10 and at 1,000 roles, whatever
the number of duties, FAQs or related roles. The page cache is off here (see conftest), so these
are the queries of a full render: the cost of every cache miss."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from roles.models import Category, Role
from roles.synthetic import SLUG_PREFIX
from roles.views.catalogue import ROLES_PER_CATEGORY_PAGE
from tests.catalogue import generated_catalogue
from tests.factories import make_role
from tests.html import parse


def _busiest_role() -> Role:
    """A public generated role with the most duties and FAQs, in the fullest category."""
    return (
        Role.objects.published()
        .filter(slug__startswith=SLUG_PREFIX)
        .annotate(rows=Count("duties", distinct=True) + Count("faqs", distinct=True))
        .order_by("-rows")
        .first()
    )


def _fullest_category() -> Category:
    return Category.objects.listed().order_by("-published_role_count").first()


def _last_page_of(category: Category) -> str:
    pages = -(-category.published_role_count // ROLES_PER_CATEGORY_PAGE)
    return f"{category.get_absolute_url()}?page={pages}"


def _fullest_letter() -> str:
    counts = Role.objects.published().count_by_initial()
    return max(counts, key=counts.get).lower()


# Every generated role is searchable (its vector is filled when it is generated): the
# categories of the filter, then the page of results with their count in one statement on
# PostgreSQL; SQLite counts, then reads the page (its FTS5 functions refuse a window).
SEARCH_QUERIES = 2 if settings.IS_POSTGRES else 3
# The role with its page document (its 7 kinds of rows: roles/documents.py), its career path
# (the roles its steps name, the steps other roles name it in), the check for a namesake whose
# <title> the page must not share, related roles (the nearby candidates, their qualifications,
# the card facts of those shown) and the "Compare with" suggestions.
ROLE_PAGE_QUERIES = 8
# Pay (roles/wages/pay.py): the national and picked area's figures, and the areas on offer.
ROLE_PAGE_WITH_PAY_QUERIES = ROLE_PAGE_QUERIES + 2


def _role_with_pay() -> Role:
    """The busiest generated role, given the data scientists' SOC code."""
    role = _busiest_role()
    Role.objects.filter(pk=role.pk).update(soc="15-2051")
    return role


def _second_search_page() -> str:
    """Page 2 of the results for "engineer", or page 1 when they fit on it: a page past the
    last is a 404 (tests/roles/search)."""
    from roles.views.finding import SEARCH_RESULTS_PER_PAGE

    found = Role.objects.published().search("engineer").count()
    return f"/search/?q=engineer&page={2 if found > SEARCH_RESULTS_PER_PAGE else 1}"


# page name -> (url of the page, the queries it may run). A new public page adds a line.
PAGES = {
    "home": (lambda: "/", 3),
    "category list": (lambda: "/jobs/", 1),
    # The category, the count, the page of roles and their card facts, then the career
    # ladder: the category's steps and the roles they connect.
    "category": (lambda: _fullest_category().get_absolute_url(), 6),
    "category, last page": (lambda: _last_page_of(_fullest_category()), 6),
    "role": (lambda: _busiest_role().get_absolute_url(), ROLE_PAGE_QUERIES),
    # Search runs more queries on PostgreSQL (full-text ranking, snippets) than on SQLite;
    # on either, the count must not grow with the catalogue.
    "search": (lambda: "/search/?q=engineer", SEARCH_QUERIES),
    "search, page 2": (_second_search_page, SEARCH_QUERIES),
    # The letters, then on one page (10 roles) every role and its alternate titles, or
    # beyond (1,000) the first roles of each letter, ranked, then fetched: no alternate titles.
    "A-Z index": (lambda: "/roles/a-z/", 3),
    # The letters, the count, the page of roles and the letter's alternate titles.
    "A-Z letter": (lambda: f"/roles/a-z/{_fullest_letter()}/", 4),
    "role with pay": (lambda: _role_with_pay().get_absolute_url(), ROLE_PAGE_WITH_PAY_QUERIES),
    "role with pay, a state": (
        lambda: _role_with_pay().get_absolute_url() + "?area=california",
        ROLE_PAGE_WITH_PAY_QUERIES,
    ),
    # The role with its category and occupation, then its state figures.
    "pay by state": (lambda: _role_with_pay().get_absolute_url() + "pay-by-state/", 2),
    # Groups, states, the count and the page of occupations.
    "occupations": (lambda: "/occupations/", 4),
    "occupations, a group and a state": (
        lambda: "/occupations/?group=15-0000&area=texas&sort=pay",
        4,
    ),
    # The occupation, its figures everywhere, the roles covering it.
    "occupation": (lambda: "/occupations/15-2051/", 3),
    # The pages' latest change, the categories, the roles' latest change and count, and the
    # occupations' two (roles/wages/sitemaps.py).
    "sitemap index": (lambda: "/sitemap.xml", 6),
    "pages sitemap": (lambda: "/sitemap-pages.xml", 1),
    "occupations sitemap": (lambda: "/sitemap-occupations.xml", 2),
    "categories sitemap": (lambda: "/sitemap-categories.xml", 1),
    # The count (for the page number) and the page of roles.
    "roles sitemap": (lambda: "/sitemap-roles.xml", 2),
}


@pytest.mark.parametrize("size", [10, 1000])
@pytest.mark.parametrize("page", PAGES)
def test_public_page_query_count_is_the_same_at_10_and_1000_roles(
    client, db, django_assert_num_queries, page, size
):
    generated_catalogue(size)
    url_of, queries = PAGES[page]
    url = url_of()
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200


def test_role_page_size_does_not_grow_with_the_catalogue(client, db):
    """Nothing on a role page lists the whole catalogue (a "Compare with" list of every role
    once made it 860 kB at 10,000 roles)."""
    sizes = []
    for size in (10, 1000):
        call_command("generate_roles", count=size, seed=1, categories=4, verbosity=0)
        role = Role.objects.published().filter(slug__startswith=SLUG_PREFIX).order_by("pk")[0]
        sizes.append(len(client.get(role.get_absolute_url()).content))
    assert sizes[1] < sizes[0] * 1.2, sizes


def test_a_role_page_reads_long_text_of_its_own_role_only(client, db):
    """The roles it links to (related roles, the career path) are read as cards: a role row is
    mostly long text, and reading it for six other roles was most of the page's database work.
    No page reads the search vector, the row's largest column."""
    generated_catalogue(10)
    role = _busiest_role()
    other = Role.objects.published().exclude(pk=role.pk).first()
    role.career_steps.create(direction="to", other_slug=other.slug, what_it_takes="Practice.")
    with CaptureQueriesContext(connection) as queries:
        page = client.get(role.get_absolute_url())
    assert other.title in page.content.decode()
    reading_roles = [q["sql"] for q in queries if 'FROM "roles_role"' in q["sql"]]
    assert sum('"cover_letter"' in sql for sql in reading_roles) == 1, reading_roles
    assert not any("search_vector" in q["sql"] for q in queries)


# A search that matches nothing as typed, after the categories and the (empty) page of matches:
# the vocabulary's state, then the page of the corrected query's results with their count (on
# SQLite a count, then the page); with no correction, the page of the titles spelled alike
# (PostgreSQL only: SQLite has none).
MISSPELLED_SEARCH_QUERIES = 4 if settings.IS_POSTGRES else 5
NO_MATCH_SEARCH_QUERIES = 4 if settings.IS_POSTGRES else 3


@pytest.mark.parametrize("size", [10, 1000])
@pytest.mark.parametrize(
    ("typed", "queries"),
    [("lighthuose", MISSPELLED_SEARCH_QUERIES), ("qwzxvbn", NO_MATCH_SEARCH_QUERIES)],
)
def test_misspelled_and_unmatched_searches_run_the_same_queries_at_10_and_1000_roles(
    client, db, django_assert_num_queries, typed, queries, size
):
    generated_catalogue(size)
    make_role(category=Category.objects.first(), title="Lighthouse Keeper")
    # The first search after a change builds the vocabulary (one query), kept until the next.
    client.get("/search/", {"q": typed})
    with django_assert_num_queries(queries):
        response = client.get("/search/", {"q": typed})
    found = [a.text for a in parse(response).cssselect(".result__title a")]
    assert found == (["Lighthouse Keeper"] if typed == "lighthuose" else [])
