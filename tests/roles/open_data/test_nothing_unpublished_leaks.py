"""Nothing a reader may not see (drafts, scheduled roles, roles taken down for a while or
unpublished after going public) reaches any open data path: the API's lists, filters, search
and details, the per-role .json, the bulk files and llms.txt."""

from __future__ import annotations

import gzip
import json

import pytest

from tests.roles.open_data.conftest import SECRET


def _api_pages(client, url: str) -> list[dict]:
    pages, next_url = [], url
    while next_url:
        response = client.get(next_url)
        assert response.status_code == 200, response.content
        pages.append(response.json())
        next_url = pages[-1].get("next")
    return pages


API_LISTS = [
    "/api/v1/roles?per_page=1",
    "/api/v1/roles?category=visible-work",
    "/api/v1/roles?soc=15-2051",
    "/api/v1/roles?updated_since=2000-01-01",
    f"/api/v1/roles?search={SECRET}",
    "/api/v1/roles?search=summary",
    "/api/v1/categories",
    "/api/v1/occupations/15-2051",
]


@pytest.mark.parametrize("url", API_LISTS)
def test_api_lists_filters_and_search_show_only_published_roles(client, hidden, shown, url):
    text = json.dumps(_api_pages(client, url))
    assert SECRET not in text
    assert all(role.slug not in text for role in hidden.values())


def test_the_published_role_is_listed_where_the_hidden_ones_are_not(client, hidden, shown):
    slugs = [r["slug"] for r in client.get("/api/v1/roles?category=visible-work").json()["results"]]
    assert slugs == ["harbour-pilot"]
    category = client.get("/api/v1/categories/visible-work").json()
    assert category["role_count"] == 1


def test_a_category_holding_only_hidden_roles_is_not_in_the_api(client, hidden):
    assert client.get("/api/v1/categories/hidden-work").status_code == 404
    response = client.get("/api/v1/roles?category=hidden-work")
    assert response.status_code == 400
    assert "hidden-work" in response.json()["message"]


@pytest.mark.parametrize("kind", ["draft", "scheduled", "taken down", "unpublished"])
def test_a_hidden_role_is_not_found_by_slug_or_as_json(client, hidden, kind):
    role = hidden[kind]
    response = client.get(f"/api/v1/roles/{role.slug}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert SECRET not in response.content.decode()
    json_url = f"/jobs/{role.category.slug}/{role.slug}.json"
    response = client.get(json_url)
    assert response.status_code == 404
    assert SECRET not in response.content.decode()


def test_no_bulk_file_or_the_manifest_holds_a_hidden_role(client, hidden, shown):
    manifest = client.get("/data/manifest.json").json()
    assert manifest["counts"]["roles"] == 1
    for entry in manifest["files"]:
        content = gzip.decompress(client.get(entry["url"] + ".gz").content).decode()
        assert SECRET not in content, entry["name"]
        assert all(role.slug not in content for role in hidden.values()), entry["name"]
    roles = client.get("/data/roles.jsonl", HTTP_ACCEPT_ENCODING="identity").content.decode()
    assert [json.loads(line)["slug"] for line in roles.splitlines()] == ["harbour-pilot"]


def test_llms_txt_lists_no_hidden_role(client, hidden, shown):
    text = client.get("/llms.txt").content.decode()
    assert SECRET not in text
    assert "harbour-pilot.md" in text
    assert "Hidden work" not in text


def test_a_scheduled_role_appears_everywhere_once_it_goes_live(client, hidden, shown, clock):
    from datetime import timedelta

    clock(timedelta(days=4))  # past the scheduled date, the takedown's end too
    slugs = {r["slug"] for r in client.get("/api/v1/roles").json()["results"]}
    assert {"secret-scheduled", "secret-down"} <= slugs
    assert "secret-draft" not in slugs and "secret-unpublished" not in slugs
