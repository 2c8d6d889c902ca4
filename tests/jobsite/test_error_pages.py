"""Styled error pages that render without touching the database and never show a traceback."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views import defaults

from jobsite.middleware import service_unavailable
from jobsite.views import server_error
from tests.html import parse, visible_text


def _styled(response) -> str:
    tree = parse(response)
    assert tree.xpath("//link[@rel='stylesheet']"), "the page is not styled"
    return visible_text(response)


@pytest.mark.parametrize(
    ("render", "status", "heading"),
    [
        (
            lambda r: defaults.bad_request(r, SuspiciousOperation("x")),
            400,
            "We couldn't understand that request",
        ),
        (
            lambda r: defaults.permission_denied(r, PermissionDenied()),
            403,
            "You don't have access to this page",
        ),
        (lambda r: defaults.page_not_found(r, Http404()), 404, "We couldn't find that page"),
        (server_error, 500, "Something went wrong on our side"),
        (service_unavailable, 503, "Temporarily unavailable"),
    ],
    ids=["400", "403", "404", "500", "503"],
)
def test_error_page_renders_without_the_database(
    render, status, heading, db, django_assert_num_queries
):
    request = RequestFactory().get("/somewhere/")
    with django_assert_num_queries(0):
        response = render(request)
    assert response.status_code == status
    assert heading in _styled(response)


def test_a_bad_host_gets_the_styled_400_page():
    response = Client().get("/", headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert "We couldn't understand that request" in _styled(response)


def test_a_form_without_its_csrf_token_gets_the_styled_403_page(db):
    response = Client(enforce_csrf_checks=True).post(
        reverse("admin:login"), {"username": "a", "password": "b"}
    )
    assert response.status_code == 403
    text = _styled(response)
    assert "Nothing was saved" in text
    assert "CSRF" not in text


def test_a_crash_shows_the_500_page_and_logs_the_traceback(client, db, monkeypatch, caplog):
    def crash(*args, **kwargs):
        raise RuntimeError("boom in the category query")

    monkeypatch.setattr("roles.models.CategoryQuerySet.listed", crash)
    client.raise_request_exception = False
    response = client.get(reverse("roles:category-list"))
    assert response.status_code == 500
    text = _styled(response)
    assert "Something went wrong on our side" in text
    assert "boom" not in response.content.decode()
    assert "Traceback" not in response.content.decode()
    logged = [r for r in caplog.records if r.exc_info and "boom" in str(r.exc_info[1])]
    assert logged, "the traceback was not logged"
