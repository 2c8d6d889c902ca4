"""Health checks, and a calm 503 instead of a traceback when the database is away."""

from __future__ import annotations

import json
import socket

from django.db import OperationalError
from django.urls import reverse

from tests.jobsite.production import PRODUCTION_ENV, run_python


def test_healthz_answers_without_the_database(client, django_assert_num_queries, db):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_checks_database_and_cache(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_readyz_is_503_when_the_cache_fails(client, db, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr("jobsite.middleware.cache.set", broken)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "cache": "failing"}


def test_health_checks_answer_any_host_over_plain_http(client, db, settings):
    """Docker and load balancers probe by IP over plain HTTP, which production otherwise
    redirects or refuses."""
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["roleatlas.example"]
    assert client.get("/healthz", headers={"Host": "10.0.0.7:8000"}).status_code == 200
    assert client.get("/readyz", headers={"Host": "10.0.0.7:8000"}).status_code == 200
    assert client.get("/jobs/", headers={"Host": "10.0.0.7:8000"}).status_code == 400


def test_a_database_error_in_a_view_gives_the_styled_503_page(client, db, monkeypatch):
    def lost(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("roles.models.CategoryQuerySet.listed", lost)
    response = client.get(reverse("roles:category-list"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Temporarily unavailable" in response.content.decode()
    assert "server closed" not in response.content.decode()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again on leaving the block: nothing listens


# Runs in a production-mode process whose database is a PostgreSQL address where nothing
# listens; prints what a reader and an operator see, as JSON.
OUTAGE_PROBE = """
import json, django
django.setup()
from django.test import Client
client = Client(headers={"X-Forwarded-Proto": "https", "Host": "roleatlas.example"})
page = client.get("/jobs/", headers={"X-Request-ID": "probe-42"})
print("RESULT " + json.dumps({
    "status": page.status_code,
    "retry_after": page.get("Retry-After"),
    "body": page.content.decode(),
    "healthz": client.get("/healthz").status_code,
    "readyz": client.get("/readyz").json(),
}))
"""


def test_with_the_database_unreachable_readers_get_503_and_operators_a_json_log():
    url = f"postgres://postgres@127.0.0.1:{_closed_port()}/nothing_here"
    result = run_python(OUTAGE_PROBE, **PRODUCTION_ENV, DATABASE_URL=url, CONN_MAX_AGE="0")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    seen = json.loads(next(line for line in lines if line.startswith("RESULT "))[7:])
    assert seen["status"] == 503
    assert seen["retry_after"] == "30"
    assert "Temporarily unavailable" in seen["body"]
    assert "Traceback" not in seen["body"] and "127.0.0.1" not in seen["body"]
    assert seen["healthz"] == 200
    assert seen["readyz"] == {"status": "unavailable", "database": "failing", "cache": "ok"}

    logs = [json.loads(line) for line in lines if line.startswith("{")]
    request_line = next(e for e in logs if e.get("path") == "/jobs/" and "status" in e)
    assert request_line["status"] == 503
    assert request_line["method"] == "GET"
    assert request_line["request_id"] == "probe-42"
    assert isinstance(request_line["duration_ms"], float)
    errors = [e for e in logs if e["level"] == "ERROR" and "/jobs/" in json.dumps(e)]
    assert errors and all(e["request_id"] == "probe-42" for e in errors), errors
    traced = next(e for e in logs if "exc_info" in e)
    assert traced["request_id"] == "probe-42"
    assert traced["exc_info"].startswith("Traceback (most recent call last)")
    assert "OperationalError" in traced["exc_info"]
