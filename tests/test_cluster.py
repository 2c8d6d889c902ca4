"""Two instances behind a balancer, as processes: two gunicorns on two ports sharing one
PostgreSQL database and one Redis. An edit an editor makes in the admin of one instance is served
by the other on the very next request, while unrelated cached pages stay cached there.

`make cluster-test` runs this alone; CI runs it in the PostgreSQL + Redis pass."""

from __future__ import annotations

import http.cookiejar
import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import ExitStack
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.management import call_command

from tests.factories import make_category, make_role
from tests.html import form_fields

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.cluster]

PORTS = [int(p) for p in os.environ.get("CLUSTER_PORTS", "8610,8611").split(",")]


class Page:
    def __init__(self, response) -> None:
        self.status_code = response.status
        self.headers = response.headers
        self.content = response.read()
        self.text = self.content.decode()


def _database_url() -> str:
    """The test database, which the gunicorn processes must share with this test."""
    db = settings.DATABASES["default"]
    user = urllib.parse.quote(db["USER"] or "")
    if db.get("PASSWORD"):
        user += ":" + urllib.parse.quote(db["PASSWORD"])
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def instances(transactional_db, tmp_path: Path):
    """Base URLs of two running gunicorn instances in the production configuration."""
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "cluster-test-secret-key",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "HOST": "127.0.0.1",
        "WEB_CONCURRENCY": "1",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        env=env,
        cwd=settings.BASE_DIR,
        check=True,
    )
    cache.clear()  # the shared Redis may hold pages of an earlier run's rows with the same slugs
    gunicorn = Path(sys.executable).with_name("gunicorn")
    with ExitStack() as stack:
        urls = []
        for port in PORTS:
            log = stack.enter_context(open(tmp_path / f"gunicorn-{port}.log", "w"))
            process = subprocess.Popen(
                [gunicorn, "jobsite.wsgi", "--config", "jobsite/gunicorn.conf.py"],
                env={**env, "PORT": str(port)},
                cwd=settings.BASE_DIR,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            stack.callback(process.wait, 10)
            stack.callback(process.terminate)
            urls.append(f"http://127.0.0.1:{port}")
        for url in urls:
            _wait_until_up(url, tmp_path)
        yield urls


def _wait_until_up(url: str, logs: Path) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/jobs/", timeout=2)
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    output = "\n".join(p.read_text() for p in logs.glob("*.log"))
    pytest.fail(f"{url} did not start:\n{output}")


def read(url: str) -> Page:
    """An anonymous reader: no cookies at all."""
    try:
        return Page(urllib.request.urlopen(url, timeout=10))
    except urllib.error.HTTPError as error:
        return Page(error)


class Editor:
    """Logs in to one instance's admin and posts forms back, like a browser."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> Page:
        return Page(self.opener.open(self.base + path, timeout=10))

    def post(self, path: str, data: dict[str, str]) -> Page:
        body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(self.base + path, data=body)
        request.add_header("Referer", self.base + path)
        return Page(self.opener.open(request, timeout=10))

    def log_in(self, username: str, password: str) -> None:
        fields = form_fields(self.get("/admin/login/"))
        page = self.post("/admin/login/", {**fields, "username": username, "password": password})
        assert "Log out" in page.text, "the editor could not log in"

    def edit(self, path: str, form_id: str, **changes: str) -> Page:
        fields = form_fields(self.get(path), form_id)
        return self.post(path, {**fields, **changes})


def test_an_admin_edit_on_one_instance_is_served_by_the_other_at_once(instances):
    first, second = instances
    call_command("loaddata", "categories", "roles", verbosity=0)
    data, ops = make_category(name="Cluster Data"), make_category(name="Cluster Ops")
    role, other = make_role(category=data), make_role(category=ops)
    User.objects.create_superuser("editor", "editor@example.com", "correct horse battery")

    role_url, other_url = second + role.get_absolute_url(), second + other.get_absolute_url()
    for url in (role_url, other_url, second + "/"):
        read(url)
        assert read(url).headers["X-Page-Cache"] == "hit"

    editor = Editor(first)
    editor.log_in("editor", "correct horse battery")
    saved = editor.edit(
        f"/admin/roles/role/{role.pk}/change/", "role_form", summary="Edited on instance one."
    )
    assert saved.status_code == 200 and "was changed successfully" in saved.text

    page = read(role_url)
    assert "Edited on instance one." in page.text
    assert page.headers["X-Page-Cache"] == "miss"
    assert read(other_url).headers["X-Page-Cache"] == "hit", "another category stays cached"

    editor.edit(f"/admin/roles/category/{data.pk}/change/", "category_form", name="Renamed Data")
    assert "Renamed Data" in read(role_url).text
    assert "Renamed Data" in read(second + "/").text
