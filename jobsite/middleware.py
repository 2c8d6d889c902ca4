"""Site-wide middleware: request logging, health checks, the Permissions-Policy header, and a
calm 503 page when the database is away."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

from jobsite.logging import request_id_var

request_log = logging.getLogger("jobsite.request")
logger = logging.getLogger(__name__)

# An incoming id is kept only if it is short and plain, so that it cannot forge log lines.
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
RETRY_AFTER_SECONDS = 30

GetResponse = Callable[[HttpRequest], HttpResponse]


class RequestLogMiddleware:
    """One log line per request: id, method, path, status and duration in milliseconds.

    The id is the proxy's X-Request-ID when it sends a plausible one, otherwise a new one; it is
    echoed in the response's X-Request-ID header so a reader's report can be found in the log.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]  # ours, read by logging
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            request_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            request_id_var.reset(token)


class HealthCheckMiddleware:
    """Answers /healthz and /readyz before host validation and the HTTPS redirect, since load
    balancers and Docker probe by IP address over plain HTTP.

    /healthz: the process serves requests (no database). /readyz: the database and the cache
    answer too; 503 with the failing part named otherwise.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == "/healthz":
            return JsonResponse({"status": "ok"})
        if request.path == "/readyz":
            checks = {"database": _database_answers(), "cache": _cache_answers()}
            ready = all(checks.values())
            return JsonResponse(
                {
                    "status": "ok" if ready else "unavailable",
                    **{name: "ok" if ok else "failing" for name, ok in checks.items()},
                },
                status=200 if ready else 503,
            )
        return self.get_response(request)


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.warning("readiness: the database does not answer", exc_info=True)
        connection.close_if_unusable_or_obsolete()
        return False


def _cache_answers() -> bool:
    key = f"readyz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", timeout=5)
        answered = cache.get(key) == "ok"
        cache.delete(key)
        return answered
    except Exception:  # any cache backend's own connection error
        logger.warning("readiness: the cache does not answer", exc_info=True)
        return False


class PermissionsPolicyMiddleware:
    """Sends settings.PERMISSIONS_POLICY ({"camera": [], ...}) as a Permissions-Policy header."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allow)})"
            for feature, allow in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


class DatabaseUnavailableMiddleware:
    """Turns a lost database connection into a styled 503 "temporarily unavailable" page with a
    Retry-After header instead of a traceback. The page's template needs no database. Django
    drops the broken connection at the end of the request, so the next request after the
    database comes back reconnects by itself."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("database unavailable: %s", exception, exc_info=exception)
        return service_unavailable(request)


def service_unavailable(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        render_to_string("503.html", {"retry_after": RETRY_AFTER_SECONDS}, request=request),
        status=503,
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
