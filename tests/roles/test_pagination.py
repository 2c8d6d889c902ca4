"""`?page=` on every paginated page (search excepted: it is being rewritten): the pages that
exist answer 200, any other number or spelling 404, as roles/pagination.py decides."""

from __future__ import annotations

import pytest

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
