"""Throwaway services for tests that need real processes: a private PostgreSQL instance that a
test may stop and start (the shared server is never touched) and a gunicorn server."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings


def postgres_bin() -> Path:
    """The newest PostgreSQL server binaries, or a skip saying what is missing."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        pytest.skip(
            "PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql"
        )
    return Path(found[-1]).parent


def _as_postgres() -> list[str]:
    if os.geteuid() == 0:
        if not shutil.which("runuser"):
            pytest.skip("running as root without runuser: cannot start PostgreSQL as 'postgres'")
        return ["runuser", "-u", "postgres", "--"]
    return []  # initdb refuses root; any other user may own its own cluster


@dataclass
class PrivatePostgres:
    """A PostgreSQL cluster in a temporary directory, listening on 127.0.0.1:port only."""

    port: int
    bin: Path
    directory: Path

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _pg_ctl(self, *args: str) -> None:
        subprocess.run(
            [*_as_postgres(), str(self.bin / "pg_ctl"), "-D", str(self.directory / "data"), *args],
            check=True,
            capture_output=True,
            timeout=60,
        )

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory} -c fsync=off"
        self._pg_ctl("-w", "-o", options, "-l", str(self.directory / "server.log"), "start")

    def stop(self) -> None:
        self._pg_ctl("-w", "-m", "fast", "stop")

    @classmethod
    def create(cls, port: int) -> PrivatePostgres:
        directory = Path(tempfile.mkdtemp(prefix="roleatlas-pg-"))
        os.chmod(directory, 0o777)
        if os.geteuid() == 0:
            shutil.chown(directory, "postgres")
        pg = cls(port=port, bin=postgres_bin(), directory=directory)
        subprocess.run(
            [
                *_as_postgres(),
                str(pg.bin / "initdb"),
                "-D",
                str(directory / "data"),
                "-U",
                "postgres",
                "-A",
                "trust",
                "--no-sync",
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        pg.start()
        return pg

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self._pg_ctl("-m", "immediate", "stop")
        shutil.rmtree(self.directory, ignore_errors=True)


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "jobsite.settings", **env},
        cwd=settings.BASE_DIR,
        check=True,
        capture_output=True,
        timeout=120,
    )


class Gunicorn:
    """gunicorn serving the site with `env`, one worker, until stop()."""

    def __init__(self, port: int, env: dict[str, str]) -> None:
        self.port = port
        # A file cache of this server's own unless the test shares one with a CLI command.
        env = {"CACHE_DIR": tempfile.mkdtemp(prefix="roleatlas-gunicorn-cache-"), **env}
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115 (open while the server runs)
            prefix="roleatlas-gunicorn-", suffix=".log"
        )
        gunicorn = Path(sys.executable).parent / "gunicorn"
        self.process = subprocess.Popen(
            [str(gunicorn), "jobsite.wsgi", "--config", "jobsite/gunicorn.conf.py"],
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "jobsite.settings",
                "HOST": "127.0.0.1",
                "PORT": str(port),
                "WEB_CONCURRENCY": "1",
                **env,
            },
            cwd=settings.BASE_DIR,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while self.get("/healthz")[0] != 200:
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.stop()
                raise RuntimeError(f"gunicorn did not start: {self.output()}")
            time.sleep(0.2)

    def get(self, path: str) -> tuple[int, dict[str, str], str]:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", headers={"X-Forwarded-Proto": "https"}
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()
        except OSError:
            return 0, {}, ""

    def output(self) -> str:
        return Path(self.log.name).read_text(errors="replace")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()
