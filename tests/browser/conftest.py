"""Browser tests: Playwright for Python driving Debian's Chromium against the live server.

They skip, with the reason, where Chromium or Playwright is missing (CI installs both and
STRICT_SKIPS turns such a skip into a failure). Playwright's own browsers are never downloaded.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


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


@pytest.fixture
def site(live_server, catalogue):
    """The live server's address, with the real catalogue loaded."""
    return live_server.url


@pytest.fixture
def context(browser, site):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900},
        permissions=["clipboard-read", "clipboard-write"],
    )
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


@pytest.fixture
def axe_path() -> Path:
    if not AXE.exists():
        pytest.skip(f"needs axe-core at {AXE} (make node-tools)")
    return AXE
