"""Every page type and the admin login send the full set of security headers, graded the way
Mozilla's HTTP Observatory grades a site (aim: A+)."""

from __future__ import annotations

import json
from http.cookies import SimpleCookie

import pytest
from django.urls import reverse

from tests.jobsite.production import PRODUCTION_ENV, run_python

_PRODUCTION_SECURITY = None


@pytest.fixture
def production_security(settings):
    """The HTTPS settings exactly as production computes them (read from a production-mode
    subprocess, not copied here), applied to this test's settings."""
    global _PRODUCTION_SECURITY
    if _PRODUCTION_SECURITY is None:
        code = (
            "import json, jobsite.settings as s; print(json.dumps({k: getattr(s, k) for k in "
            "dir(s) if k.startswith(('SECURE_', 'SESSION_COOKIE_', 'CSRF_COOKIE_'))}))"
        )
        result = run_python(code, **PRODUCTION_ENV)
        assert result.returncode == 0, result.stderr
        _PRODUCTION_SECURITY = json.loads(result.stdout)
    for name, value in _PRODUCTION_SECURITY.items():
        setattr(settings, name, tuple(value) if name == "SECURE_PROXY_SSL_HEADER" else value)
    return settings


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name.lower()] = values
    return directives


def observatory_grade(response) -> tuple[int, list[str]]:
    """Score a response with the HTTP Observatory's rules; returns (score, failures).

    Rules checked (starting from 100; A+ is 100 or more with no failing test):
    - Content-Security-Policy sent as an enforced header, with no 'unsafe-inline', 'unsafe-eval'
      or data:/http: sources for scripts or styles (falling back to default-src), object-src
      'none', base-uri and form-action restricted: 0; missing or unsafe: -25/-20 (a failure).
    - Cookies: every cookie Secure, session and CSRF cookies HttpOnly, all with SameSite: +5 when
      any cookie is set, 0 when none; a cookie without Secure: -20 (a failure).
    - Referrer-Policy no-referrer, same-origin, strict-origin or strict-origin-when-cross-origin:
      +5; missing: 0; unsafe-url or no-referrer-when-downgrade: -5 (a failure).
    - Strict-Transport-Security max-age at least six months: 0; with includeSubDomains and
      preload, ready for the preload list: +5; missing or shorter: -20 (a failure).
    - X-Content-Type-Options: nosniff: 0; missing: -5 (a failure).
    - X-Frame-Options DENY or SAMEORIGIN: 0, and CSP frame-ancestors 'none' too: +5; neither:
      -20 (a failure).
    - Cross-Origin-Opener-Policy same-origin (our own requirement, scored 0); other: a failure.
    - Access-Control-Allow-Origin: * on an HTML page: a failure.
    """
    score, failures = 100, []

    def fail(points: int, why: str) -> None:
        nonlocal score
        score -= points
        failures.append(why)

    csp = response.headers.get("Content-Security-Policy")
    if not csp:
        fail(25, "no Content-Security-Policy")
    else:
        d = csp_directives(csp)
        for kind in ("script-src", "style-src"):
            sources = d.get(kind, d.get("default-src", []))
            unsafe = {"'unsafe-inline'", "'unsafe-eval'", "data:", "http:", "https:", "*"}
            if not sources or unsafe & set(sources):
                fail(20, f"CSP {kind} allows unsafe sources: {sources}")
        if d.get("default-src") not in (["'self'"], ["'none'"]):
            fail(20, f"CSP default-src is {d.get('default-src')}")
        if d.get("object-src") != ["'none'"]:
            fail(20, "CSP object-src is not 'none'")
        for name in ("base-uri", "form-action"):
            if d.get(name) not in (["'self'"], ["'none'"]):
                fail(20, f"CSP {name} is not restricted")

    cookies = SimpleCookie()
    for morsel in response.cookies.values():
        cookies[morsel.key] = morsel
    if cookies:
        for morsel in cookies.values():
            if not morsel["secure"]:
                fail(20, f"cookie {morsel.key} is not Secure")
            if not morsel["httponly"]:
                fail(20, f"cookie {morsel.key} is not HttpOnly")
            if not morsel["samesite"]:
                fail(5, f"cookie {morsel.key} has no SameSite")
        if not failures:
            score += 5

    referrer = response.headers.get("Referrer-Policy", "")
    private = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}
    if referrer in private:
        score += 5
    elif referrer:
        fail(5, f"Referrer-Policy {referrer} leaks addresses")

    hsts = {
        part.strip().split("=")[0].lower(): part.strip().partition("=")[2]
        for part in response.headers.get("Strict-Transport-Security", "").split(";")
        if part.strip()
    }
    if int(hsts.get("max-age") or 0) < 15768000:
        fail(20, "HSTS missing or shorter than six months")
    elif "includesubdomains" in hsts and "preload" in hsts:
        score += 5

    if response.headers.get("X-Content-Type-Options", "").lower() != "nosniff":
        fail(5, "no X-Content-Type-Options: nosniff")

    if response.headers.get("X-Frame-Options", "").upper() not in {"DENY", "SAMEORIGIN"}:
        fail(20, "no X-Frame-Options")
    elif csp and csp_directives(csp).get("frame-ancestors") == ["'none'"]:
        score += 5

    if response.headers.get("Cross-Origin-Opener-Policy") != "same-origin":
        fail(0, "Cross-Origin-Opener-Policy is not same-origin")
    if response.headers.get("Access-Control-Allow-Origin") == "*":
        fail(0, "Access-Control-Allow-Origin: *")
    return score, failures


