"""The bulk downloads at /data/: the published catalogue as JSON Lines and CSV, a file per row
kind, a manifest whose counts and checksums match the files, served gzipped."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json

import pytest

from roles.models import ROW_KINDS, Role
from tests.factories import make_complete_role


@pytest.fixture
def manifest(client, shown):
    make_complete_role(category=shown.category)
    return client.get("/data/manifest.json").json()


def _decoded(client, url: str) -> bytes:
    return client.get(url, HTTP_ACCEPT_ENCODING="identity").content


def test_the_manifest_counts_and_checksums_match_the_files(client, manifest):
    names = [f["name"] for f in manifest["files"]]
    assert names == [
        "categories.jsonl",
        "categories.csv",
        "roles.jsonl",
        "roles.csv",
        *(f"{kind.related_name}.csv" for kind in ROW_KINDS),
        "wages.jsonl",
        "wages.csv",
    ]
    for entry in manifest["files"]:
        content = _decoded(client, entry["url"])
        assert hashlib.sha256(content).hexdigest() == entry["sha256"], entry["name"]
        assert len(content) == entry["bytes"]
        if entry["name"].endswith(".jsonl"):
            assert len(content.decode().splitlines()) == entry["rows"]
        else:  # a header, then a record a row (cells may hold line breaks)
            assert len(list(csv.reader(io.StringIO(content.decode())))) == entry["rows"] + 1
    published = Role.objects.published()
    assert (
        manifest["counts"]["roles"] == published.count() == 3
    )  # with the complete role's next step
    for kind in ROW_KINDS:
        rows = kind.model.objects.filter(role__in=published).count()
        assert manifest["counts"][kind.related_name] == rows, kind.related_name


def test_the_manifest_names_our_licence_and_the_bls_attribution(manifest):
    assert manifest["generated_at"].endswith("Z")
    licence = manifest["licence"]
    assert licence["text"]["name"] and licence["text"]["url"].startswith("https://")
    assert "Bureau of Labor Statistics" in licence["pay_data"]["source"]
    assert "public domain" in licence["pay_data"]["licence"]
    assert licence["pay_data"]["release"] == "May 2025"


def test_every_row_kind_has_a_csv_keyed_by_role_and_position(client, manifest):
    for kind in ROW_KINDS:
        text = _decoded(client, f"/data/{kind.related_name}.csv").decode()
        rows = list(csv.DictReader(io.StringIO(text)))
        assert list(rows[0]) == ["role_slug", "position", *kind.fields]
        assert {row["role_slug"] for row in rows} <= set(
            Role.objects.published().values_list("slug", flat=True)
        )


def test_a_qualification_groups_items_are_one_cell_one_item_a_line(client, manifest):
    text = _decoded(client, "/data/qualification_groups.csv").decode()
    items = [row["items"] for row in csv.DictReader(io.StringIO(text))]
    assert "Entry level: 0-2 years\nSenior: 5+ years" in items


def test_roles_jsonl_holds_each_role_as_the_api_does(client, manifest):
    lines = _decoded(client, "/data/roles.jsonl").decode().splitlines()
    documents = {json.loads(line)["slug"]: json.loads(line) for line in lines}
    api = client.get("/api/v1/roles/harbour-pilot").json()
    assert documents["harbour-pilot"] == {k: v for k, v in api.items() if k != "pay"}


def test_files_are_served_gzipped_to_clients_that_accept_it(client, manifest):
    entry = next(f for f in manifest["files"] if f["name"] == "roles.csv")
    zipped = client.get("/data/roles.csv", HTTP_ACCEPT_ENCODING="gzip, br")
    assert zipped["Content-Encoding"] == "gzip"
    assert zipped["Content-Type"] == "text/csv; charset=utf-8; header=present"
    assert "Accept-Encoding" in zipped["Vary"]
    assert len(zipped.content) == entry["gzip_bytes"] < entry["bytes"]
    assert hashlib.sha256(gzip.decompress(zipped.content)).hexdigest() == entry["sha256"]
    plain = client.get("/data/roles.csv", HTTP_ACCEPT_ENCODING="gzip;q=0")
    assert not plain.has_header("Content-Encoding")
    assert plain["ETag"] == zipped["ETag"]
    download = client.get("/data/roles.csv.gz")
    assert download["Content-Type"] == "application/gzip"
    assert download.content == zipped.content


def test_the_same_catalogue_gives_the_same_bytes(client, manifest):
    again = client.get("/data/manifest.json").json()
    assert [f["sha256"] for f in again["files"]] == [f["sha256"] for f in manifest["files"]]
    assert client.get("/data/roles.csv.gz").content == client.get("/data/roles.csv.gz").content


def test_the_index_page_lists_every_file(client, manifest):
    page = client.get("/data/").content.decode()
    for entry in manifest["files"]:
        assert f'href="{entry["url"]}"' in page
    assert client.get("/data/nothing.csv").status_code == 404
