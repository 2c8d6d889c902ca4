"""`?page=` on every paginated page (search excepted: it is being rewritten): the pages that
exist answer 200, any other number or spelling 404, as roles/pagination.py decides."""

from __future__ import annotations

import pytest
from django.core.paginator import EmptyPage

from roles.models import Role
from roles.pagination import CountingPaginator
from tests.factories import make_role

PAGINATED = ["/jobs/artificial-intelligence/", "/roles/a-z/a/", "/occupations/"]


MALFORMED_OR_OUT_OF_RANGE = [
    "page=999",
    "page=0",
    "page=-1",
    "page=01",
    "page=1.0",
    "page=%201",
    "page=1%20",
    "page=",
    "page=abc",
    "page=%D9%A1",  # an Arabic-Indic digit one, which int() would take
    "page=99999999999999999999",
    "page=1&page=1",
]


@pytest.mark.parametrize("path", PAGINATED)
def test_a_page_number_that_is_malformed_or_out_of_range_is_a_404(client, catalogue, path):
    assert client.get(path).status_code == 200
    assert client.get(path, {"page": 1}).status_code == 200
    answers = {
        query: client.get(f"{path}?{query}").status_code for query in MALFORMED_OR_OUT_OF_RANGE
    }
    assert answers == dict.fromkeys(MALFORMED_OR_OUT_OF_RANGE, 404)


def test_a_counting_paginator_reads_a_page_and_the_count_in_one_statement(
    category, django_assert_num_queries
):
    for n in range(5):
        make_role(category=category, title=f"Counted Role {n}", duties=0, faqs=0)
    roles = Role.objects.filter(title__startswith="Counted").order_by("title")
    with django_assert_num_queries(1):
        page = CountingPaginator(roles, 2).page(2)
        assert [r.title for r in page] == ["Counted Role 2", "Counted Role 3"]
        assert (page.paginator.count, page.paginator.num_pages, page.has_next()) == (5, 3, True)
    with django_assert_num_queries(1):
        nothing = CountingPaginator(roles.filter(title="None such"), 2).page(1)
        assert (list(nothing), nothing.paginator.count) == ([], 0)
    # An empty page past the first asks the count, to tell past-the-last from no rows at all.
    with django_assert_num_queries(2), pytest.raises(EmptyPage):
        CountingPaginator(roles, 2).page(4)
    with pytest.raises(EmptyPage):
        CountingPaginator(roles, 2).page(0)
