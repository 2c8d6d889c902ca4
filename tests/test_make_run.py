"""`make run` serves on HOST:PORT, and every absolute URL the pages print names that address
(SITE_URL follows them unless it is set), not the default port 8000."""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from django.conf import settings

from roles.models import Role
from tests.html import parse

# Stands in for manage.py: prints SITE_URL as the command sees it, and the command.
SHOW = '.venv/bin/python -c "import os, sys; print(os.environ.get(\\"SITE_URL\\"), *sys.argv[1:])"'


def make_run(*args: str, **env: str) -> list[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "MAKEFLAGS"}}
    result = subprocess.run(
        # -o: never reinstall .venv here; MANAGE: print instead of migrating and serving.
        [
            "make",
            "--no-print-directory",
            "-o",
            ".venv/bin/.installed",
            "run",
            f"MANAGE={SHOW}",
            *args,
        ],
        env={**clean, **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return [line for line in result.stdout.splitlines() if " runserver " in line]


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        ((), {}, "http://127.0.0.1:8000 runserver 127.0.0.1:8000"),
        (("PORT=8020",), {}, "http://127.0.0.1:8020 runserver 127.0.0.1:8020"),
        (("HOST=0.0.0.0", "PORT=8020"), {}, "http://127.0.0.1:8020 runserver 0.0.0.0:8020"),
        (
            ("PORT=8020",),
            {"SITE_URL": "https://roles.example"},
            "https://roles.example runserver 127.0.0.1:8020",
        ),
    ],
)
def test_make_run_gives_the_served_address_as_site_url(args, env, expected):
    assert make_run(*args, **env)[-1].endswith(expected)


def test_every_absolute_url_follows_site_url(client, catalogue, settings):
    settings.SITE_URL = "http://127.0.0.1:8020"
    role = Role.objects.published().get(slug="ai-solutions-architect")
    page = parse(client.get(role.get_absolute_url()))
    canonical = "http://127.0.0.1:8020" + role.get_absolute_url()
    assert page.xpath('//link[@rel="canonical"]/@href') == [canonical]
    assert page.xpath('//meta[@property="og:url"]/@content') == [canonical]
    graph = json.loads(page.xpath("//script[@type='application/ld+json']/text()")[0])
    assert canonical in json.dumps(graph)
    for url in ["/sitemap.xml", "/sitemap-roles.xml", "/feed/", "/robots.txt"]:
        text = client.get(url).content.decode()
        assert "127.0.0.1:8020" in text, url
        assert "127.0.0.1:8000" not in text, url
    assert "127.0.0.1:8000" not in json.dumps(graph)
