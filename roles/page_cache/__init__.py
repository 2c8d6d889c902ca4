"""Whole-page caching of the public pages, with exact invalidation.

Why whole pages: a public page is the same for every anonymous reader, so one cache hit replaces
every query and the whole template render; fragment caching would still pay for the view's
queries and the base template. Views opt in with `@page_cache_scope(...)`; PageCacheMiddleware,
placed right after WhiteNoise, answers hits before sessions, CSRF, authentication and URL dispatch
run.

Where pages live: in Django's default cache, which every process that can write the catalogue
must share, or an edit made in one process (an admin save in one gunicorn worker, `manage.py
import_roles` in another terminal) could not reach pages another process cached. So the default
is a file-based cache in CACHE_DIR, shared by every process on the host (`make run`, its CLI
commands, all gunicorn workers of one machine), and Redis when REDIS_URL is set, shared by every
instance. A per-process cache (local memory) is refused by the check roles.W001.

What a cached page depends on. A page is stored under its path (and `?page=N` where the view is
paginated) together with the names and tokens of the *versions* it depends on, and served only
while those tokens are still current. A version is a random token kept in the cache; "bumping" it
stores a new token, so every page stored under the old one is never served again:

* `category:<slug>`: the category page and every role page under /jobs/<slug>/ (a role page
  shows its category's name and the category's most recently updated roles).
* `role:<id>`: every page that shows the role from outside its category: "Related roles" on
  role pages of other categories name these for each role they list.
* `listing`: the home page, /jobs/ and the A-Z pages.
* `all`: every page; bumped by restores and bulk jobs (`forget_all_pages()`).

Derived data (roles/derived.py) bumps exactly these after every write: a role bumps its own
version, its category (the old and the new one when it moves) and `listing`; a row of a role does
the same for its role; a category bumps its slug (old and new) and `listing`.

Tokens are created only when a page is stored, so a request for something that does not exist
leaves nothing behind, and only a page that exists is stored: 404s, malformed `?page=` values and
unknown parameters are never cached.

Scheduled roles go live without any write. The cache holds the *horizon*: for each category, the
next publish date in the future, cached until the earliest of them and keyed on the `all` and
`listing` tokens. A page is cached no longer than its horizon.

A cache that fails (Redis down) is a miss: the page is rendered from the database and the error
logged, never a 500. What is never cached: anything but an anonymous GET of a public page, and
responses that are not 200, set a cookie or vary on anything but Cookie and Accept-Encoding.
"""

from roles.page_cache.middleware import PageCacheMiddleware, page_cache_scope
from roles.page_cache.versions import (
    ALL,
    LISTING,
    bump,
    category_version,
    forget_all_pages,
    listing_state,
    role_version,
)

__all__ = [
    "ALL",
    "LISTING",
    "PageCacheMiddleware",
    "bump",
    "category_version",
    "forget_all_pages",
    "listing_state",
    "page_cache_scope",
    "role_version",
]
