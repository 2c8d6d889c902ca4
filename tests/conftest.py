from __future__ import annotations

import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from tests.factories import make_category, make_role

PAY_SAMPLE = Path(__file__).resolve().parent / "wages" / "data" / "oews-sample.sqlite.gz"

# CI sets STRICT_SKIPS=1: there every service (PostgreSQL, Chromium, Java) must be present, so a
# test that would skip for want of one fails instead, and nothing can pass by not running.
STRICT_SKIPS = os.environ.get("STRICT_SKIPS") == "1"


def pytest_configure(config):
    """The file-based cache (the default without Redis) lives in a directory of this run's own,
    so the tests never read or clear the cache of a `make run` on the same checkout. Settings
    are read lazily: nothing has opened the cache yet."""
    from django.conf import settings

    _redis_database_of_this_worker(settings)
    if settings.CACHES["default"]["BACKEND"].endswith("FileBasedCache"):
        settings.CACHES["default"]["LOCATION"] = tempfile.mkdtemp(prefix="roleatlas-cache-")
    # Many tests generate the same 1,000-role catalogue (tests/catalogue.py), whose page
    # documents hold its ~8,400 Markdown texts rendered: with room for them all, only the first
    # generation renders them (5 s of each generation otherwise).
    settings.MARKDOWN_MEMO_TEXTS = 20_000


def _redis_database_of_this_worker(settings) -> None:
    """Under pytest-xdist each worker uses the Redis database after REDIS_URL's by its number
    (gw0 REDIS_URL's own, gw1 the next), and so do the processes it starts: page-cache tests
    start with a FLUSHDB."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    if not settings.REDIS_URL or worker in ("", "0"):
        return
    url = urlsplit(settings.REDIS_URL)
    own = url._replace(path=f"/{int(url.path.strip('/') or 0) + int(worker)}").geturl()
    for cache in settings.CACHES.values():
        if cache.get("LOCATION") == settings.REDIS_URL:
            cache["LOCATION"] = own
    settings.REDIS_URL = os.environ["REDIS_URL"] = own  # subprocesses inherit it


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if STRICT_SKIPS and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped under STRICT_SKIPS=1, which forbids skips: {reason}"


@pytest.fixture
def catalogue(db):
    """The real fixtures: every category and role the site ships with, and the small pay
    release of tests/wages/data, so role pages show their pay as on the site."""
    from tests.catalogue import load_shipped_catalogue

    call_command("load_wages", str(PAY_SAMPLE), verbosity=0)
    load_shipped_catalogue()


@pytest.fixture
def category(db):
    return make_category()


@pytest.fixture
def role(category):
    return make_role(category=category)


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` need PostgreSQL-only features. On SQLite they skip, except under
    STRICT_SKIPS, where they are deselected: CI runs them in its PostgreSQL pass instead."""
    from django.conf import settings

    # Likewise for Redis: CI runs the `redis` tests in the pass that sets REDIS_URL.
    if not settings.REDIS_URL:
        needs_redis = [item for item in items if item.get_closest_marker("redis")]
        if STRICT_SKIPS:
            config.hook.pytest_deselected(items=needs_redis)
            items[:] = [item for item in items if not item.get_closest_marker("redis")]
        for item in needs_redis:
            item.add_marker(pytest.mark.skip(reason="needs Redis: set REDIS_URL=redis://..."))
    if settings.IS_POSTGRES:
        return
    postgres_only = [item for item in items if item.get_closest_marker("postgres")]
    if STRICT_SKIPS:
        config.hook.pytest_deselected(items=postgres_only)
        items[:] = [item for item in items if not item.get_closest_marker("postgres")]
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://... to run")
    for item in postgres_only:
        item.add_marker(skip)


@pytest.fixture(autouse=True)
def _page_cache(request, settings):
    """The whole-page cache is off except in tests marked `page_cache`, which start from an
    empty cache (with Redis: the FLUSHDB of REDIS_URL's database number)."""
    if request.node.get_closest_marker("page_cache") is None:
        settings.PAGE_CACHE_SECONDS = 0
        return
    from django.core.cache import cache

    settings.PAGE_CACHE_SECONDS = 3600
    cache.clear()


# One Playwright session for every browser test: Playwright's sync API cannot be started twice
# in one thread while the first is open.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def browser(allow_orm_beside_playwright):
    if not CHROMIUM.exists():
        pytest.skip(f"needs Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("needs Playwright for Python (make install)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def allow_orm_beside_playwright():
    """Playwright's sync API keeps an asyncio event loop running in this thread while the
    browser is open, and Django then refuses ORM calls from the thread (SynchronousOnlyOperation)
    even though test set-up such as loading fixtures is plain synchronous code. Allowed only
    while the browser tests' browser is open."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous
