"""Settings come from the environment, and a bad value stops start-up with its name."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from jobsite.settings import env_bool, env_int, env_list


def _load_settings(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import jobsite.settings as s; print(s.DATABASES['default']['ENGINE'])",
        ],
        env={**clean, **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )


def test_env_helpers_parse_and_reject(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    monkeypatch.setenv("HOSTS", "a.example, b.example,")
    monkeypatch.setenv("COUNT", "12")
    assert env_bool("FLAG", default=False) is True
    assert env_list("HOSTS", default=[]) == ["a.example", "b.example"]
    assert env_int("COUNT", default=0) == 12
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG"):
        env_bool("FLAG", default=False)
    monkeypatch.setenv("COUNT", "lots")
    with pytest.raises(ImproperlyConfigured, match="COUNT"):
        env_int("COUNT", default=0)


def test_production_without_secret_key_refuses_to_start():
    result = _load_settings(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_database_url_switches_to_postgresql():
    result = _load_settings(DATABASE_URL="postgres://postgres@127.0.0.1:5432/test")
    assert result.stdout.strip() == "django.db.backends.postgresql"
    default = _load_settings(DATABASE_URL="")
    assert default.returncode == 0


def test_site_url_must_be_a_scheme_and_host():
    result = _load_settings(SITE_URL="roles.example/jobs")
    assert result.returncode != 0
    assert "SITE_URL must be a scheme and host" in result.stderr
    assert _load_settings(SITE_URL="https://roles.example/").returncode == 0
