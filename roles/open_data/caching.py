"""Open data answers cached, and invalidated, by the page cache's own versions (roles/page_cache).

Nothing here is bumped or forgotten: an answer is stored under `catalogue_state()`, which is
built from roles.page_cache.versions.listing_state(), the token that every write of the
catalogue moves (roles/derived.py bumps the `listing` version after every save or deletion of a
role, a row or a category, and `all` after pay data is loaded or a backup restored) and that
moves by itself when a scheduled role goes live or a takedown ends. The next request after any
of those finds no answer under the new state and builds a fresh one; the old ones age out of
the cache. The state also carries the page cache's release (templates, static manifest,
SITE_URL: absolute URLs name it) and a digest of the API's schema, so a deploy that changes
what a document holds does not serve the previous shape.

As with pages, an answer built while the state moved (an edit committed meanwhile) is served
but not kept, a cache that fails is a miss, and PAGE_CACHE_SECONDS=0 turns storing off.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import get_conditional_response, set_response_etag

from roles.page_cache.versions import listing_state, release

logger = logging.getLogger("roles.open_data")

# Answers with these parameters are not stored: any text makes a new address, and search is
# never page-cached either (readers' queries would crowd the pages out of the cache).
UNCACHED_PARAMETERS = {"search"}


@functools.cache
def schema_digest() -> str:
    from roles.open_data.api import api  # the API is built on this module

    schema = json.dumps(api.get_openapi_schema(), sort_keys=True, default=str)
    return hashlib.sha256(schema.encode()).hexdigest()[:12]


def catalogue_state() -> str:
    """A token that changes whenever any open data answer could change (see the docstring)."""
    return f"{release()}:{schema_digest()}:{listing_state()}"


def finish(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    """Validators and caching headers of a public answer, and its 304 when the client's copy
    is current. Errors carry `no-cache`: a CDN must not keep a 404 past the role's creation."""
    if response.status_code != 200:
        response.setdefault("Cache-Control", "no-cache")
        return response
    response.setdefault("Cache-Control", settings.OPEN_DATA_CACHE_CONTROL)
    if isinstance(response, HttpResponse) and not response.has_header("ETag"):
        set_response_etag(response)
    conditional = get_conditional_response(
        request,
        etag=response.get("ETag"),
        response=response,  # type: ignore[arg-type]
    )
    return conditional or response


def stored_answer(
    request: HttpRequest, key_parts: tuple[str, ...], build: Callable[[], HttpResponseBase]
) -> HttpResponseBase:
    """The answer to `request`, from the cache when one was stored under the current state,
    else built and stored (200s only)."""
    storing = settings.PAGE_CACHE_SECONDS > 0 and not UNCACHED_PARAMETERS & set(request.GET)
    if not storing:
        return finish(request, build())
    try:
        state = catalogue_state()
        digest = hashlib.sha256("\n".join(key_parts).encode()).hexdigest()
        key = f"open-data:{state}:{digest}"
        found = cache.get(key)
    except Exception:
        logger.exception("open data cache unavailable: answering from the database")
        return finish(request, build())
    if found is not None:
        content, headers = found
        return finish(request, HttpResponse(content, headers=headers))
    response = build()
    if response.status_code == 200 and isinstance(response, HttpResponse):
        finish(request, response)  # the ETag and Cache-Control are stored with it
        try:
            if catalogue_state() == state:
                stored = (response.content, dict(response.items()))
                cache.set(key, stored, settings.PAGE_CACHE_SECONDS)
        except Exception:
            logger.exception("open data cache unavailable: answer not stored")
    return finish(request, response)


def cached_operation(run: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """For `ninja.decorators.decorate_view`: an API operation's answers, stored by address."""

    @functools.wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return stored_answer(
            request, ("api", request.get_full_path()), lambda: run(request, *args, **kwargs)
        )

    return wrapper
