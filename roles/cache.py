"""Whole-page caching of the public pages, with exact invalidation.

Why whole pages: a public page is the same for every anonymous reader, so one cache hit replaces
every query and the whole template render; fragment caching would still pay for the view's
queries and the base template. Views opt in with `@page_cache_scope(...)`; PageCacheMiddleware,
placed right after WhiteNoise, answers hits before sessions, CSRF, authentication and URL dispatch
run, in one cache round trip. The pages live in Django's cache (local memory for a single
process, Redis shared by every instance when REDIS_URL is set).

What a cached page depends on. A page is stored under its path (and `?page=`) together with the
tokens of the *versions* it depends on, and served only while those tokens are still current. A
version is a random token kept in the cache; "bumping" it stores a new token, so every page
stored under the old one is never served again (it is re-rendered, or simply ages out):

* `category:<slug>`: the category page and every role page under /jobs/<slug>/. A role page
  shows its category's name and the four most recently updated roles of its category, so any
  change to a role of the category (which moves its "last updated" date) can change it.
* `listing`: the home page and /jobs/: category tiles with counts and the recently updated roles.
* `all`: every page; bumped by bulk jobs that send no model signals (generate_roles).

Model signals bump exactly these: a role's save or deletion bumps its category (the old and the
new one when it moves) and `listing`; a fact, duty, qualification group or FAQ bumps its role's
category and `listing`; a category's save or deletion bumps its slug (old and new) and `listing`.
Pages of other categories and their roles stay cached.

Each bump happens twice: at once, so that the editor's next request sees the change, and again
when the transaction commits, so that a page another instance rendered from the not yet committed
(old) data during the edit, and stored with the first new token, is never served.

Scheduled roles go live without any write, so there is nothing to signal. Instead the cache holds
the *horizon*: for each category, the next publish date in the future (one grouped query, cached
until the earliest of them, and keyed on the `all` and `listing` tokens so that a stale result
computed during an edit is never read). A page is cached no longer than its horizon: a category
page or role page until its category's next go-live, the home page and /jobs/ until the earliest
one. The first request after a go-live renders afresh.

What is never cached: anything but an anonymous GET of a public page with at most `?page=N`
(a session or messages cookie means a logged-in editor, a preview or a flash message), responses
that are not 200, that set a cookie (including the CSRF cookie), or that vary on anything but
Cookie and Accept-Encoding. Cached or not, public pages carry a Cache-Control header suitable for a
CDN (settings.HTML_CACHE_CONTROL); pages for a reader with a session are `private`.
"""

from __future__ import annotations

import functools
import hashlib
import re
import time
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path

from django.conf import settings
from django.core import checks
from django.core.cache import cache
from django.db import transaction
from django.db.models import Min
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils import autoreload, timezone
from django.utils.cache import get_conditional_response

from roles.models import FAQ, Category, Duty, Fact, OrderedRow, QualificationGroup, Role

ALL = "all"
LISTING = "listing"
CACHEABLE_VARY = {"cookie", "accept-encoding"}
HIT_HEADER = "X-Page-Cache"
HEADER_LIST_SEPARATOR = re.compile(r"\s*,\s*")


def category_version(slug: str) -> str:
    return f"category:{slug}"


def _version_key(name: str) -> str:
    return f"pages:v:{name}"


@functools.cache
def release() -> str:
    """A fingerprint of the templates and the static manifest: a deploy that changes either does
    not serve pages rendered by the previous code from the shared cache."""
    digest = hashlib.sha256()
    roots = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]]
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    files = sorted(p for root in roots for p in root.rglob("*.html"))
    for path in [*files, manifest]:
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


# --- versions ---


def bump(names: Iterable[str]) -> None:
    """Give each version a new token now, and again when the current transaction commits."""
    keys = [_version_key(name) for name in set(names)]

    def store() -> None:
        cache.set_many({key: uuid.uuid4().hex for key in keys}, timeout=None)

    store()
    transaction.on_commit(store)


def forget_all_pages() -> None:
    bump([ALL])


