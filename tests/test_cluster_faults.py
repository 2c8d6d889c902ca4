"""Faults under load, through the shipped front end: nginx (deploy/nginx.conf) in front of two
production-mode gunicorns, on a private PostgreSQL and a private Redis that the test stops and
starts (the shared servers on 5432/6379 are never touched).

Load is bounded: a few client threads on loopback for a few seconds. Each test prints what it
measured (requests, errors by status, recovery time); `make cluster-test PYTEST_ARGS=-s` shows it.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
import time
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass, field

import pytest

from tests.front_end import (
    FrontEnd,
    free_port,
    nginx_binary,
    production_env,
    two_instances_behind_nginx,
)
from tests.jobsite.live import PrivatePostgres, manage
from tests.jobsite.production import collect_static_once

# Private servers, but PostgreSQL and Redis all the same: CI runs these in its PostgreSQL +
# Redis pass, not the SQLite one.
pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.cluster]

CACHED = [
    "/",
    "/jobs/",
    "/jobs/artificial-intelligence/",
    "/jobs/artificial-intelligence/ai-solutions-architect/",
]
# Never page-cached: search, and any query string the cache does not know.
UNCACHED = ["/search/?q=architect", "/jobs/cybersecurity/?ref=load-test"]
CLIENTS = 4
FRONT_END_PAGE = "The site is not answering"  # deploy/errors/unavailable.html


class PrivateRedis:
    """redis-server on 127.0.0.1:port, no persistence, until stop()."""

    def __init__(self, port: int) -> None:
        if not shutil.which("redis-server"):
            pytest.skip("needs redis-server (apt-get install redis-server)")
        self.port = port
        self.process: subprocess.Popen | None = None
        self.start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while (
            subprocess.run(
                ["redis-cli", "-p", str(self.port), "ping"], capture_output=True, text=True
            ).stdout.strip()
            != "PONG"
        ):
            if time.monotonic() > deadline:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.1)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@dataclass
class Sample:
    started: float
    finished: float
    path: str
    status: int
    retry_after: str | None
    text: str


@dataclass
class Load:
    """CLIENTS threads requesting CACHED and UNCACHED pages in turn through the front end."""

    front_end: FrontEnd
    samples: list[Sample] = field(default_factory=list)
    running: threading.Event = field(default_factory=threading.Event)

    def _client(self, offset: int) -> None:
        paths = CACHED + UNCACHED
        index = offset
        while self.running.is_set():
            path = paths[index % len(paths)]
            index += 1
            started = time.monotonic()
            try:
                response = self.front_end.get(path, timeout=10)
                sample = Sample(
                    started,
                    time.monotonic(),
                    path,
                    response.status,
                    response.header("Retry-After"),
                    response.text,
                )
            except OSError:
                sample = Sample(started, time.monotonic(), path, 0, None, "")  # no answer
            self.samples.append(sample)

    def __enter__(self) -> Load:
        self.running.set()
        self.threads = [
            threading.Thread(target=self._client, args=(n,), daemon=True) for n in range(CLIENTS)
        ]
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.running.clear()
        for thread in self.threads:
            thread.join(timeout=15)

    def between(self, start: float, end: float) -> list[Sample]:
        """The requests made and answered within [start, end)."""
        return [s for s in self.samples if start <= s.started and s.finished < end]


@pytest.fixture
def stack():
    with ExitStack() as stack:
        yield stack


def start_site(stack: ExitStack, database_url: str, redis_url: str) -> FrontEnd:
    """Migrated, loaded, two instances behind nginx; the CACHED pages in the page cache."""
    nginx_binary()
    https_port = free_port()
    env = production_env(https_port, DATABASE_URL=database_url, REDIS_URL=redis_url)
    manage("migrate", "--noinput", env=env)
    manage("loaddata", "categories", "roles", env=env)
    collect_static_once()
    front_end, _ = two_instances_behind_nginx(stack, env, https_port)
    for path in CACHED:
        front_end.get(path)
        assert front_end.get(path).header("X-Page-Cache") == "hit", path
    return front_end


def recovery_seconds(load: Load, back: float, paths: list[str]) -> float | None:
    """Seconds from `back` to the first request after which every one of `paths` answered 200."""
    after = sorted(
        (s for s in load.samples if s.started >= back and s.path in paths), key=lambda s: s.started
    )
    for index, sample in enumerate(after):
        if all(s.status == 200 for s in after[index:]):
            return sample.started - back
    return None


def wait_for_200(front_end: FrontEnd, path: str, limit: float) -> None:
    deadline = time.monotonic() + limit
    while front_end.get(path).status != 200 and time.monotonic() < deadline:
        time.sleep(0.05)


def report(name: str, load: Load, outage: list[Sample], recovery: float | None) -> None:
    statuses = Counter(s.status for s in load.samples)
    print(
        f"\n{name}: {len(load.samples)} requests, by status {dict(statuses)}; during the outage "
        f"{len(outage)} requests, {sum(s.status != 200 for s in outage)} not 200; "
        f"recovery {recovery if recovery is None else round(recovery, 2)} s"
    )


def outage_under_load(stack, service: str) -> tuple[Load, float, float, float]:
    """The site on a private PostgreSQL and Redis, under load, while `service` ("postgres" or
    "redis") is stopped for 4 s and started again. Returns the load and the moments it went
    down, was being restarted and answered again."""
    postgres = PrivatePostgres.create(free_port())
    stack.callback(postgres.destroy)
    redis = PrivateRedis(free_port())
    stack.callback(redis.stop)
    front_end = start_site(stack, postgres.url, redis.url)
    target = postgres if service == "postgres" else redis
    with Load(front_end) as load:
        time.sleep(1.5)
        target.stop()
        down = time.monotonic()
        time.sleep(4)
        restarting = time.monotonic()
        target.start()  # returns once the service accepts connections
        back = time.monotonic()
        if service == "postgres":
            wait_for_200(front_end, UNCACHED[0], limit=20)
        time.sleep(1.5 if service == "postgres" else 3)
    return load, down, restarting, back


def test_database_outage_under_load_serves_cached_pages_and_our_503_never_a_502(stack):
    load, down, restarting, back = outage_under_load(stack, "postgres")
    outage = load.between(down + 0.5, restarting)
    recovery = recovery_seconds(load, back, UNCACHED)
    report("database outage", load, outage, recovery)

    assert outage, "no requests ran during the outage"
    answers = Counter(s.status for s in load.samples)
    assert not {0, 500, 502, 504} & set(answers), f"errors other than our 503: {answers}"
    assert not [s for s in load.samples if FRONT_END_PAGE in s.text], (
        "nginx gave up on the instances (its own page) although they were answering"
    )
    cached = [s for s in outage if s.path in CACHED]
    assert cached and all(s.status == 200 for s in cached), "cached pages must stay served"
    uncached = [s for s in outage if s.path in UNCACHED]
    assert uncached and all(
        s.status == 503 and s.retry_after == "30" and "Temporarily unavailable" in s.text
        for s in uncached
    ), [(s.path, s.status, round(s.started - down, 2)) for s in uncached if s.status != 503]
    assert recovery is not None and recovery < 5, f"recovery took {recovery} s"


def test_redis_outage_under_load_causes_no_errors(stack):
    load, down, restarting, back = outage_under_load(stack, "redis")
    outage = load.between(down, restarting)
    recovery = recovery_seconds(load, back, CACHED + UNCACHED)
    report("Redis outage", load, outage, recovery)

    assert outage, "no requests ran during the outage"
    answers = Counter(s.status for s in load.samples)
    assert set(answers) == {200}, f"errors while Redis was down: {answers}"
