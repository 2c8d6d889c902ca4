"""DJANGO_ENV=production refuses unsafe configuration at start-up and passes Django's deploy
checks; development stays plain HTTP."""

from __future__ import annotations

import json

import pytest

from tests.jobsite.production import PRODUCTION_ENV, run_manage, run_python

SHOW_SECURITY = (
    "import json, jobsite.settings as s; print(json.dumps({k: getattr(s, k) for k in ("
    "'DEBUG', 'SECURE_SSL_REDIRECT', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', "
    "'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_HSTS_PRELOAD', "
    "'SECURE_PROXY_SSL_HEADER')}))"
)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set to a long random value"),
        (
            {"SECRET_KEY": "django-insecure-development-only-key-do-not-use-in-production"},
            "SECRET_KEY must be set",
        ),
        ({"DEBUG": "1"}, "DEBUG must be off when DJANGO_ENV=production"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS must list the site's host names"),
        ({"DJANGO_ENV": "prod"}, "DJANGO_ENV must be 'development' or 'production'"),
        ({"SITE_URL": ""}, "SITE_URL must be set when DJANGO_ENV=production"),
        ({"EMAIL_HOST": ""}, "EMAIL_HOST must name the SMTP server"),
        ({"EMAIL_BACKEND": "pigeon"}, "EMAIL_BACKEND must be 'console' or 'smtp'; got 'pigeon'"),
        ({"EMAIL_PORT": "25x"}, "EMAIL_PORT must be a whole number; got '25x'"),
    ],
    ids=[
        "empty-key",
        "development-key",
        "debug-on",
        "no-hosts",
        "unknown-mode",
        "no-site-url",
        "no-mail-server",
        "unknown-mail-backend",
        "bad-mail-port",
    ],
)
def test_production_refuses_to_start_with_unsafe_settings(change, message):
    result = run_python("import jobsite.settings", **{**PRODUCTION_ENV, **change})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_production_without_secret_key_variable_refuses_to_start():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = run_python("import jobsite.settings", **env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_deploy_checks_report_no_issue_in_production():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_without_site_url_variable_refuses_to_start():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SITE_URL"}
    result = run_python("import jobsite.settings", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured: SITE_URL must be set" in result.stderr


def test_deploy_checks_flag_a_site_url_that_is_not_https():
    env = {**PRODUCTION_ENV, "SITE_URL": "http://roleatlas.example"}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode != 0
    assert "jobsite.W001" in result.stderr and "SITE_URL is 'http://roleatlas.example'" in (
        result.stderr
    )


def test_deploy_checks_do_flag_a_development_configuration():
    """The check above can fail: the same command on development settings reports issues."""
    result = run_manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "security.W004" in result.stderr  # no HSTS


def test_https_settings_are_on_in_production_and_off_in_development():
    production = json.loads(run_python(SHOW_SECURITY, **PRODUCTION_ENV).stdout)
    assert production == {
        "DEBUG": False,
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
    }
    development = json.loads(run_python(SHOW_SECURITY).stdout)
    assert development["DEBUG"] is True
    assert not any(
        development[k]
        for k in ("SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "SECURE_HSTS_SECONDS")
    )


def test_admin_url_is_moved_by_a_setting():
    code = (
        "import django; django.setup(); from django.urls import reverse; "
        "print(reverse('admin:index'))"
    )
    assert run_python(code, ADMIN_URL="back-office/").stdout.strip() == "/back-office/"
    assert run_python(code).stdout.strip() == "/admin/"
    bad = run_python(code, ADMIN_URL="/admin")
    assert "ADMIN_URL must look like 'path/'" in bad.stderr
