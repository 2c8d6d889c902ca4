"""Settings for the job-description site.

Every value that differs between a laptop and production is read from the environment here and
nowhere else. A malformed value stops start-up with the variable's name instead of falling back
silently. Without any variables set, the site runs for development on SQLite (db.sqlite3).
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

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


# DJANGO_ENV=production is the mode for the public internet: there a missing or development
# SECRET_KEY, DEBUG on, or no ALLOWED_HOSTS stop start-up, and the HTTPS settings below turn on.
DJANGO_ENV = os.environ.get("DJANGO_ENV", "development").strip().lower()
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(
        f"DJANGO_ENV must be 'development' or 'production'; got {os.environ['DJANGO_ENV']!r}"
    )
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env_bool("DEBUG", default=not PRODUCTION)

_DEV_SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", _DEV_SECRET_KEY)
if not DEBUG and SECRET_KEY == _DEV_SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)

if PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured(
            "DEBUG must be off when DJANGO_ENV=production: it shows tracebacks and settings "
            "to anyone. Set DEBUG=0."
        )
    if not SECRET_KEY.strip() or SECRET_KEY.startswith("django-insecure"):
        raise ImproperlyConfigured(
            "SECRET_KEY must be set to a long random value when DJANGO_ENV=production; "
            "it is missing or the development key."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS must list the site's host names when DJANGO_ENV=production, "
            "e.g. ALLOWED_HOSTS=roleatlas.example,www.roleatlas.example."
        )

# The admin's address; moving it away from the well-known /admin/ keeps scanners off the login.
ADMIN_URL = os.environ.get("ADMIN_URL", "admin/")
if not ADMIN_URL.endswith("/") or ADMIN_URL.startswith("/"):
    raise ImproperlyConfigured(
        f"ADMIN_URL must look like 'path/' (no leading slash); got {ADMIN_URL!r}"
    )

SITE_NAME = os.environ.get("SITE_NAME", "RoleAtlas")

# The public address of the site, the one crawlers and link previews should use: every absolute URL
# (canonical, Open Graph, sitemap, JSON-LD, feed) is built on it, never on the request's Host.
# Production has no default: a development address there would be published in every page.
if PRODUCTION and not os.environ.get("SITE_URL", "").strip():
    raise ImproperlyConfigured(
        "SITE_URL must be set when DJANGO_ENV=production: the public scheme and host that "
        "canonical, sitemap and feed URLs name, e.g. SITE_URL=https://roleatlas.example."
    )
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").strip().rstrip("/")
if not SITE_URL.startswith(("http://", "https://")) or "/" in SITE_URL.split("://", 1)[1]:
    raise ImproperlyConfigured(
        f"SITE_URL must be a scheme and host such as https://roleatlas.example; got {SITE_URL!r}"
    )
# Roles per sitemap page; the sitemap index lists as many pages as needed (the protocol's cap is
# 50,000 URLs and 50 MB per file). 1,000 keeps a page's render as short as a page's (a crawler
# fetching 5,000 at once held a worker for 200 ms).
SITEMAP_ROLES_PER_PAGE = env_int("SITEMAP_ROLES_PER_PAGE", 1000)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "markdownify",
    "reversion",
    "axes",
    "roles",
]

MIDDLEWARE = [
    "jobsite.middleware.RequestLogMiddleware",
    # Outside the health checks, which answer before the middleware below run.
    "jobsite.middleware.SecurityHeadersMiddleware",
    "jobsite.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "jobsite.middleware.PermissionsPolicyMiddleware",
    # Before anything reads the query string: a NUL byte there is a 400, not a database error.
    "jobsite.middleware.ControlCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the page cache: every API request counts, cached or not (roles/open_data).
    "roles.open_data.rate_limit.ApiRateLimitMiddleware",
    # Serves cached public pages before sessions, CSRF and auth run (roles/page_cache).
    "roles.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "jobsite.middleware.AdminObjectIdMiddleware",
    "jobsite.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "jobsite.urls"

TEMPLATES: list[dict[str, Any]] = [
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
if IS_POSTGRES:
    # Full-text and trigram search (roles/search); SQLite searches without them.
    INSTALLED_APPS.append("django.contrib.postgres")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Axes checks every login attempt first and locks out a (user name, address) pair after
# AXES_FAILURE_LIMIT failures, and an address after AXES_ADDRESS_FAILURE_LIMIT failures across
# user names, for AXES_COOLOFF_HOURS (jobsite/lockout.py). A user name alone is never locked: that
# would let anyone lock an editor out from their own desk.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "jobsite.lockout.PairAndAddressHandler"
AXES_USERNAME_CALLABLE = "jobsite.lockout.client_username"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_ADDRESS_FAILURE_LIMIT = env_int("AXES_ADDRESS_FAILURE_LIMIT", 50)
if not 0 < AXES_FAILURE_LIMIT <= AXES_ADDRESS_FAILURE_LIMIT:
    raise ImproperlyConfigured(
        "AXES_FAILURE_LIMIT must be at least 1 and at most AXES_ADDRESS_FAILURE_LIMIT; got "
        f"{AXES_FAILURE_LIMIT} and {AXES_ADDRESS_FAILURE_LIMIT}"
    )
AXES_COOLOFF_TIME = timedelta(hours=env_int("AXES_COOLOFF_HOURS", 1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]  # jobsite/lockout.py
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "jobsite.client_ip.client_ip"
# How many proxies of ours append to X-Forwarded-For in front of gunicorn (production: one).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if PRODUCTION else 0)

# Mail (password-reset links): printed on stdout in development, SMTP (EMAIL_HOST) in production
# unless EMAIL_BACKEND=console says the log is where an operator reads them.
_EMAIL_HOST = os.environ.get("EMAIL_HOST", "").strip()
_MAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "smtp" if _EMAIL_HOST or PRODUCTION else "console"
).strip()
if _MAIL_BACKEND == "smtp" and not _EMAIL_HOST:
    raise ImproperlyConfigured(
        "EMAIL_HOST must name the SMTP server that sends password-reset links "
        "(or set EMAIL_BACKEND=console to print them in the log instead)."
    )
if _MAIL_BACKEND == "console":
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
elif _MAIL_BACKEND == "smtp":
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _EMAIL_HOST,
                "port": env_int("EMAIL_PORT", 587),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": env_int("EMAIL_TIMEOUT", 10),
            },
        }
    }
else:
    raise ImproperlyConfigured(f"EMAIL_BACKEND must be 'console' or 'smtp'; got {_MAIL_BACKEND!r}")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", f"{SITE_NAME} <noreply@localhost>")
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 60 * 60)

# Only editors have sessions: they end when the browser closes, and after SESSION_COOKIE_AGE.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# HTTPS is terminated by the proxy in front of gunicorn, which says so in X-Forwarded-Proto.
# In production every cookie is Secure, plain HTTP is redirected and browsers are told to come
# back over HTTPS only. (Health checks answer before this, since probes come over plain HTTP.)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = PRODUCTION
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60 if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION

# Headers on every response; see "Running in production" in the README.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No nonces: public pages are cached, so every executable script is a static file.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "frame-ancestors": [CSP.NONE],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
}
# Browser features the site never uses, switched off for every page and anything it embeds.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "interest-cohort",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

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

# The cache must be shared by every process that can write the catalogue, or an edit could not
# reach pages another process cached (roles/page_cache). Redis when REDIS_URL is set, shared by
# every instance; otherwise files in CACHE_DIR, shared by every process on this host (runserver
# and a command in another terminal, or all of gunicorn's workers).
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_DIR = Path(os.environ.get("CACHE_DIR") or BASE_DIR / "var" / "cache")
CACHES: dict[str, dict[str, Any]] = {
    "default": (
        {"BACKEND": "jobsite.redis_cache.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(CACHE_DIR),
            # Room for every role page of a large catalogue; culling drops a third at random.
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 30000), "CULL_FREQUENCY": 3},
        }
    )
}
# Whole-page cache of the public pages (roles/page_cache); 0 turns it off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 24 * 3600)
# For a CDN in front: browsers revalidate every time, the CDN may keep a page a minute and serve
# it stale for 30 s more while it refetches. Purge the CDN for instant edits there too.
HTML_CACHE_CONTROL = os.environ.get(
    "HTML_CACHE_CONTROL", "public, max-age=0, s-maxage=60, stale-while-revalidate=30"
)

# Open data (roles/open_data): the API's, the bulk files' and the .json's Cache-Control (a CDN may
# keep them as long as the pages), the API's rate limit per client (0 turns it off), and the
# licence our own text is published under in the bulk files' manifest.
OPEN_DATA_CACHE_CONTROL = os.environ.get("OPEN_DATA_CACHE_CONTROL", HTML_CACHE_CONTROL)
API_RATE_LIMIT = env_int("API_RATE_LIMIT", 120)
API_RATE_WINDOW = env_int("API_RATE_WINDOW", 60)
if API_RATE_WINDOW <= 0:
    raise ImproperlyConfigured(f"API_RATE_WINDOW must be at least 1 second; got {API_RATE_WINDOW}")
OPEN_DATA_LICENCE = os.environ.get("OPEN_DATA_LICENCE", "CC BY 4.0")
OPEN_DATA_LICENCE_URL = os.environ.get(
    "OPEN_DATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/"
)

# How big a role may be (jobsite/content_limits.py): each text field holds at most
# ROLE_TEXT_MAX_CHARACTERS, and the import refuses a role whose admin form would exceed the
# request limits below, so that every role can be saved back in the admin. nginx's
# client_max_body_size (deploy/nginx.conf) is DATA_UPLOAD_MAX_MEMORY_SIZE's 8 MB.
ROLE_TEXT_MAX_CHARACTERS = env_int("ROLE_TEXT_MAX_CHARACTERS", 100_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 8 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = env_int("DATA_UPLOAD_MAX_NUMBER_FIELDS", 5000)

FIXTURE_DIRS = [BASE_DIR / "fixtures"]
# `manage.py backup` writes JSON with timestamps to the microsecond (Django's cuts milliseconds).
SERIALIZATION_MODULES = {"json-exact": "jobsite.exact_json"}

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

# Distinct Markdown texts each process keeps rendered (roles/formats/text.py); a role page has
# about ten, so the default holds a few hundred roles' in a few MB.
MARKDOWN_MEMO_TEXTS = env_int("MARKDOWN_MEMO_TEXTS", 2048)

# Production logs one JSON object per line on stdout (one per request, with its request id, and
# errors with their traceback); development keeps plain lines.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json" if PRODUCTION else "plain")
if LOG_FORMAT not in {"json", "plain"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be 'json' or 'plain'; got {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "jobsite.logging.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "jobsite.logging.JsonFormatter"},
        "plain": {"format": "%(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # The request log below says the same in one line; keep Django's own for errors only.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "ERROR"},
        "axes": {"level": "WARNING"},  # its start-up banner on every command is noise
    },
}
