"""A modest per-client rate limit on the API: past API_RATE_LIMIT requests in a window, 429
with Retry-After, counted in the shared cache so that several instances count one client once."""

from __future__ import annotations

import itertools
import json

import pytest
from django.test import Client

from roles.open_data.rate_limit import ApiRateLimitMiddleware

pytestmark = pytest.mark.rate_limit

_addresses = (f"198.51.100.{n}" for n in itertools.count(1))


@pytest.fixture
def limited(settings):
    """A limit of 3 requests a minute, and a client address of this test's own."""
    settings.API_RATE_LIMIT = 3
    settings.API_RATE_WINDOW = 60
    return next(_addresses)


def test_past_the_limit_the_api_answers_429_with_retry_after(client, db, limited):
    answers = [client.get("/api/v1/releases", REMOTE_ADDR=limited) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert [a["RateLimit-Remaining"] for a in answers] == ["2", "1", "0", "0"]
    refused = answers[-1]
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused["Cache-Control"] == "no-store"
    body = json.loads(refused.content)
    assert (body["status"], body["code"]) == (429, "rate_limited")
    assert "/data/" in body["message"]


def test_every_api_address_counts_and_other_clients_are_not_limited(client, db, limited):
    for url in ("/api/v1/releases", "/api/v1/openapi.json", "/api/v1/no-such-operation"):
        client.get(url, REMOTE_ADDR=limited)
    assert client.get("/api/v1/docs/", REMOTE_ADDR=limited).status_code == 429
    assert client.get("/api/v1/releases", REMOTE_ADDR=next(_addresses)).status_code == 200


def test_pages_and_bulk_files_are_not_limited(client, db, limited):
    for _ in range(5):
        assert client.get("/data/manifest.json", REMOTE_ADDR=limited).status_code == 200
        assert client.get("/llms.txt", REMOTE_ADDR=limited).status_code == 200


def test_the_count_is_shared_by_every_instance(db, limited):
    """Two instances (two middleware stacks, as two gunicorn processes have) count one client
    once: the counter is in the shared cache, not in the process."""
    first, second = Client(), Client()
    first.get("/api/v1/releases", REMOTE_ADDR=limited)
    second.handler.load_middleware()  # a fresh stack, nothing carried over in memory
    second.get("/api/v1/releases", REMOTE_ADDR=limited)
    first.get("/api/v1/releases", REMOTE_ADDR=limited)
    assert second.get("/api/v1/releases", REMOTE_ADDR=limited).status_code == 429


@pytest.mark.page_cache
def test_answers_from_the_cache_count_too(client, db, limited):
    for _ in range(3):
        client.get("/api/v1/releases", REMOTE_ADDR=limited)
    assert client.get("/api/v1/releases", REMOTE_ADDR=limited).status_code == 429


def test_the_client_is_its_address_as_our_proxies_saw_it(client, db, limited, settings):
    """Behind one proxy, an X-Forwarded-For the client wrote itself changes nothing."""
    settings.TRUSTED_PROXY_COUNT = 1
    for forged in ("203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4"):
        response = client.get(
            "/api/v1/releases", HTTP_X_FORWARDED_FOR=f"{forged}, {limited}", REMOTE_ADDR="10.0.0.1"
        )
    assert response.status_code == 429


def test_a_cache_that_fails_limits_nobody(client, db, limited, monkeypatch):
    from roles.open_data import rate_limit

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(rate_limit, "_count", down)
    for _ in range(5):
        assert client.get("/api/v1/releases", REMOTE_ADDR=limited).status_code == 200


def test_the_middleware_runs_before_the_page_cache():
    from django.conf import settings

    middleware = settings.MIDDLEWARE
    here = f"{ApiRateLimitMiddleware.__module__}.{ApiRateLimitMiddleware.__name__}"
    assert middleware.index(here) < middleware.index("roles.page_cache.PageCacheMiddleware")
