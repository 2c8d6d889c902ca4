"""The role page reads its role's rows and rendered Markdown from the role's stored page
document (roles/documents.py), which every write path keeps current."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from roles import derived
from roles.documents import build, document_format
from roles.formats import text
from roles.models import FAQ, Duty, Fact, Role, RoleDocument
from tests.factories import make_role
from tests.html import parse

# Row tables the page has no reason to read but for its own role (it reads other roles' facts,
# qualifications and the career steps they name it in).
OWN_ROWS_ONLY = ("roles_duty", "roles_faq", "roles_alternatetitle", "roles_relatedchoice")


def _page(client, role: Role) -> str:
    response = client.get(role.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def _document_is_current(role: Role) -> bool:
    fresh = build(Role.objects.with_page_content().get(pk=role.pk))
    stored = RoleDocument.objects.get(role=role)
    return (stored.format, stored.rows, stored.markdown) == (
        fresh.format,
        fresh.rows,
        fresh.markdown,
    )


@pytest.fixture
def role(db):
    role = make_role(title="Quarry Surveyor")
    Fact.objects.create(
        role=role,
        kind=Fact.Kind.GROWTH,
        label="Growth",
        value="4 percent",
        source_name="BLS",
        as_of=date(2025, 9, 1),
    )
    derived.refresh(role_ids=[role.pk])
    return role


def test_the_page_reads_its_own_rows_from_the_document(client, role):
    with CaptureQueriesContext(connection) as queries:
        page = _page(client, role)
    assert "Duty 0 of role" in page and "Answer 1." in page
    assert '<time datetime="2025-09-01">September 2025</time>' in page  # a date, stored as text
    read = [q["sql"] for q in queries if any(f'FROM "{t}"' in q["sql"] for t in OWN_ROWS_ONLY)]
    assert read == []


def test_the_first_view_in_a_process_renders_no_markdown(client, role, monkeypatch):
    """A cold crawl views each page once: its Markdown was rendered when the role was written."""
    text._rendered.clear()
    rendered = []
    real = text._renderer.render
    monkeypatch.setattr(text._renderer, "render", lambda t: rendered.append(t) or real(t))
    page = _page(client, role)
    assert "<p>Overview of role" in page
    assert rendered == []


def _save_a_row(role: Role) -> None:
    duty = role.duties.first()
    duty.text = "Survey the quarry face"
    duty.save()


def _delete_and_add_rows(role: Role) -> None:
    role.duties.all().delete()
    Duty.objects.create(role=role, text="Survey the quarry face", position=1)


def _bulk_update_with_refresh(role: Role) -> None:
    Duty.objects.filter(role=role).update(text="Survey the quarry face")
    derived.refresh(role_ids=[role.pk])


def _import_markdown(role: Role, tmp_path) -> None:
    from roles.formats import markdown_io

    exported = markdown_io.render_role(Role.objects.with_page_content().get(pk=role.pk))
    path = tmp_path / f"{role.slug}.md"
    path.write_text(exported.replace("Duty 0 of role", "Survey the quarry face"))
    call_command("import_roles", str(path), verbosity=0)


WRITES = {
    "a row saved": _save_a_row,
    "rows deleted and added": _delete_and_add_rows,
    "QuerySet.update with refresh()": _bulk_update_with_refresh,
    "import_roles": _import_markdown,
}


@pytest.mark.parametrize("write", WRITES)
def test_every_write_to_a_role_s_rows_reaches_its_page_at_once(client, role, write, tmp_path):
    assert "Survey the quarry face" not in _page(client, role)
    if write == "import_roles":
        _import_markdown(role, tmp_path)
    else:
        WRITES[write](role)
    assert "Survey the quarry face" in _page(client, role)
    assert _document_is_current(role)


def test_an_edited_faq_answer_shows_its_new_markdown(client, role):
    FAQ.objects.filter(role=role, position=0).update(answer="Mostly **outdoors**.")
    derived.refresh(role_ids=[role.pk])
    assert "Mostly <strong>outdoors</strong>." in _page(client, role)


def test_a_role_without_a_current_document_is_shown_from_its_rows_until_migrate(client, role):
    """A deploy that changes the document format serves correct pages at once; `migrate`,
    the deploy's one-off step, rebuilds the documents."""
    expected = _page(client, role)
    RoleDocument.objects.filter(role=role).update(format="0:an older format")
    text._rendered.clear()
    with CaptureQueriesContext(connection) as queries:
        assert _page(client, role) == expected
    assert any('FROM "roles_duty"' in q["sql"] for q in queries)
    RoleDocument.objects.filter(role=role).delete()
    assert _page(client, role) == expected

    call_command("migrate", verbosity=0)
    assert RoleDocument.objects.get(role=role).format == document_format()
    assert _document_is_current(role)


def test_a_deleted_role_takes_its_document_with_it(role):
    role.delete()
    assert not RoleDocument.objects.filter(role_id=role.pk).exists()


def test_what_readers_download_and_the_api_come_from_the_document_too(client, role):
    """The .md, .txt and .json of a role and its API document, read through the document."""
    _bulk_update_with_refresh(role)
    url = role.get_absolute_url().rstrip("/")
    for suffix in (".md", ".txt", ".json"):
        assert "Survey the quarry face" in client.get(url + suffix).content.decode()
    assert "Survey the quarry face" in client.get(f"/api/v1/roles/{role.slug}").content.decode()
    assert parse(client.get(role.get_absolute_url())).cssselect("#duties")
