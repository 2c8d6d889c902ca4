"""The admin login locks out repeated failures, passwords must be strong, sessions end."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.html import visible_text

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    # Each attempt hashes a password; the production hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor(db):
    return User.objects.create_superuser("editor", "editor@roleatlas.example", PASSWORD)


def attempt(username: str, password: str, ip: str = "203.0.113.5"):
    client = Client(REMOTE_ADDR=ip)
    return client, client.post(reverse("admin:login"), {"username": username, "password": password})


def test_a_user_is_locked_out_after_repeated_failures_from_anywhere(editor, settings):
    limit = settings.AXES_FAILURE_LIMIT
    for n in range(limit - 1):
        _, response = attempt("editor", "wrong password", ip=f"198.51.100.{n + 1}")
        assert response.status_code == 200  # the login form again, with its error
    _, response = attempt("editor", "wrong password", ip="198.51.100.200")
    assert response.status_code == 429
    # Now even the right password, from a fresh address, is refused with the clear message.
    client, response = attempt("editor", PASSWORD, ip="192.0.2.99")
    assert response.status_code == 429
    text = visible_text(response)
    assert "Sign-in temporarily locked" in text
    assert f"There were {limit} failed sign-in attempts for this account" in text
    assert "_auth_user_id" not in client.session


def test_an_address_is_locked_out_after_failures_across_user_names(editor, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(f"guess-{n}", "wrong password", ip="203.0.113.66")
    _, response = attempt("editor", PASSWORD, ip="203.0.113.66")
    assert response.status_code == 429
    assert "Sign-in temporarily locked" in visible_text(response)
    # The editor can still sign in from their own address.
    client, response = attempt("editor", PASSWORD, ip="192.0.2.10")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_behind_the_proxy_each_reader_is_counted_by_their_own_address(editor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"

    def through_proxy(username, password, client_address, forged=""):
        client = Client(REMOTE_ADDR=proxy)
        forwarded = f"{forged}, {client_address}" if forged else client_address
        return client, client.post(
            reverse("admin:login"),
            {"username": username, "password": password},
            headers={"X-Forwarded-For": forwarded},
        )

    for n in range(settings.AXES_FAILURE_LIMIT):
        # The attacker forges a different leftmost address each time: it is ignored.
        through_proxy(f"guess-{n}", "wrong", "203.0.113.66", forged=f"192.0.2.{n}")
    assert through_proxy("editor", PASSWORD, "203.0.113.66")[1].status_code == 429
    client, response = through_proxy("editor", PASSWORD, "198.51.100.4")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_a_few_failures_then_success_signs_in(editor):
    attempt("editor", "wrong password")
    attempt("editor", "wrong password")
    client, response = attempt("editor", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


@pytest.mark.parametrize("password", ["Sh0rt!pass", "12345678901234", "password12345"])
def test_weak_passwords_are_refused(editor, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=editor)


def test_a_long_unusual_passphrase_is_accepted(editor):
    validate_password("velvet-harbour-lantern-42", user=editor)


def test_the_minimum_password_length_is_twelve(editor):
    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password("Qz7#kLp2$wX", user=editor)  # 11 characters, otherwise strong
    validate_password("Qz7#kLp2$wXm", user=editor)


def test_the_admin_session_ends_with_the_browser_and_after_its_age(editor, settings):
    _, response = attempt("editor", PASSWORD)
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == "" and cookie["max-age"] == ""  # a browser-session cookie
    assert cookie["httponly"]
    session = Session.objects.get(session_key=cookie.value)
    expected = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert abs(session.expire_date - expected) < timedelta(minutes=1)
    assert settings.SESSION_COOKIE_AGE <= 12 * 60 * 60
