"""HEAD carries the validators GET does (roles/views/conditional.py, and the page cache's hits
and misses in tests/roles/page_cache)."""

from __future__ import annotations

import pytest

from tests.factories import make_role


@pytest.fixture
def pages(role):
    make_role(category=role.category, title="Second Role")
    return [role.get_absolute_url(), role.category.get_absolute_url()]


def test_head_carries_the_etag_of_get_and_revalidates_with_304(client, pages):
    for url in pages:
        get = client.get(url)
        head = client.head(url)
        assert head.status_code == 200, url
        assert head["ETag"] == get["ETag"], url
        assert head["Content-Length"] == get["Content-Length"], url
        assert client.head(url, headers={"If-None-Match": get["ETag"]}).status_code == 304


def test_head_of_the_feed_carries_its_last_modified(client, role):
    assert client.head("/feed/")["Last-Modified"] == client.get("/feed/")["Last-Modified"]