def page_urls(role) -> dict[str, str]:
    return {
        "home": reverse("roles:home"),
        "category list": reverse("roles:category-list"),
        "category": role.category.get_absolute_url(),
        "role": role.get_absolute_url(),
        "404": "/jobs/no-such-category/no-such-role/",
        "admin login": reverse("admin:login"),
        "bad request": "/compare/?a=%00",
        "feed": reverse("roles:feed"),
        "health check": "/healthz",
        "readiness check": "/readyz",
    }


def test_every_page_type_grades_a_plus(client, role, production_security):
    for name, url in page_urls(role).items():
        response = client.get(url, secure=True)
        expected = {"404": 404, "bad request": 400}.get(name, 200)
        assert response.status_code == expected, name
        score, failures = observatory_grade(response)
        assert failures == [], f"{name}: {failures}"
        assert score >= 100, f"{name} scores {score}"


def test_every_page_type_sends_the_whole_header_set(client, role, production_security):
    for name, url in page_urls(role).items():
        headers = client.get(url, secure=True).headers
        csp = csp_directives(headers["Content-Security-Policy"])
        assert csp == {
            "default-src": ["'self'"],
            "script-src": ["'self'"],
            "style-src": ["'self'"],
            "img-src": ["'self'", "data:"],
            "frame-ancestors": ["'none'"],
            "object-src": ["'none'"],
            "base-uri": ["'self'"],
            "form-action": ["'self'"],
        }, name
        assert headers["X-Content-Type-Options"] == "nosniff", name
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin", name
        assert headers["Cross-Origin-Opener-Policy"] == "same-origin", name
        assert headers["X-Frame-Options"] == "DENY", name
        assert headers["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload"
        ), name
        assert headers["Cross-Origin-Resource-Policy"] == "same-origin", name
        policy = headers["Permissions-Policy"]
        for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
            assert feature in policy, name


def test_the_grader_fails_a_page_without_protection(client, role, settings):
    """The grading above can fail: development settings (no HSTS) do not reach A+."""
    response = client.get(reverse("roles:home"))
    score, failures = observatory_grade(response)
    assert "HSTS missing or shorter than six months" in failures
    assert score < 100
    del response.headers["Content-Security-Policy"]
    assert "no Content-Security-Policy" in observatory_grade(response)[1]


def test_plain_http_is_redirected_to_https_in_production(client, production_security):
    response = client.get(reverse("roles:category-list"))
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/jobs/"


def test_requests_through_the_https_proxy_are_served(client, db, production_security):
    response = client.get(reverse("roles:category-list"), headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200
