from __future__ import annotations

import pytest

from tests.jobsite.production import collect_static_once


@pytest.fixture(scope="session", autouse=True)
def collected_static_files():
    """Production-mode subprocesses serve hashed static names from the manifest, as a deployed
    site does after `collectstatic`; collect once so they never read a stale or missing one."""
    collect_static_once()
