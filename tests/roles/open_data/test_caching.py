"""Open data answers are cached and invalidated by the page cache's own versions: with the cache
on and warm, an editor's save (through the model's save path, as the admin and every writer
take it) shows in the API, the .json, the bulk files and llms.txt at the very next request."""

from __future__ import annotations

import gzip
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from roles.models import Duty, Role
from tests.factories import make_role

pytestmark = pytest.mark.page_cache

PLACES = {
    "API list": "/api/v1/roles",
    "API role": "/api/v1/roles/harbour-pilot",
    "API category": "/api/v1/categories/visible-work",
    "API occupation": "/api/v1/occupations/15-2051",
    ".json": "/jobs/visible-work/harbour-pilot.json",
    "roles.jsonl": "/data/roles.jsonl.gz",
    "duties.csv": "/data/duties.csv.gz",
    "llms.txt": "/llms.txt",
}


# The places that show the role's title (a category shows only its count, a row's CSV its slug).
SHOW_TITLE = [place for place in PLACES if place not in {"API category", "duties.csv"}]


def _seen(client) -> dict[str, str]:
    seen = {}
    for place, url in PLACES.items():
        response = client.get(url)
        assert response.status_code == 200, (place, response.content)
        body = response.content
        seen[place] = (gzip.decompress(body) if url.endswith(".gz") else body).decode()
    return seen


def test_a_second_request_is_answered_from_the_cache_without_queries(
    client, shown, django_assert_num_queries
):
    _seen(client)
    for url in ("/api/v1/roles/harbour-pilot", "/api/v1/roles", "/data/roles.csv.gz"):
        with django_assert_num_queries(0):
            assert client.get(url).status_code == 200
    assert client.get("/jobs/visible-work/harbour-pilot.json")["X-Page-Cache"] == "hit"
    assert client.get("/llms.txt")["X-Page-Cache"] == "hit"


def test_a_save_of_the_role_shows_everywhere_at_the_next_request(client, shown):
    _seen(client)
    role = Role.objects.get(pk=shown.pk)
    role.title = "Harbour Quokkalogist"
    role.save()
    seen = _seen(client)
    stale = [place for place in SHOW_TITLE if "Harbour Quokkalogist" not in seen[place]]
    assert stale == []


def test_a_save_of_one_of_its_rows_shows_everywhere_it_is_shown(client, shown):
    _seen(client)
    duty = Duty.objects.filter(role=shown).first()
    duty.text = "Steers ships past the quokka reef"
    duty.save()
    seen = _seen(client)
    for place in ("API role", ".json", "roles.jsonl", "duties.csv"):
        assert "quokka reef" in seen[place], place


def test_an_admin_edit_shows_at_the_next_request(client, shown):
    from tests.html import form_fields
    from tests.roles.editors import editor_client

    _seen(client)
    editor = editor_client()
    url = f"/admin/roles/role/{shown.pk}/change/"
    data = form_fields(editor.get(url), "role_form")
    data["title"] = "Harbour Quokkalogist"
    assert editor.post(url, data).status_code == 302
    seen = _seen(client)
    stale = [place for place in SHOW_TITLE if "Harbour Quokkalogist" not in seen[place]]
    assert stale == []


def test_unpublishing_a_role_removes_it_at_the_next_request(client, shown):
    _seen(client)
    role = Role.objects.get(pk=shown.pk)
    role.status = Role.Status.DRAFT
    role.save()
    assert client.get("/api/v1/roles/harbour-pilot").status_code == 404
    assert client.get("/api/v1/roles").json()["count"] == 0
    assert client.get("/jobs/visible-work/harbour-pilot.json").status_code == 404
    assert "harbour-pilot" not in client.get("/llms.txt").content.decode()
    assert client.get("/data/manifest.json").json()["counts"]["roles"] == 0


def test_a_scheduled_role_appears_when_it_goes_live_without_any_write(client, shown):
    """As the page cache's own test does: a real wait, since the horizon of scheduled roles is
    kept in the cache until the go-live (roles/page_cache/versions.py)."""
    going_live = timezone.now() + timedelta(seconds=1.5)
    make_role(
        category=shown.category, slug="tug-master", title="Tug Master", published_at=going_live
    )
    before = _seen(client)
    assert all("tug-master" not in text for text in before.values())
    time.sleep(max(0.0, (going_live - timezone.now()).total_seconds()) + 0.05)
    after = _seen(client)
    for place in ("API list", "roles.jsonl", "llms.txt"):
        assert "tug-master" in after[place], place


def test_an_etag_from_before_an_edit_no_longer_answers_304(client, shown):
    etag = client.get("/api/v1/roles/harbour-pilot")["ETag"]
    assert client.get("/api/v1/roles/harbour-pilot", HTTP_IF_NONE_MATCH=etag).status_code == 304
    role = Role.objects.get(pk=shown.pk)
    role.summary = "A new summary of the harbour pilot's work, longer than before."
    role.save()
    assert client.get("/api/v1/roles/harbour-pilot", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_searches_are_answered_but_never_stored(client, shown, django_assert_max_num_queries):
    client.get("/api/v1/roles?search=harbour")
    with django_assert_max_num_queries(10) as queries:
        assert client.get("/api/v1/roles?search=harbour").status_code == 200
    assert len(queries) > 0
