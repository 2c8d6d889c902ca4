"""System check: the page cache needs a cache that every process shares."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

PER_PROCESS_BACKENDS = ("locmem.LocMemCache", "dummy.DummyCache")


@checks.register(checks.Tags.caches)
def check_shared_cache(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """A private per-process cache cannot be invalidated by an edit made in another process
    (another gunicorn worker, or a CLI command beside runserver)."""
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.PAGE_CACHE_SECONDS > 0 and backend.endswith(PER_PROCESS_BACKENDS):
        return [
            checks.Warning(
                "The page cache is on with a per-process cache: an edit made in another "
                "process (a gunicorn worker, a management command) would not reach its pages.",
                hint="Leave CACHE_DIR at its default or set REDIS_URL, or PAGE_CACHE_SECONDS=0.",
                id="roles.W001",
            )
        ]
    return []
