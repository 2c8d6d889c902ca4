"""Every write path shows its change everywhere a reader looks, at the very next request, with
the page cache on and warm: the role page, its category page, the home page, search, the
sitemap's lastmod, the feed, the .md and .txt downloads and the JSON-LD. On SQLite and on
PostgreSQL (CI runs this file on both), and once with a real server and a CLI command in
another process."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import lxml.etree
import pytest
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management import call_command
from django.db.models import F
from django.test import Client
from django.utils import timezone

from roles import derived
from roles.editorial import history
from roles.formats import markdown_io
from roles.models import CareerStep, Role
from tests.factories import make_career_step, make_category, make_role
from tests.html import form_fields, parse
from tests.jobsite.live import Gunicorn, manage
from tests.roles.editors import editor_client

pytestmark = pytest.mark.page_cache

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def pair(db):
    """A role and a role of another category whose career path and "Related roles" list it:
    the analyst's step toward the engineer shows on the engineer's page as a way in."""
    data, ops = make_category(name="Data work"), make_category(name="Operations")
    analyst = make_role(category=data, title="Zephyr Analyst", slug="zephyr-analyst")
    neighbour = make_role(category=ops, title="Zephyr Engineer", slug="zephyr-engineer")
    make_career_step(analyst, CareerStep.Direction.TO, neighbour)
    return analyst, neighbour


def what_readers_see(client, role: Role, neighbour: Role) -> dict[str, str]:
    """Every place the role shows, as a reader's next request finds it."""
    url = role.get_absolute_url()
    page = client.get(url)
    json_ld = " ".join(
        script.text for script in parse(page).cssselect('script[type="application/ld+json"]')
    )
    seen = {
        "role page": page.content.decode(),
        "JSON-LD": json_ld,
        "category page": client.get(role.category.get_absolute_url()).content.decode(),
        "home page": client.get("/").content.decode(),
        "related roles elsewhere": client.get(neighbour.get_absolute_url()).content.decode(),
        "feed": client.get("/feed/").content.decode(),
        ".md download": client.get(url.rstrip("/") + ".md").content.decode(),
        ".txt download": client.get(url.rstrip("/") + ".txt").content.decode(),
    }
    sitemap = lxml.etree.fromstring(client.get("/sitemap-roles.xml").content)
    lastmods = {
        loc.text: loc.getnext().text
        for loc in sitemap.iterfind(".//s:url/s:loc", SITEMAP_NS)
        if loc.getnext() is not None
    }
    seen["sitemap lastmod"] = next((v for k, v in lastmods.items() if k.endswith(url)), "")
    return seen


def search_finds(client, words: str, role: Role) -> bool:
    return role.get_absolute_url() in client.get("/search/", {"q": words}).content.decode()


# --- the write paths: each renames the role to `title` -------------------------------------


def _editor() -> Client:
    editor = get_user_model().objects.filter(username="admin-editor").first()
    if editor is None:
        return editor_client("admin-editor")
    client = Client()
    client.force_login(editor)
    return client


def _admin_edit(role: Role, title: str) -> None:
    client = _editor()
    url = f"/admin/roles/role/{role.pk}/change/"
    data = form_fields(client.get(url), "role_form")
    data["title"] = title
    assert client.post(url, data).status_code == 302


def _markdown_file(role: Role, title: str) -> Path:
    text = markdown_io.render_role(Role.objects.get(pk=role.pk))
    text = text.replace(f"title: {role.title}", f"title: {title}", 1)
    path = Path(tempfile.mkdtemp()) / f"{role.slug}.md"
    # An edited export keeps no date of its own: the import dates the change.
    path.write_text("\n".join(x for x in text.splitlines() if "content_updated_at" not in x))
    return path


def _import_command(role: Role, title: str) -> None:
    call_command("import_roles", str(_markdown_file(role, title)), verbosity=0)


def _restore_from_history(role: Role, title: str) -> None:
    _admin_edit(role, title)
    wanted = history.versions_of(role.pk).first()
    _admin_edit(Role.objects.get(pk=role.pk), "Zephyr Interim")
    history.restore(wanted, user=None)


def _loaddata(role: Role, title: str) -> None:
    stored = Role.objects.get(pk=role.pk)
    stored.title, stored.content_updated_at = title, timezone.now()
    path = Path(tempfile.mkdtemp()) / "role.json"
    path.write_text(serializers.serialize("json", [stored]))
    call_command("loaddata", str(path), verbosity=0)


def _bulk_update(role: Role, title: str) -> None:
    """A writer that sends no signals reports what it wrote, as the README asks."""
    Role.objects.filter(pk=role.pk).update(
        title=title, content_updated_at=F("content_updated_at") + timedelta(seconds=1)
    )
    derived.refresh(role_ids=[role.pk])


