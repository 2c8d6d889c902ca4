"""The API as a developer uses it: what each operation answers, its filters and pages, its
validators, and its errors, always JSON in one shape."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from roles import derived
from roles.content import SECTIONS
from roles.models import ROW_KINDS, Fact, Role
from tests.factories import make_complete_role, make_role


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"status", "code", "message", "errors"}
    assert (body["status"], body["code"]) == (status, code)
    assert body["message"]
    assert "Traceback" not in response.content.decode()
    return body


def test_a_role_in_full_has_every_section_row_kind_and_fact_source(client, shown):
    Fact.objects.filter(role=shown).update(
        source_name="BLS Employment Projections 2024-34",
        source_url="https://www.bls.gov/emp/",
        as_of="2025-08-28",
    )
    derived.refresh(role_ids=[shown.pk])  # QuerySet.update sends no signals: report the write
    role = client.get("/api/v1/roles/harbour-pilot").json()
    assert [s["keys"] for s in role["sections"]] == [
        list(s.fields or (s.source,)) for s in SECTIONS
    ]
    for section in role["sections"]:
        for key in section["keys"]:
            assert key in role, key
    assert role["entry_credentials"] == shown.entry_credentials
    for kind in ROW_KINDS:
        rows = role[kind.related_name]
        assert rows, kind.related_name
        assert set(rows[0]) == {"position", *kind.fields}
    fact = role["facts"][0]
    assert fact["source_name"] == "BLS Employment Projections 2024-34"
    assert fact["source_url"] == "https://www.bls.gov/emp/"
    assert fact["as_of"] == "2025-08-28"
    assert role["summary"] == shown.summary
    assert role["category"]["slug"] == "visible-work"
    assert role["url"].endswith("/jobs/visible-work/harbour-pilot/")


def test_a_role_has_its_national_pay_and_that_of_the_area_asked_for(client, shown):
    national = client.get("/api/v1/roles/harbour-pilot").json()["pay"]
    assert national["occupation"] == {
        "code": "15-2051",
        "title": "Data Scientists",
        "nearest": False,
    }
    assert national["national"]["area"]["kind"] == "national"
    assert national["national"]["annual_median"] > 0
    assert national["release"]["label"] == "May 2025"
    assert "public domain" in national["release"]["licence"]
    assert national["area"] is None
    local = client.get("/api/v1/roles/harbour-pilot?area=california").json()["pay"]
    assert local["area"]["area"]["slug"] == "california"
    body = _error(client.get("/api/v1/roles/harbour-pilot?area=atlantis"), 400, "bad_request")
    assert "atlantis" in body["message"]


def test_a_role_without_an_soc_code_has_no_pay(client, db):
    role = make_role(slug="no-code")
    assert client.get(f"/api/v1/roles/{role.slug}").json()["pay"] is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("category=visible-work", ["harbour-pilot"]),
        ("soc=15-2051", ["harbour-pilot"]),
        ("search=harbour", ["harbour-pilot"]),
        ("search=nonexistentword", []),
    ],
)
def test_roles_filter_by_category_soc_and_search(client, shown, query, expected):
    make_role(slug="elsewhere-role", title="Tram Driver")
    found = client.get(f"/api/v1/roles?{query}").json()["results"]
    assert [r["slug"] for r in found] == expected


def test_roles_filter_by_the_moment_their_content_last_changed(client, shown):
    old = make_role(slug="old-role")
    Role.objects.filter(pk=old.pk).update(content_updated_at=timezone.now() - timedelta(days=30))
    since = (timezone.now() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    found = client.get("/api/v1/roles", {"updated_since": since}).json()["results"]
    assert [r["slug"] for r in found] == ["harbour-pilot"]
    day = (timezone.now() - timedelta(days=60)).date().isoformat()
    found = client.get("/api/v1/roles", {"updated_since": day}).json()["results"]
    assert {r["slug"] for r in found} == {"harbour-pilot", "old-role"}


def test_lists_are_paginated_with_links_to_their_neighbours(client, db):
    for _ in range(3):
        make_role()
    first = client.get("/api/v1/roles?per_page=2").json()
    assert (first["count"], first["pages"], first["previous"]) == (3, 2, None)
    assert first["next"].endswith("/api/v1/roles?page=2&per_page=2")
    second = client.get("/api/v1/roles?page=2&per_page=2").json()
    assert len(second["results"]) == 1 and second["next"] is None
    assert {r["slug"] for r in first["results"] + second["results"]} == set(
        Role.objects.values_list("slug", flat=True)
    )


@pytest.mark.parametrize(
    ("url", "status", "code", "says"),
    [
        ("/api/v1/roles/no-such-role", 404, "not_found", "no-such-role"),
        ("/api/v1/categories/no-such-category", 404, "not_found", "no-such-category"),
        ("/api/v1/occupations/99-9999", 404, "not_found", "99-9999"),
        ("/api/v1/occupations/99-99", 400, "bad_request", "code"),
        ("/api/v1/roles?page=9", 404, "page_out_of_range", "Page 9 does not exist"),
        ("/api/v1/roles?page=0", 400, "bad_request", "page"),
        ("/api/v1/roles?page=abc", 400, "bad_request", "page"),
        ("/api/v1/roles?per_page=1000", 400, "bad_request", "per_page"),
        ("/api/v1/roles?soc=15-20", 400, "bad_request", "soc"),
        ("/api/v1/roles?updated_since=yesterday", 400, "bad_request", "updated_since"),
        ("/api/v1/roles?category=no-such-category", 400, "bad_request", "no-such-category"),
        ("/api/v1/roles?categroy=visible-work", 400, "bad_request", "categroy"),
        ("/api/v1/occupations/15-2051/wages?release=99", 404, "not_found", "release"),
        ("/api/v1/no-such-operation", 404, "not_found", "/api/v1/no-such-operation"),
        ("/api/v2/roles", 404, "not_found", "/api/v2/roles"),
    ],
)
def test_errors_are_json_with_a_clear_message(client, shown, url, status, code, says):
    body = _error(client.get(url), status, code)
    assert says in body["message"]


def test_a_bad_parameter_is_named_in_the_errors(client, db):
    body = _error(client.get("/api/v1/roles?page=abc&per_page=0"), 400, "bad_request")
    assert {e["parameter"] for e in body["errors"]} == {"page", "per_page"}


def test_an_unexpected_error_is_a_json_500_without_a_traceback(client, shown):
    with mock.patch("roles.open_data.documents.role_document", side_effect=RuntimeError("boom")):
        body = _error(client.get("/api/v1/roles/harbour-pilot"), 500, "server_error")
    assert "boom" not in body["message"]


def test_a_renamed_role_answers_301_to_its_new_address(client, shown):
    shown.slug = "sea-pilot"
    shown.save()
    response = client.get("/api/v1/roles/harbour-pilot?area=california")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/roles/sea-pilot?area=california"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/roles",
        "/api/v1/roles/harbour-pilot",
        "/api/v1/categories",
        "/api/v1/occupations",
        "/api/v1/areas",
        "/api/v1/releases",
        "/api/v1/openapi.json",
        "/jobs/visible-work/harbour-pilot.json",
        "/data/manifest.json",
        "/data/roles.csv",
    ],
)
def test_answers_carry_an_etag_and_cache_control_and_answer_304(client, shown, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["ETag"]
    assert "public" in response["Cache-Control"]
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert again.content == b""


def test_occupations_and_their_wages_by_area(client, shown):
    occupations = client.get("/api/v1/occupations?group=15-0000").json()["results"]
    assert "15-2051" in [o["code"] for o in occupations]
    assert all(o["major_group"] == "15-0000" for o in occupations)
    detail = client.get("/api/v1/occupations/15-2051").json()
    assert [r["slug"] for r in detail["roles"]] == ["harbour-pilot"]
    assert detail["national"]["area"]["kind"] == "national"
    states = client.get("/api/v1/occupations/15-2051/wages?kind=state").json()["results"]
    assert states and all(w["area"]["kind"] == "state" for w in states)
    areas = client.get("/api/v1/areas?kind=state").json()["results"]
    assert {a["slug"] for a in areas} >= {w["area"]["slug"] for w in states}
    releases = client.get("/api/v1/releases").json()
    assert [r["label"] for r in releases] == ["May 2025"]


def test_top_coded_figures_are_null_and_named(client, shown):
    from roles.wages.models import Wage

    Wage.objects.filter(occupation="15-2051", area__kind="national").update(
        annual_p90=None, top_coded="annual_p90"
    )
    national = client.get("/api/v1/roles/harbour-pilot").json()["pay"]["national"]
    assert national["annual_p90"] is None
    assert national["top_coded"] == ["annual_p90"]


def test_the_role_json_beside_the_page_is_the_apis_document(client, shown):
    page_json = client.get("/jobs/visible-work/harbour-pilot.json")
    assert page_json["Content-Type"] == "application/json; charset=utf-8"
    assert page_json.json() == client.get("/api/v1/roles/harbour-pilot").json()
    moved = client.get("/jobs/other/harbour-pilot.json")
    assert moved.status_code == 301
    assert moved["Location"] == "/jobs/visible-work/harbour-pilot.json"


def test_the_role_page_links_its_json_and_the_preview_does_not(client, admin_client, db):
    role = make_complete_role()
    page = client.get(role.get_absolute_url()).content.decode()
    json_url = f"/jobs/{role.category.slug}/{role.slug}.json"
    link = f'type="application/json" title="{role.title} as JSON" href="{json_url}"'
    assert f'<link rel="alternate" {link}>' in page
    assert client.get(json_url).status_code == 200
    draft = make_role(status=Role.Status.DRAFT, published_at=None)
    preview = admin_client.get(f"/preview/roles/{draft.pk}/").content.decode()
    assert 'type="application/json"' not in preview
