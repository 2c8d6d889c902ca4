"""Debian's Chromium driven by Playwright (never a downloaded browser), and a live server on
this project's port, for tests marked `browser`. The `browser` fixture itself is shared, in
tests/conftest.py."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

# Each pytest-xdist worker (gw0, gw1, ...) serves on a port of its own.
_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
LIVE_SERVER_ADDRESS = os.environ.get("BROWSER_TEST_ADDRESS", f"127.0.0.1:{8780 + _WORKER}")


@pytest.fixture
def site(transactional_db, monkeypatch) -> Iterator[str]:
    """The site served from the test database, at a fixed port of ours; yields its base URL."""
    from pytest_django.live_server_helper import LiveServer

    # Playwright's sync API keeps an event loop in this thread; the ORM calls the test makes
    # between page actions are still ordinary synchronous code.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    server = LiveServer(LIVE_SERVER_ADDRESS)
    yield server.url
    # Let requests still being answered finish (the browser has closed its connections by now):
    # they close the shared in-memory SQLite connection, which is only allowed until stop().
    for thread in threading.enumerate():
        if thread.name.endswith("(process_request_thread)"):
            thread.join(timeout=10)
    server.stop()


@pytest.fixture
def page(browser, site) -> Iterator:
    """A fresh browser context and page; closed (with its keep-alive connections) before the
    live server stops."""
    context = browser.new_context(base_url=site)
    yield context.new_page()
    context.close()


@dataclass
class Watched:
    """Everything a page said that a reader would not want: dialogs, console errors (CSP
    violations are reported there) and uncaught script errors."""

    dialogs: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_responses: list[str] = field(default_factory=list)

    @property
    def trouble(self) -> list[str]:
        return self.dialogs + self.console_errors + self.page_errors + self.failed_responses


def watch(page) -> Watched:
    seen = Watched()

    def on_dialog(dialog) -> None:
        seen.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)

    def on_console(message) -> None:
        # Chromium's own favicon probe is not the page's doing (the site has no favicon yet).
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            seen.console_errors.append(f"{message.text} ({message.location.get('url')})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: seen.page_errors.append(str(error)))
    page.on(
        "response",
        lambda response: (
            response.status >= 400
            and seen.failed_responses.append(f"{response.status} {response.url}")
        ),
    )
    return seen
