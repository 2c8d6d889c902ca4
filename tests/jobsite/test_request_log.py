"""One structured log line per request, tied to the response by its X-Request-ID."""

from __future__ import annotations

import io
import json
import logging

import pytest
from django.urls import reverse

from jobsite.logging import JsonFormatter, RequestIdFilter


@pytest.fixture
def json_log():
    """What the production log handler writes, captured: the root logger's JSON output."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)

    def entries() -> list[dict]:
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    yield entries
    root.removeHandler(handler)


def test_each_request_logs_one_json_line(client, role, json_log):
    response = client.get(role.get_absolute_url())
    request_lines = [e for e in json_log() if e["logger"] == "jobsite.request"]
    assert len(request_lines) == 1
    line = request_lines[0]
    assert line["method"] == "GET"
    assert line["path"] == role.get_absolute_url()
    assert line["status"] == 200
    assert line["duration_ms"] >= 0
    assert line["level"] == "INFO"
    assert line["request_id"] == response["X-Request-ID"]
    assert len(line["request_id"]) == 32


def test_an_incoming_request_id_is_kept_and_echoed(client, db, json_log):
    response = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a-0001"})
    assert response["X-Request-ID"] == "lb-7f3a-0001"
    assert json_log()[-1]["request_id"] == "lb-7f3a-0001"


def test_a_forged_request_id_is_replaced(client, db, json_log):
    forged = 'x"}\n{"level": "CRITICAL"'
    response = client.get("/healthz", headers={"X-Request-ID": forged})
    assert response["X-Request-ID"] != forged
    assert len(json_log()) == 1  # still one line: the forged one did not break out
    assert json_log()[0]["request_id"] == response["X-Request-ID"]


def test_every_record_during_a_request_carries_its_id(client, db, json_log, monkeypatch):
    def crash(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("roles.models.CategoryQuerySet.listed", crash)
    client.raise_request_exception = False
    response = client.get(reverse("roles:category-list"), headers={"X-Request-ID": "req-500"})
    assert response.status_code == 500
    entries = json_log()
    error = next(e for e in entries if e["level"] == "ERROR")
    assert error["request_id"] == "req-500"
    assert "RuntimeError: boom" in error["exc_info"]
    assert "Traceback (most recent call last)" in error["exc_info"]
    assert entries[-1]["status"] == 500 and entries[-1]["request_id"] == "req-500"
    assert "boom" not in response.content.decode()


def test_records_outside_a_request_say_so(json_log):
    logging.getLogger("jobsite.test").warning("started", extra={"workers": 2})
    assert json_log() == [
        {
            "time": json_log()[0]["time"],
            "level": "WARNING",
            "logger": "jobsite.test",
            "message": "started",
            "request_id": "-",
            "workers": 2,
        }
    ]
