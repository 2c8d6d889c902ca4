"""Run Python or manage.py in a subprocess with a production environment, since settings are
read once at start-up."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys

from django.conf import settings

STRONG_SECRET_KEY = "x7Qv2LpZr9Tn4Wk8Hs3Jd6Fg1Bm5Ya0Ce2Ru7Io9Pl4Kj8Nh6Mb3Vc1Xz5Qw0Ea9St7Dy"
PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "DEBUG": "0",
    "SECRET_KEY": STRONG_SECRET_KEY,
    "ALLOWED_HOSTS": "roleatlas.example",
    "SITE_URL": "https://roleatlas.example",
    "EMAIL_HOST": "smtp.roleatlas.example",
}
# Variables the surrounding shell may hold that would change what a test means.
# DJANGO_ALLOW_ASYNC_UNSAFE is set while the browser tests' Playwright session is open.
_CONTROLLED = {
    "DJANGO_ENV",
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SITE_URL",
    "EMAIL_HOST",
    "EMAIL_BACKEND",
    "ADMIN_URL",
    "LOG_FORMAT",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def collect_static_once() -> None:
    """`collectstatic` into STATIC_ROOT, once per test run however many pytest-xdist workers
    ask: a worker collecting while another's production instance starts would let it read a
    half-written manifest. The lock serialises them; the stamp says this run already did it."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID") or f"serial-{os.getpid()}"
    settings.STATIC_ROOT.mkdir(exist_ok=True)
    stamp = settings.STATIC_ROOT / ".collected-by-test-run"
    with open(settings.STATIC_ROOT / ".collect.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if stamp.exists() and stamp.read_text() == run:
            return
        result = run_manage("collectstatic", "--noinput", "--verbosity", "0", **PRODUCTION_ENV)
        assert result.returncode == 0, result.stderr
        stamp.write_text(run)


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    return _run([sys.executable, "-c", code], env)


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    return _run([sys.executable, "manage.py", *args], env)


def _run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in _CONTROLLED}
    clean["DJANGO_SETTINGS_MODULE"] = "jobsite.settings"
    return subprocess.run(
        command,
        env={**clean, **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
