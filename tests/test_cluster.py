"""Two instances behind the shipped front end, as processes: Debian's nginx running
deploy/nginx.conf (TLS, self-signed) in front of two gunicorns in the production configuration,
sharing one PostgreSQL database and one Redis. Readers and editors go through nginx over https.
An edit an editor makes in the admin is served by both instances on the very next request, while
unrelated cached pages stay cached.

`make cluster-test` runs this alone; CI runs it in the PostgreSQL + Redis pass."""

from __future__ import annotations

import http.cookiejar
import ssl
import urllib.error
import urllib.parse
import urllib.request
from contextlib import ExitStack

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.management import call_command

from tests.factories import make_category, make_role
from tests.front_end import (
    free_port,
    nginx_binary,
    production_env,
    two_instances_behind_nginx,
)
from tests.html import form_fields
from tests.jobsite.live import Gunicorn
from tests.jobsite.production import collect_static_once

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.cluster]


class Page:
    def __init__(self, status: int, headers, text: str) -> None:
        self.status_code = status
        self.headers = headers
        self.text = text
        self.content = text.encode()


def _database_url() -> str:
    """The test database, which the gunicorn processes must share with this test."""
    db = settings.DATABASES["default"]
    user = urllib.parse.quote(db["USER"] or "")
    if db.get("PASSWORD"):
        user += ":" + urllib.parse.quote(db["PASSWORD"])
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def cluster(transactional_db):
    """Two gunicorn instances in the production configuration on the test database, behind the
    shipped nginx front end: (front end, [instance, instance])."""
    https_port = free_port()
    env = production_env(https_port, DATABASE_URL=_database_url(), REDIS_URL=settings.REDIS_URL)
    nginx_binary()  # skips, with the reason, before anything starts
    collect_static_once()
    cache.clear()  # the shared Redis may hold pages of an earlier run's rows with the same slugs
    with ExitStack() as stack:
        yield two_instances_behind_nginx(stack, env, https_port)


def read(instance: Gunicorn, path: str) -> Page:
    """An anonymous reader straight at one instance, as nginx would forward it."""
    status, headers, text = instance.get(path)
    return Page(status, headers, text)


class Editor:
    """Logs in to the admin through the front end (https) and posts forms back, like a browser."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # the front end's self-signed certificate
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=context),
            urllib.request.HTTPCookieProcessor(self.jar),
        )

    def _open(self, request) -> Page:
        try:
            response = self.opener.open(request, timeout=10)
        except urllib.error.HTTPError as error:
            response = error
        return Page(response.status, response.headers, response.read().decode())

    def get(self, path: str) -> Page:
        return self._open(self.base + path)

    def post(self, path: str, data: dict[str, str]) -> Page:
        body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(self.base + path, data=body)
        request.add_header("Referer", self.base + path)
        return self._open(request)

    def log_in(self, username: str, password: str) -> None:
        fields = form_fields(self.get("/admin/login/"))
        page = self.post("/admin/login/", {**fields, "username": username, "password": password})
        assert "Log out" in page.text, f"the editor could not log in: {page.status_code}"

    def edit(self, path: str, form_id: str, **changes: str) -> Page:
        fields = form_fields(self.get(path), form_id)
        return self.post(path, {**fields, **changes})


def test_an_admin_edit_through_the_front_end_is_served_by_both_instances_at_once(cluster):
    front_end, instances = cluster
    call_command("loaddata", "categories", "roles", verbosity=0)
    data, ops = make_category(name="Cluster Data"), make_category(name="Cluster Ops")
    # Titles without a shared word: the other role's "Related roles" must not list this one
    # (a page that lists the role is retired with it, by design).
    role = make_role(category=data, title="Data Wrangler")
    other = make_role(category=ops, title="Lighthouse Keeper")
    User.objects.create_superuser("editor", "editor@example.com", "correct horse battery")

    paths = (role.get_absolute_url(), other.get_absolute_url(), "/")
    for instance in instances:
        for path in paths:
            read(instance, path)
            assert read(instance, path).headers["X-Page-Cache"] == "hit"

    # Through nginx over https: the admin's CSRF check sees the Host with its port.
    editor = Editor(front_end.url)
    editor.log_in("editor", "correct horse battery")
    saved = editor.edit(
        f"/admin/roles/role/{role.pk}/change/", "role_form", summary="Edited through nginx."
    )
    assert saved.status_code == 200 and "was changed successfully" in saved.text

    first, second = instances
    page = read(first, role.get_absolute_url())
    assert "Edited through nginx." in page.text
    assert page.headers["X-Page-Cache"] == "miss"
    assert "Edited through nginx." in read(second, role.get_absolute_url()).text  # shared cache
    for instance in instances:
        other_page = read(instance, other.get_absolute_url())
        assert other_page.headers["X-Page-Cache"] == "hit", "another category stays cached"

    editor.edit(f"/admin/roles/category/{data.pk}/change/", "category_form", name="Renamed Data")
    for instance in instances:
        assert "Renamed Data" in read(instance, role.get_absolute_url()).text
        assert "Renamed Data" in read(instance, "/").text
    assert "Renamed Data" in front_end.get(role.get_absolute_url()).text


def test_the_front_end_redirects_plain_http_to_https_on_its_public_port(cluster):
    front_end, _ = cluster
    response = front_end.get("/jobs/?page=2", https=False)
    assert response.status == 301
    assert response.header("Location") == f"https://localhost:{front_end.https_port}/jobs/?page=2"


def test_health_checks_pass_through_the_front_end(cluster):
    front_end, _ = cluster
    assert front_end.get("/healthz", https=False).status == 200  # compose's probe
    ready = front_end.get("/readyz")
    assert ready.status == 200 and '"database": "ok"' in ready.text


def test_pages_through_the_front_end_name_the_public_https_address(cluster, catalogue):
    front_end, _ = cluster
    page = front_end.get("/jobs/artificial-intelligence/")
    assert page.status == 200
    assert page.header("Strict-Transport-Security")
    canonical = f'<link rel="canonical" href="https://localhost:{front_end.https_port}/jobs/'
    assert canonical in page.text


def test_one_instance_down_is_skipped_without_an_error(cluster, catalogue):
    front_end, instances = cluster
    instances[0].stop()
    statuses = [front_end.get("/jobs/").status for _ in range(10)]
    assert statuses == [200] * 10


def test_no_instance_answering_gives_our_503_page_with_retry_after_and_the_headers(cluster):
    front_end, instances = cluster
    for instance in instances:
        instance.stop()
    page = front_end.get("/jobs/")
    assert page.status == 503
    assert page.header("Retry-After") == "30"
    assert "Temporarily unavailable" in page.text and "nginx" not in page.text
    assert page.header("Content-Security-Policy").startswith("default-src 'self'")
    assert page.header("Strict-Transport-Security") == (
        "max-age=31536000; includeSubDomains; preload"
    )
    for header in (
        "X-Content-Type-Options",
        "X-Frame-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "Cross-Origin-Resource-Policy",
        "Permissions-Policy",
    ):
        assert page.header(header), f"the front end's error page lacks {header}"
    stylesheet = front_end.get("/_errors/unavailable.css")
    assert stylesheet.status == 200 and "text/css" in stylesheet.header("Content-Type")