WRITE_PATHS: dict[str, Callable[[Role, str], None]] = {
    "admin change form": _admin_edit,
    "import_roles command": _import_command,
    "restore from history": _restore_from_history,
    "loaddata": _loaddata,
    "bulk update with refresh()": _bulk_update,
}


@pytest.mark.parametrize("write", WRITE_PATHS)
def test_every_write_path_shows_its_change_everywhere_at_the_next_request(client, pair, write):
    role, neighbour = pair
    before = what_readers_see(client, role, neighbour)  # every cacheable page is now cached
    assert client.get(role.get_absolute_url())["X-Page-Cache"] == "hit"

    WRITE_PATHS[write](role, "Zephyr Quokkalogist")
    role.refresh_from_db()

    after = what_readers_see(client, role, neighbour)
    stale = [place for place, text in after.items() if place != "sitemap lastmod"]
    stale = [place for place in stale if "Zephyr Quokkalogist" not in after[place]]
    assert stale == [], f"still old after {write}: {stale}"
    assert after["sitemap lastmod"] != before["sitemap lastmod"]
    assert search_finds(client, "Quokkalogist", role)


def test_an_import_that_changes_only_an_faq_is_searchable_at_once(client, pair):
    role, _ = pair
    text = markdown_io.render_role(role).replace("Answer 0.", "Answer about xylophones.")
    path = Path(tempfile.mkdtemp()) / "role.md"
    path.write_text(text)
    assert not search_finds(client, "xylophones", role)
    call_command("import_roles", str(path), verbosity=0)
    assert search_finds(client, "xylophones", role)
    assert "xylophones" in client.get(role.get_absolute_url()).content.decode()


def test_unpublishing_a_role_drops_it_from_related_roles_in_other_categories(client, pair):
    role, neighbour = pair
    assert role.get_absolute_url() in client.get(neighbour.get_absolute_url()).content.decode()
    assert client.get(neighbour.get_absolute_url())["X-Page-Cache"] == "hit"
    client_ = editor_client("unpublisher")
    url = f"/admin/roles/role/{role.pk}/change/"
    data = form_fields(client_.get(url), "role_form")
    data["status"] = Role.Status.DRAFT
    assert client_.post(url, data).status_code == 302
    page = client.get(neighbour.get_absolute_url())
    assert role.get_absolute_url() not in page.content.decode()


def test_generated_roles_are_searchable_and_listed_at_once(client, pair):
    client.get("/")
    call_command("generate_roles", count=30, seed=3, categories=2, verbosity=0)
    generated = Role.objects.published().filter(slug__startswith="gen-").order_by("pk").first()
    assert generated is not None
    assert search_finds(client, generated.title, generated)
    assert generated.title in client.get(generated.category.get_absolute_url()).content.decode()


def test_recovering_a_deleted_role_brings_its_page_back_at_once(client, pair):
    role, _ = pair
    url = role.get_absolute_url()
    _admin_edit(role, "Zephyr Analyst")  # a recorded version to recover from
    superuser = editor_client("root")
    superuser_user = superuser.session.get("_auth_user_id")
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(pk=superuser_user).update(is_superuser=True)
    assert (
        superuser.post(f"/admin/roles/role/{role.pk}/delete/", {"post": "yes"}).status_code == 302
    )
    assert client.get(url).status_code == 410
    version = history.versions_of(role.pk).first()
    recover = f"/admin/roles/role/recover/{version.pk}/"
    data = form_fields(superuser.get(recover), "role_form")
    assert superuser.post(recover, data).status_code == 302
    assert client.get(url).status_code == 200


# --- another process --------------------------------------------------------------------


def test_a_cli_import_beside_a_running_server_is_served_at_its_next_request(tmp_path):
    """`make run` in one terminal, `manage.py import_roles` in another: they share the file
    cache, so the server's cached page is retired by the command's write."""
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "CACHE_DIR": str(tmp_path / "cache"),
        "DEBUG": "1",
        "REDIS_URL": "",
    }
    manage("migrate", "--noinput", env=env)
    manage("loaddata", "categories", "roles", env=env)
    server = Gunicorn(8795, env)
    page = "/jobs/artificial-intelligence/data-scientist/"
    try:
        assert server.get(page)[0] == 200, server.output()
        assert server.get(page)[1].get("X-Page-Cache") == "hit", server.output()
        export = tmp_path / "export"
        manage("export_roles", str(export), env=env)
        file = export / "data-scientist.md"
        text = file.read_text().replace("title: Data Scientist", "title: Data Scientist (Lead)")
        file.write_text("\n".join(x for x in text.splitlines() if "content_updated_at" not in x))
        manage("import_roles", str(file), env=env)
        status, headers, body = server.get(page)
        assert status == 200 and "Data Scientist (Lead)" in body, server.output()
        assert headers.get("X-Page-Cache") == "miss"
    finally:
        server.stop()
