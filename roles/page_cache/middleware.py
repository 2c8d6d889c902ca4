"""PageCacheMiddleware and the decorator by which views take part (see roles/page_cache)."""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response

from roles.page_cache.versions import (
    ALL,
    LISTING,
    category_version,
    current_versions,
    horizon,
    release,
    stored_versions,
    version_key,
)
from roles.pagination import PAGE_NUMBER

CACHEABLE_VARY = {"cookie", "accept-encoding"}
HIT_HEADER = "X-Page-Cache"
HEADER_LIST_SEPARATOR = re.compile(r"\s*,\s*")
DEPENDENCIES_ATTRIBUTE = "page_cache_depends_on"

logger = logging.getLogger("roles.page_cache")

# The versions beyond its category a page was last stored with (the roles of other categories it
# shows), by cache key: read in the same round trip as the page. Only a hint: the stored page
# names what it depends on and is checked against exactly that. Bounded by forgetting it all.
_extra_names_of: dict[str, tuple[str, ...]] = {}
EXTRA_NAMES_KEPT = 20_000


def page_cache_scope(
    category_slug_of: Callable[..., str | None], *, paginated: bool = False
) -> Callable:
    """Opt a public view in to the page cache. `category_slug_of(**url_kwargs)` names the
    category whose version the page depends on, or returns None for the site-wide listings.
    Only a `paginated` view is cached with a `?page=N`; any other query string bypasses."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        view.page_cache_scope = (category_slug_of, paginated)  # type: ignore[attr-defined]
        return view

    return decorator


def depends_on(request: HttpRequest, names: Iterable[str]) -> None:
    """Declare versions a page depends on beyond its category or listing (the roles of other
    categories it shows), from the view that renders it."""
    extra = getattr(request, DEPENDENCIES_ATTRIBUTE, [])
    setattr(request, DEPENDENCIES_ATTRIBUTE, [*extra, *names])


def _host_is_allowed(request: HttpRequest) -> bool:
    try:
        request.get_host()
    except DisallowedHost:
        return False
    return True


def _request_is_cacheable(request: HttpRequest, paginated: bool) -> bool:
    # HEAD too: the view renders it in full (the server drops the body), so a HEAD is served
    # the GET's stored headers, ETag included, and a miss may store the page for the GETs.
    if request.method not in ("GET", "HEAD") or settings.PAGE_CACHE_SECONDS <= 0:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    params = request.GET
    if not params:
        return True
    return (
        paginated
        and list(params) == ["page"]
        and len(params.getlist("page")) == 1
        and PAGE_NUMBER.fullmatch(params["page"]) is not None
    )


def _response_is_cacheable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    vary = {v.lower() for v in HEADER_LIST_SEPARATOR.split(response.get("Vary", "")) if v}
    return vary <= CACHEABLE_VARY


def _remember_extra_names(key: str, stored_names: list[str], page_names: list[str]) -> None:
    extra = tuple(name for name in stored_names if name not in page_names)
    if _extra_names_of.get(key) == extra:
        return
    if len(_extra_names_of) >= EXTRA_NAMES_KEPT:
        _extra_names_of.clear()
    _extra_names_of[key] = extra


class PageCacheMiddleware:
    """Serves cached pages before sessions, CSRF, authentication and URL dispatch run, and
    stores fresh ones with every header the inner middleware added.

    A hit reads the page's entry and the tokens of its category (or the listing) in one cache
    round trip, and those of the roles of other categories it shows too once this process has
    seen the page (before that, in a second trip). Place it right after WhiteNoiseMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._failing = False

    def scope_of(self, request: HttpRequest) -> tuple[bool, str | None, bool]:
        """(whether the view takes part, the category slug it depends on or None, paginated)."""
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False, None, False
        scope = getattr(match.func, "page_cache_scope", None)
        if scope is None:
            return False, None, False
        category_slug_of, paginated = scope
        return True, category_slug_of(**match.kwargs), paginated

    def __call__(self, request: HttpRequest) -> HttpResponse:
        takes_part, slug, paginated = self.scope_of(request)
        if not takes_part or not _host_is_allowed(request):
            # A Host that ALLOWED_HOSTS refuses gets Django's 400, cached page or not.
            return self.get_response(request)
        if not _request_is_cacheable(request, paginated):
            response = self.get_response(request)
            personal = settings.SESSION_COOKIE_NAME in request.COOKIES
            response.setdefault(
                "Cache-Control", "private, no-cache" if personal else settings.HTML_CACHE_CONTROL
            )
            response[HIT_HEADER] = "bypass"
            return response

        page_names = [ALL, category_version(slug) if slug else LISTING]
        path_digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"pages:page:{release()}:{path_digest}"
        try:
            hit, listing_before = self._lookup(request, key, page_names)
        except Exception:
            self._log_failure()
            return self._render(request, "miss")
        self._failing = False
        if hit is not None:
            return hit

        response = self._render(request, "miss")
        if _response_is_cacheable(request, response):
            try:
                self._store(request, response, key, slug, page_names, listing_before)
            except Exception:
                self._log_failure()
        return response

    def _lookup(
        self, request: HttpRequest, key: str, page_names: list[str]
    ) -> tuple[HttpResponse | None, str | None]:
        """The cached response if it is current, and the listing token as read before the
        page is rendered (every edit moves it: see _store)."""
        names = list(dict.fromkeys([*page_names, LISTING, *_extra_names_of.get(key, ())]))
        found = cache.get_many([key, *(version_key(name) for name in names)])
        current = {name: found[version_key(name)] for name in names if version_key(name) in found}
        if LISTING not in current:  # one token for the whole site, created once
            current |= current_versions([LISTING])
        stored = found.get(key)
        if stored is not None:
            stored_names, tokens, content, headers = stored
            missing = [name for name in stored_names if name not in current]
            current |= stored_versions(missing) if missing else {}
            _remember_extra_names(key, stored_names, page_names)
            pairs = zip(stored_names, tokens, strict=True)
            if all(current.get(name) == token for name, token in pairs):
                response = HttpResponse(content, headers=headers)
                # A revalidation whose ETag still matches gets a 304, as the view would give.
                response = get_conditional_response(
                    request, etag=response.get("ETag"), response=response
                )
                response[HIT_HEADER] = "hit"  # type: ignore[index]  # given a response, never None
                return response, None
        return None, current.get(LISTING)

    def _render(self, request: HttpRequest, outcome: str) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Cache-Control", settings.HTML_CACHE_CONTROL)
        response[HIT_HEADER] = outcome
        return response

    def _store(
        self,
        request: HttpRequest,
        response: HttpResponse,
        key: str,
        slug: str | None,
        page_names: list[str],
        listing_before: str | None,
    ) -> None:
        extra = getattr(request, DEPENDENCIES_ATTRIBUTE, [])
        names = list(dict.fromkeys([*page_names, *extra, LISTING]))
        versions = current_versions(names)
        # Every write moves the listing token, at once and again on commit. If it moved while
        # this page was rendered, the page may show data older than the tokens just read (those
        # of the roles it lists were read only now): serve it, but do not keep it.
        if listing_before is None or versions[LISTING] != listing_before:
            return
        upcoming = horizon(versions)
        until = upcoming.get(slug) if slug else min(upcoming.values(), default=None)
        timeout = settings.PAGE_CACHE_SECONDS
        if until is not None:
            timeout = min(timeout, int(until - time.time()))
        if timeout <= 0:
            return
        stored_names = [*page_names, *dict.fromkeys(n for n in extra if n not in page_names)]
        tokens = tuple(versions[name] for name in stored_names)
        headers: dict[str, Any] = {k: v for k, v in response.items() if k != HIT_HEADER}
        cache.set(key, (stored_names, tokens, response.content, headers), timeout=timeout)
        _remember_extra_names(key, stored_names, page_names)

    def _log_failure(self) -> None:
        # Once per outage, not once per request: a cache that is down is a miss for everyone.
        if not self._failing:
            logger.exception("page cache unavailable: serving pages from the database")
        self._failing = True