def current_versions(names: list[str]) -> dict[str, str]:
    keys = [_version_key(name) for name in names]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            # A missing (never set or evicted) version gets a fresh token; `add` keeps a token
            # another instance stored in the meantime.
            cache.add(key, uuid.uuid4().hex, timeout=None)
            found[key] = cache.get(key)
    return {name: found[_version_key(name)] for name in names}


def listing_state() -> str:
    """A token for the published catalogue as the site lists it: it changes with every edit
    (the `all` and `listing` versions) and when the next scheduled role goes live. Data derived
    from the catalogue and cached under it (search's word list) is never stale."""
    versions = current_versions([ALL, LISTING])
    next_go_live = min(horizon(versions).values(), default=0)
    return f"{versions[ALL]}:{versions[LISTING]}:{next_go_live}"


# --- scheduled roles ---


def horizon(versions: dict[str, str]) -> dict[str, float]:
    """Category slug -> the next future publish date (epoch seconds) of its scheduled roles."""
    key = f"pages:horizon:{versions[ALL]}:{versions[LISTING]}"
    found = cache.get(key)
    if found is not None:
        return found
    now = timezone.now()
    upcoming = (
        Role.objects.filter(status=Role.Status.PUBLISHED, published_at__gt=now)
        .values_list("category__slug")
        .annotate(next_at=Min("published_at"))
    )
    found = {slug: next_at.timestamp() for slug, next_at in upcoming}
    lifetime = min([*found.values(), now.timestamp() + settings.PAGE_CACHE_SECONDS])
    timeout = int(lifetime - now.timestamp())
    if timeout > 0:
        cache.set(key, found, timeout=timeout)
    return found


# --- the middleware ---


def page_cache_scope(category_slug_of: Callable[..., str | None]) -> Callable:
    """Opt a public view in to the page cache. `category_slug_of(**url_kwargs)` names the
    category whose version the page depends on, or returns None for the site-wide listings."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        view.page_cache_scope = category_slug_of
        return view

    return decorator


def _request_is_cacheable(request: HttpRequest) -> bool:
    if request.method != "GET" or settings.PAGE_CACHE_SECONDS <= 0:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    params = request.GET
    return not params or (list(params) == ["page"] and len(params.getlist("page")) == 1)


def _response_is_cacheable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    vary = {v.lower() for v in HEADER_LIST_SEPARATOR.split(response.get("Vary", "")) if v}
    return vary <= CACHEABLE_VARY


class PageCacheMiddleware:
    """Serves cached pages before sessions, CSRF, authentication and URL dispatch run, and
    stores fresh ones with every header the inner middleware added.

    A hit is one cache round trip: the page's entry and the current tokens of the versions it
    depends on are read together, and the entry is served only if it was stored under exactly
    those tokens. Place it right after WhiteNoiseMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def scope_of(self, request: HttpRequest) -> tuple[bool, str | None]:
        """(whether the view takes part, the category slug it depends on or None)."""
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False, None
        category_slug_of = getattr(match.func, "page_cache_scope", None)
        if category_slug_of is None:
            return False, None
        return True, category_slug_of(**match.kwargs)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        takes_part, slug = self.scope_of(request)
        if not takes_part:
            return self.get_response(request)
        if not _request_is_cacheable(request):
            response = self.get_response(request)
            personal = settings.SESSION_COOKIE_NAME in request.COOKIES
            response.setdefault(
                "Cache-Control", "private, no-cache" if personal else settings.HTML_CACHE_CONTROL
            )
            response[HIT_HEADER] = "bypass"
            return response

        page_names = [ALL, category_version(slug) if slug else LISTING]
        names = list(dict.fromkeys([*page_names, LISTING]))  # the listing token keys the horizon
        path_digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"pages:page:{release()}:{path_digest}"
        found = cache.get_many([key, *(_version_key(name) for name in names)])
        if all(_version_key(name) in found for name in names):
            versions = {name: found[_version_key(name)] for name in names}
        else:
            versions = current_versions(names)
        tokens = tuple(versions[name] for name in page_names)
        stored = found.get(key)
        if stored is not None and stored[0] == tokens:
            response = HttpResponse(stored[1], headers=stored[2])
            # A revalidation whose ETag still matches gets a 304, as the view itself would give.
            response = get_conditional_response(
                request, etag=response.get("ETag"), response=response
            )
            response[HIT_HEADER] = "hit"
            return response

        response = self.get_response(request)
        response.setdefault("Cache-Control", settings.HTML_CACHE_CONTROL)
        response[HIT_HEADER] = "miss"
        if _response_is_cacheable(request, response):
            upcoming = horizon(versions)
            until = upcoming.get(slug) if slug else min(upcoming.values(), default=None)
            timeout = settings.PAGE_CACHE_SECONDS
            if until is not None:
                timeout = min(timeout, int(until - time.time()))
            if timeout > 0:
                headers = {k: v for k, v in response.items() if k != HIT_HEADER}
                cache.set(key, (tokens, response.content, headers), timeout=timeout)
        return response


