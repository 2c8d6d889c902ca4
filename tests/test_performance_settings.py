"""Production settings that performance depends on: cache backend, page cache, template loader,
persistent connections."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings

REDIS_URL = os.environ.get("REDIS_URL", "")


def _settings_value(expression: str, **env: str) -> str:
    """Evaluate `expression` against the settings a fresh process gets from `env`."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "REDIS_URL", "PAGE_CACHE_SECONDS"}
    }
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'jobsite.settings'; "
        f"django.setup(); from django.conf import settings; print({expression})"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "SECRET_KEY": "test-only", **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_redis_url_selects_the_shared_redis_cache_and_files_are_the_default():
    backend = "settings.CACHES['default']['BACKEND']"
    assert _settings_value(backend) == "django.core.cache.backends.filebased.FileBasedCache"
    assert (
        _settings_value(backend, REDIS_URL="redis://127.0.0.1:6379/6")
        == "jobsite.redis_cache.RedisCache"
    )


def test_page_cache_is_on_in_every_configuration_with_a_shared_cache():
    """One production host without Redis shares the file cache between its workers, so the
    page cache is as correct there as on Redis, and on by default in both."""
    seconds = "settings.PAGE_CACHE_SECONDS"
    assert int(_settings_value(seconds, DEBUG="0")) > 0
    assert int(_settings_value(seconds, DEBUG="0", REDIS_URL="redis://127.0.0.1:6379/6")) > 0


def test_production_compiles_each_template_once_with_the_cached_loader():
    loaders = (
        "[type(l).__module__ for l in "
        "__import__('django.template').template.engines['django'].engine.template_loaders]"
    )
    assert "django.template.loaders.cached" in _settings_value(loaders, DEBUG="0")


def test_database_connections_persist_and_are_health_checked():
    database = settings.DATABASES["default"]
    assert database["CONN_MAX_AGE"] > 0
    assert database["CONN_HEALTH_CHECKS"] is True


@pytest.mark.redis
def test_a_version_bump_through_one_redis_client_is_seen_by_another():
    """Two instances are two processes with their own Redis clients; the tokens the page cache
    keys on must be shared between them."""
    from jobsite.redis_cache import RedisCache

    first, second = (RedisCache(REDIS_URL, {}) for _ in range(2))
    first.set("pages:v:test-shared", "one", timeout=30)
    assert second.get("pages:v:test-shared") == "one"
    second.set("pages:v:test-shared", "two", timeout=30)
    assert first.get("pages:v:test-shared") == "two"
    first.delete("pages:v:test-shared")


@pytest.mark.redis
def test_the_redis_cache_reuses_its_client_and_outlives_a_dropped_connection():
    """One redis-py client per pool (jobsite/redis_cache.py), not one per call; a connection
    the server drops (a restart, an idle timeout) is opened again on the next read."""
    import redis

    from jobsite.redis_cache import RedisCache

    cache = RedisCache(REDIS_URL, {})
    cache.set("pages:v:test-reused", "kept", timeout=30)
    client = cache._cache.get_client(write=True)
    assert cache._cache.get_client() is client
    redis.Redis.from_url(REDIS_URL).client_kill_filter(_id=client.client_id())
    assert cache.get("pages:v:test-reused") == "kept"
    cache.delete("pages:v:test-reused")


def test_check_warns_when_the_page_cache_is_private_to_each_process(settings):
    from roles.page_cache.checks import check_shared_cache

    settings.DEBUG = False
    settings.PAGE_CACHE_SECONDS = 60
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [w.id for w in check_shared_cache()] == ["roles.W001"]
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/6",
        }
    }
    assert check_shared_cache() == []
    settings.PAGE_CACHE_SECONDS = 0
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert check_shared_cache() == []
