"""A real PostgreSQL goes away under a real server, and comes back.

Uses a private, throwaway PostgreSQL instance (never the shared server, which others use) and
gunicorn in production mode, as deployed.
"""

from __future__ import annotations

import pytest

from tests.jobsite.live import Gunicorn, PrivatePostgres, manage
from tests.jobsite.production import PRODUCTION_ENV

# Inside this worktree's port range (8700-8799).
PRIVATE_POSTGRES_PORT = 8790
SERVER_PORT = 8791
ROLE_PAGE = "/jobs/artificial-intelligence/ai-solutions-architect/"
CATEGORY_PAGE = "/jobs/cybersecurity/"


@pytest.fixture
def private_postgres():
    pg = PrivatePostgres.create(PRIVATE_POSTGRES_PORT)
    yield pg
    pg.destroy()


@pytest.mark.postgres
def test_site_serves_503_while_postgres_is_down_and_recovers_by_itself(private_postgres):
    env = {**PRODUCTION_ENV, "ALLOWED_HOSTS": "127.0.0.1", "DATABASE_URL": private_postgres.url}
    manage("migrate", "--noinput", env=env)
    manage("loaddata", "categories", "roles", env=env)
    server = Gunicorn(SERVER_PORT, env)
    try:
        status, _, body = server.get(ROLE_PAGE)
        assert status == 200 and "AI Solutions Architect" in body

        private_postgres.stop()
        # A page read before the outage is still served from the page cache (Redis, or the
        # host's file cache); a page nobody has read yet needs the database and gets the 503.
        assert server.get(ROLE_PAGE)[0] == 200, server.output()
        status, headers, body = server.get(CATEGORY_PAGE)
        assert status == 503, server.output()
        assert headers["Retry-After"] == "30"
        assert "Temporarily unavailable" in body
        assert "Traceback" not in body and "OperationalError" not in body
        assert server.get("/healthz")[0] == 200
        assert server.get("/readyz")[0] == 503

        private_postgres.start()  # returns once PostgreSQL accepts connections
        assert server.get(ROLE_PAGE)[0] == 200, server.output()
        assert server.get("/readyz")[0] == 200
        assert "OperationalError" in server.output()  # the outage is in the log, with its cause
    finally:
        server.stop()
