from __future__ import annotations

import pytest

from tests.jobsite.production import PRODUCTION_ENV, run_manage


@pytest.fixture(scope="session", autouse=True)
def collected_static_files():
    """Production-mode subprocesses serve hashed static names from the manifest, as a deployed
    site does after `collectstatic`; collect once so they never read a stale or missing one."""
    result = run_manage("collectstatic", "--noinput", "--verbosity", "0", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
