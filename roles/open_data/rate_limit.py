"""A modest per-client rate limit on the API: API_RATE_LIMIT requests per API_RATE_WINDOW
seconds from one address, then 429 with Retry-After until the window ends.

The count lives in the default cache, which every instance shares (Redis with REDIS_URL, else
the host's file cache), so two instances behind the proxy count a client once, not twice. A
fixed window: one counter per client and window, created with `add` and raised with `incr`
(atomic on Redis). A client is its address as our proxies saw it (jobsite/client_ip.py, the one
rule the sign-in lockout uses too), never an address the client wrote itself.

A middleware placed before the page cache, so that every request under /api/ counts, whether
answered from a cache or not; the bulk files at /data/ are not limited: they are what a client
that wants everything should fetch.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from jobsite.client_ip import client_ip

logger = logging.getLogger("roles.open_data")

PREFIX = "/api/"


def _count(client: str, window: int) -> int:
    """This request's number in the client's current window."""
    key = f"api-rate:{window}:{hashlib.sha256(client.encode()).hexdigest()[:32]}"
    cache.add(key, 0, timeout=settings.API_RATE_WINDOW + 1)
    try:
        return cache.incr(key)
    except ValueError:  # the counter expired between add and incr
        cache.add(key, 1, timeout=settings.API_RATE_WINDOW + 1)
        return 1


class ApiRateLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._failing = False

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.API_RATE_LIMIT
        if not request.path_info.startswith(PREFIX) or limit <= 0:
            return self.get_response(request)
        period = settings.API_RATE_WINDOW
        now = time.time()
        window = int(now // period)
        try:
            used = _count(client_ip(request) or "unknown", window)
        except Exception:
            # A cache that is down limits nobody: the API still answers.
            if not self._failing:
                logger.exception("rate limit: cache unavailable, not counting requests")
            self._failing = True
            return self.get_response(request)
        self._failing = False
        retry_after = max(1, int((window + 1) * period - now + 0.999))
        if used > limit:
            return too_many_requests(limit, period, retry_after)
        response = self.get_response(request)
        response["RateLimit-Limit"] = str(limit)
        response["RateLimit-Remaining"] = str(max(0, limit - used))
        response["RateLimit-Reset"] = str(retry_after)
        return response


def too_many_requests(limit: int, period: int, retry_after: int) -> HttpResponse:
    body = {
        "status": 429,
        "code": "rate_limited",
        "message": f"More than {limit} requests in {period} seconds from this client; try "
        f"again in {retry_after} seconds. For the whole catalogue, download the bulk files "
        "at /data/ instead.",
        "errors": [],
    }
    response = HttpResponse(json.dumps(body), status=429, content_type="application/json")
    response["Retry-After"] = str(retry_after)
    response["RateLimit-Limit"] = str(limit)
    response["RateLimit-Remaining"] = "0"
    response["RateLimit-Reset"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response
