"""Each open data answer runs the same queries at 10 and at 1,000 roles (the pattern of
tests/roles/test_query_counts.py): the cost of every cache miss does not grow with the
catalogue."""

from __future__ import annotations

import pytest

from roles.models import Role
from roles.synthetic import SLUG_PREFIX
from tests.catalogue import first_generated_role_with_pay, generated_catalogue


def _json_url() -> str:
    role = first_generated_role_with_pay()
    return f"/jobs/{role.category.slug}/{role.slug}.json"


# answer -> (its address, the queries it may run). Counting and reading a page are two; a role
# in full is the role with its category, occupation and page document (which holds its rows:
# roles/documents.py), and its pay (the figures, one query).
PAGES = {
    "categories": (lambda: "/api/v1/categories", 2),
    "roles": (lambda: "/api/v1/roles", 2),
    "roles, filtered": (lambda: "/api/v1/roles?soc=15-2051&updated_since=2000-01-01", 2),
    # The category asked for, then the count and the page.
    "roles of a category": (
        lambda: (
            f"/api/v1/roles?category={first_generated_role_with_pay().category.slug}&per_page=100"
        ),
        3,
    ),
    "role": (lambda: f"/api/v1/roles/{first_generated_role_with_pay().slug}", 2),
    "role, in a state": (
        lambda: f"/api/v1/roles/{first_generated_role_with_pay().slug}?area=california",
        2,
    ),
    ".json": (_json_url, 2),
    # The occupation, the release, its national figures, the roles naming it.
    "occupation": (lambda: "/api/v1/occupations/15-2051", 4),
    "occupations": (lambda: "/api/v1/occupations", 2),
    # The occupation, the release, the count, the page.
    "wages": (lambda: "/api/v1/occupations/15-2051/wages", 4),
    "releases": (lambda: "/api/v1/releases", 1),
    # The listed categories and the roles.
    "llms.txt": (lambda: "/llms.txt", 2),
}


@pytest.mark.parametrize("size", [10, 1000])
@pytest.mark.parametrize("page", PAGES)
def test_open_data_query_count_is_the_same_at_10_and_1000_roles(
    client, db, django_assert_num_queries, page, size
):
    generated_catalogue(size)
    url_of, queries = PAGES[page]
    url = url_of()
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("size", [10, 1000])
def test_the_bulk_files_are_built_in_the_same_queries_up_to_a_thousand_roles(
    client, db, django_assert_num_queries, size
):
    """The categories, the roles with their category, occupation and page document (one chunk
    of roles.bulk.ROLE_CHUNK), the newest release and the pay figures."""
    generated_catalogue(size)
    Role.objects.filter(slug__startswith=SLUG_PREFIX).update(soc="15-2051")
    with django_assert_num_queries(1 + 1 + 1 + 1):
        assert client.get("/data/manifest.json").status_code == 200
