"""Browser tests: Playwright for Python driving Debian's Chromium against the live server.

They skip, with the reason, where Chromium or Playwright is missing (CI installs both and
STRICT_SKIPS turns such a skip into a failure). Playwright's own browsers are never downloaded.
"""

from __future__ import annotations

from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


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
