"""The OpenAPI document is valid (checked with openapi-spec-validator), describes every row kind
and role field, and the documentation page says what it says, under the site's CSP."""

from __future__ import annotations

import pytest
from openapi_spec_validator import validate

from roles.models import ROW_KINDS
from roles.open_data.documents import role_fields
from tests.html import parse


@pytest.fixture
def schema(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_the_openapi_document_is_valid(schema):
    validate(schema)
    assert schema["openapi"].startswith("3.1")


def test_every_operation_documents_its_errors(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            assert set(operation["responses"]) >= {"200", "400", "404", "429"}, (method, path)
            error = operation["responses"]["404"]["content"]["application/json"]["schema"]
            assert error == {"$ref": "#/components/schemas/Error"}


def test_the_role_schema_has_every_row_kind_with_its_fields_and_every_reader_field(schema):
    role = schema["components"]["schemas"]["RoleDetail"]["properties"]
    for kind in ROW_KINDS:
        assert kind.related_name in role
        row_ref = role[kind.related_name]["items"]["$ref"].rsplit("/", 1)[-1]
        row = schema["components"]["schemas"][row_ref]["properties"]
        assert set(row) == {"position", *kind.fields}
    for field in role_fields():
        assert field.name in role


def test_every_answer_matches_its_schema(client, shown):
    """ninja validates each answer against its schema before sending it: a document that
    drifted from the schema would be a 500, never a silently different shape."""
    for url in ("/api/v1/roles/harbour-pilot?area=california", "/api/v1/occupations/15-2051"):
        assert client.get(url).status_code == 200


def test_the_documentation_page_lists_every_operation_and_schema(client, schema):
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    html = parse(page)
    headings = {h.text_content().strip() for h in html.cssselect("h3")}
    for path, methods in schema["paths"].items():
        for method in methods:
            assert f"{method.upper()} {path}" in headings
    for name in schema["components"]["schemas"]:
        assert html.cssselect(f"#schema-{name}"), name
    assert html.cssselect('a[href="/api/v1/openapi.json"]')


def test_the_documentation_page_needs_nothing_the_csp_forbids(client, db):
    page = client.get("/api/v1/docs/")
    assert "script-src 'self'" in page["Content-Security-Policy"]
    html = parse(page)
    assert not html.cssselect("style, [style]")
    for script in html.cssselect("script"):
        assert script.get("src", "").startswith("/static/") or script.get("type") in {
            "application/ld+json",
            "application/json",
        }
    for link in html.cssselect("link[href], script[src]"):
        address = link.get("href") or link.get("src")
        assert not address.startswith(("http://", "https://", "//")) or address.startswith(
            "http://127.0.0.1"
        ), address
