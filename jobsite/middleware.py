"""Site-wide middleware: request logging, health checks, the Permissions-Policy header, a 400 for
control bytes in the address, a calm 503 page when the database is away, and admin object
addresses that name no possible object."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.contrib import admin
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.csp import build_policy

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


class SecurityHeadersMiddleware:
    """The headers every response carries, including those answered before SecurityMiddleware
    and the CSP middleware run (/healthz, /readyz): each is set only where still missing, so
    the specialised middleware below keep the last word on the pages they see.

    Also Cross-Origin-Resource-Policy: same-origin, which no Django middleware sends: no other
    site may embed our responses (images, scripts, JSON) in its pages.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response
        self.headers = {
            "Cross-Origin-Resource-Policy": "same-origin",
            "Content-Security-Policy": build_policy(settings.SECURE_CSP),  # type: ignore[arg-type]  # the settings' dict of directives
            "X-Content-Type-Options": "nosniff",
            "X-Frame-Options": settings.X_FRAME_OPTIONS,
            "Referrer-Policy": settings.SECURE_REFERRER_POLICY,
            "Cross-Origin-Opener-Policy": settings.SECURE_CROSS_ORIGIN_OPENER_POLICY,
            "Permissions-Policy": permissions_policy(),
        }
        self.hsts = (
            f"max-age={settings.SECURE_HSTS_SECONDS}"
            + ("; includeSubDomains" if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS else "")
            + ("; preload" if settings.SECURE_HSTS_PRELOAD else "")
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        for name, value in self.headers.items():
            response.headers.setdefault(name, value)
        if settings.SECURE_HSTS_SECONDS and request.is_secure():
            response.headers.setdefault("Strict-Transport-Security", self.hsts)
        return response


def permissions_policy() -> str:
    """settings.PERMISSIONS_POLICY ({"camera": [], ...}) as a Permissions-Policy value."""
    return ", ".join(
        f"{feature}=({' '.join(allow)})" for feature, allow in settings.PERMISSIONS_POLICY.items()
    )


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
        self.header = permissions_policy()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


# C0 control characters and DEL, except tab, line feed and carriage return: no page's address or
# parameter means anything with them, and NUL in particular reaches the database as an error.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ControlCharactersMiddleware:
    """Control characters (raw or percent-encoded) in an address, before any view or the admin
    sees them: in the query string a 400 with the site's "bad request" page saying so; in the
    path the 404 page, since no page has such an address."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if CONTROL_CHARACTERS.search(request.path):
            raise Http404("The address contains control characters.")
        if any(
            CONTROL_CHARACTERS.search(key) or any(CONTROL_CHARACTERS.search(v) for v in values)
            for key, values in request.GET.lists()
        ):
            return bad_request(request, "The address contains control characters.")
        return self.get_response(request)


def bad_request(request: HttpRequest, reason: str) -> HttpResponse:
    return HttpResponse(
        render_to_string("400.html", {"reason": reason}, request=request), status=400
    )


class AdminObjectIdMiddleware:
    """An admin address whose object id cannot be a primary key of its model (".../role/abc/
    change/") gets the admin's own "doesn't exist" redirect, as a missing id does, instead of
    the ValueError a lookup with it raises."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view, args, kwargs) -> HttpResponse | None:
        match = request.resolver_match
        object_id = kwargs.get("object_id")
        if object_id is None or match is None or match.namespace != admin.site.name:
            return None
        for model, model_admin in admin.site._registry.items():
            opts = model._meta
            if (match.url_name or "").startswith(f"{opts.app_label}_{opts.model_name}_"):
                try:
                    opts.pk.to_python(object_id)
                except ValidationError:
                    # The admin's own "doesn't exist" answer (private API, pinned Django 6.1).
                    redirect = model_admin._get_obj_does_not_exist_redirect  # type: ignore[attr-defined]
                    return redirect(request, opts, object_id)
                return None
        return None


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
