"""Settings for the job-description site.

Every value that differs between a laptop and production is read from the environment here and
nowhere else. A malformed value stops start-up with the variable's name instead of falling back
silently. Without any variables set, the site runs for development on SQLite (db.sqlite3).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}"
    )


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}") from None


DEBUG = env_bool("DEBUG", default=True)

_DEV_SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", _DEV_SECRET_KEY)
if not DEBUG and SECRET_KEY == _DEV_SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])

SITE_NAME = os.environ.get("SITE_NAME", "RoleAtlas")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "markdownify",
    "roles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Serves cached public pages before sessions, CSRF and auth run (roles/cache.py).
    "roles.cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "jobsite.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "roles.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "jobsite.wsgi.application"

# SQLite is the embedded default so that a fresh checkout runs with nothing else installed;
# DATABASE_URL (postgres://user@host:port/name) switches to PostgreSQL, the production database.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Redis when REDIS_URL is set: every instance then shares one cache, which the page cache's exact
# invalidation relies on. Local memory otherwise, private to each process.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    )
}
# Whole-page cache of the public pages (roles/cache.py); 0 turns it off. Off by default in
# production without Redis: gunicorn's workers would each hold a private cache that an edit made
# in another worker could not invalidate.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 24 * 3600 if REDIS_URL or DEBUG else 0)
# For a CDN in front: browsers revalidate every time, the CDN may keep a page a minute and serve
# it stale for 30 s more while it refetches. Purge the CDN for instant edits there too.
HTML_CACHE_CONTROL = os.environ.get(
    "HTML_CACHE_CONTROL", "public, max-age=0, s-maxage=60, stale-while-revalidate=30"
)

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Markdown written by editors is rendered through django-markdownify and sanitised with an
# allow-list: no scripts, no event handlers, no style attributes, only web and mail links.
# Disallowed tags are escaped rather than stripped, so a reader sees the text instead of losing it.
MARKDOWNIFY = {
    "default": {
        "WHITELIST_TAGS": [
            "a",
            "abbr",
            "b",
            "blockquote",
            "br",
            "code",
            "em",
            "h3",
            "h4",
            "hr",
            "i",
            "li",
            "ol",
            "p",
            "pre",
            "strong",
            "ul",
        ],
        "WHITELIST_ATTRS": {"a": ["href", "title"], "abbr": ["title"]},
        "WHITELIST_STYLES": [],
        "WHITELIST_PROTOCOLS": ["http", "https", "mailto"],
        "STRIP": False,
        "LINKIFY_TEXT": {"PARSE_URLS": True, "PARSE_EMAIL": False},
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
