"""The editor's helpers in a real browser (Debian's Chromium driven by puppeteer-core from
node_modules), under the strict Content-Security-Policy that is coming: no inline script."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from roles.models import Role
from tests.factories import make_role
from tests.roles.editors import make_editor

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("editor_form.cjs")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_tools():
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium not found at /usr/bin/chromium (apt-get install chromium)")
    if not shutil.which("node"):
        pytest.skip("node not found: the browser is driven by puppeteer-core")
    if not (ROOT / "node_modules" / "puppeteer-core").is_dir():
        pytest.skip("node_modules/puppeteer-core missing: run `make node-tools`")


def test_editor_previews_markdown_sees_the_counter_and_reorders_rows(
    browser_tools, live_server, transactional_db
):
    role = make_role(duties=3, meta_description="x" * 48)
    first, second = [d.text for d in role.duties.all()][:2]
    client = Client()
    client.force_login(make_editor())
    session = client.cookies[settings.SESSION_COOKIE_NAME].value

    url = f"{live_server.url}/admin/roles/role/{role.pk}/change/"
    run = subprocess.run(
        ["node", str(SCRIPT), url, settings.SESSION_COOKIE_NAME, session, CHROMIUM],
        capture_output=True,
        text=True,
        timeout=90,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)

    assert report["errors"] == []
    assert report["counter"].startswith("48 characters (aim for 50-160)")
    assert report["counterAfterTyping"].startswith("50 characters")
    assert "<strong>bold</strong>" in report["preview"]
    assert [value for _, value in report["positions"]] == ["1", "2", "3"]
    assert report["savedUrl"].endswith("/admin/roles/role/")
    saved = Role.objects.get(pk=role.pk)
    assert [d.text for d in saved.duties.all()][:2] == [second, first]
    assert saved.overview == "Some **bold** words"