# --- configuration check ---


@checks.register(checks.Tags.caches, deploy=True)
def check_shared_cache(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A private per-process cache cannot be invalidated by an edit made in another process."""
    backend = settings.CACHES["default"]["BACKEND"]
    shared = not backend.endswith(("locmem.LocMemCache", "dummy.DummyCache"))
    if settings.PAGE_CACHE_SECONDS > 0 and not settings.DEBUG and not shared:
        return [
            checks.Warning(
                "The page cache is on with a per-process cache: an edit made through one "
                "gunicorn worker or instance would not reach pages cached by the others.",
                hint="Set REDIS_URL, or PAGE_CACHE_SECONDS=0.",
                id="roles.W001",
            )
        ]
    return []


# --- signals ---

CHILD_MODELS = (Fact, Duty, QualificationGroup, FAQ)


# The role and category receivers read `stored_before`, the row before the save
# (roles/signals.py), for the category a role left and the slug a category had.


def _role_changed(sender, instance: Role, **kwargs) -> None:
    stored = getattr(instance, "stored_before", None)
    category_ids = {instance.category_id, stored.category_id if stored else None}
    slugs = Category.objects.filter(pk__in=category_ids - {None}).values_list("slug", flat=True)
    bump([LISTING, *(category_version(s) for s in slugs)])


def _child_changed(sender, instance, origin=None, **kwargs) -> None:
    if OrderedRow.deleted_with_its_role(origin):
        return  # the role's own deletion bumps the same versions once
    slug = (
        Category.objects.filter(roles__id=instance.role_id).values_list("slug", flat=True).first()
    )
    bump([LISTING, *([category_version(slug)] if slug else [])])


def _category_changed(sender, instance: Category, **kwargs) -> None:
    stored = getattr(instance, "stored_before", None)
    slugs = {instance.slug, stored.slug if stored else None}
    bump([LISTING, *(category_version(s) for s in slugs if s)])


def _forget_release(sender, file_path, **kwargs) -> None:
    # runserver reloads changed templates without restarting the process: without this, pages
    # cached from the old templates would be served on (deploys restart, so never there).
    release.cache_clear()


def connect_signals() -> None:
    uid = "roles.cache"
    autoreload.file_changed.connect(_forget_release, dispatch_uid=f"{uid}.release")
    post_save.connect(_role_changed, sender=Role, dispatch_uid=f"{uid}.role.save")
    post_delete.connect(_role_changed, sender=Role, dispatch_uid=f"{uid}.role.delete")
    post_save.connect(_category_changed, sender=Category, dispatch_uid=f"{uid}.cat.save")
    post_delete.connect(_category_changed, sender=Category, dispatch_uid=f"{uid}.cat.delete")
    for model in CHILD_MODELS:
        name = model._meta.model_name
        post_save.connect(_child_changed, sender=model, dispatch_uid=f"{uid}.{name}.save")
        post_delete.connect(_child_changed, sender=model, dispatch_uid=f"{uid}.{name}.delete")
