"""Version tokens, the horizon of scheduled roles, and the catalogue's state."""

from __future__ import annotations

import functools
import hashlib
import logging
import uuid
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Case, F, Min, Q, When
from django.utils import timezone

from roles.models import Role

ALL = "all"
LISTING = "listing"

logger = logging.getLogger("roles.page_cache")


def category_version(slug: str) -> str:
    return f"category:{slug}"


def role_version(role_id: int) -> str:
    return f"role:{role_id}"


def version_key(name: str) -> str:
    return f"pages:v:{name}"


@functools.cache
def release() -> str:
    """A fingerprint of the templates, the static manifest and SITE_URL: a deploy that changes
    any of them does not serve pages rendered by the previous code from the shared cache, nor
    does `make run PORT=8020` serve pages whose absolute URLs name port 8000."""
    digest = hashlib.sha256(settings.SITE_URL.encode())
    roots = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]]
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    files = sorted(p for root in roots for p in root.rglob("*.html"))
    for path in [*files, manifest]:
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def bump(names: Iterable[str]) -> None:
    """Give each version a new token now, and again when the current transaction commits: a
    page another process rendered from the not yet committed (old) data during the edit, and
    stored under the first new token, is then never served.

    A cache that cannot be reached is logged, not raised: the edit itself must not fail, and
    pages cannot be served from a cache that is down."""
    keys = [version_key(name) for name in set(names)]

    def store() -> None:
        try:
            cache.set_many({key: uuid.uuid4().hex for key in keys}, timeout=None)
        except Exception:
            logger.exception("page cache: could not store new versions of %s", sorted(keys))

    store()
    transaction.on_commit(store)


def forget_all_pages() -> None:
    bump([ALL])


def stored_versions(names: list[str]) -> dict[str, str]:
    """The current token of each version that has one (read only: nothing is created)."""
    found = cache.get_many([version_key(name) for name in names])
    return {name: found[version_key(name)] for name in names if version_key(name) in found}


def current_versions(names: list[str]) -> dict[str, str]:
    """The current token of each version, creating those that have none yet. Called only when
    a page is stored, so that requests for things that do not exist create no tokens."""
    found = stored_versions(names)
    for name in names:
        if name not in found:
            # `add` keeps a token another process stored in the meantime.
            cache.add(version_key(name), uuid.uuid4().hex, timeout=None)
            found[name] = cache.get(version_key(name)) or ""
    return found


def listing_state() -> str:
    """A token for the published catalogue as the site lists it: it changes with every edit
    (the `all` and `listing` versions) and when the next scheduled role goes live. Data derived
    from the catalogue and cached under it (search's word list) is never stale."""
    versions = current_versions([ALL, LISTING])
    next_go_live = min(horizon(versions).values(), default=0)
    return f"{versions[ALL]}:{versions[LISTING]}:{next_go_live}"


def horizon(versions: dict[str, str]) -> dict[str, float]:
    """Category slug -> the next moment (epoch seconds) one of its roles goes public by itself:
    a scheduled role's publish date, or the end of a temporary takedown. One query."""
    key = f"pages:horizon:{versions[ALL]}:{versions[LISTING]}"
    found = cache.get(key)
    if found is not None:
        return found
    now = timezone.now()
    comes_public = Case(
        When(published_at__gt=now, then=F("published_at")), default=F("taken_down_until")
    )
    upcoming = (
        Role.objects.filter(status=Role.Status.PUBLISHED)
        .filter(Q(published_at__gt=now) | Q(taken_down_until__gt=now))
        .values_list("category__slug")
        .annotate(next_at=Min(comes_public))
    )
    found = {slug: next_at.timestamp() for slug, next_at in upcoming}
    lifetime = min([*found.values(), now.timestamp() + settings.PAGE_CACHE_SECONDS])
    timeout = int(lifetime - now.timestamp())
    if timeout > 0:
        cache.set(key, found, timeout=timeout)
    return found


def forget_release(sender, file_path, **kwargs) -> None:
    """runserver reloads changed templates without restarting the process: without this, pages
    cached from the old templates would be served on (deploys restart, so never there)."""
    release.cache_clear()
