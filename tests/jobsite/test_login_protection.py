"""The admin login locks out repeated failures, passwords must be strong, sessions end."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core import mail
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


def test_failures_from_elsewhere_never_lock_an_editor_out_of_their_own_address(editor, settings):
    for n in range(settings.AXES_FAILURE_LIMIT * 3):
        _, response = attempt("editor", "wrong password", ip=f"198.51.100.{n + 1}")
        assert response.status_code == 200  # the login form again, with its error
    client, response = attempt("editor", PASSWORD, ip="192.0.2.99")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_a_user_name_is_locked_out_at_an_address_after_repeated_failures_there(editor, settings):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert attempt("editor", "wrong password", ip="198.51.100.7")[1].status_code == 200
    assert attempt("editor", "wrong password", ip="198.51.100.7")[1].status_code == 429
    # Now even the right password, from that address, is refused with the clear message.
    client, response = attempt("editor", PASSWORD, ip="198.51.100.7")
    assert response.status_code == 429
    text = visible_text(response)
    assert "Sign-in temporarily locked" in text
    assert "too many failed sign-in attempts for this account from this address" in text
    assert "reset your password by email" in text
    assert "_auth_user_id" not in client.session
    # The editor at their own desk is not affected.
    assert attempt("editor", PASSWORD, ip="192.0.2.10")[1].status_code == 302


def test_a_few_typos_by_colleagues_behind_one_address_lock_nobody_out(editor, settings):
    for n in range(settings.AXES_FAILURE_LIMIT * 2):
        attempt(f"colleague-{n}", "typo", ip="203.0.113.66")
    assert attempt("editor", PASSWORD, ip="203.0.113.66")[1].status_code == 302


def test_an_address_is_locked_out_after_many_failures_across_user_names(editor, settings):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 12
    for n in range(12):
        attempt(f"guess-{n}", "wrong password", ip="203.0.113.66")
    _, response = attempt("editor", PASSWORD, ip="203.0.113.66")
    assert response.status_code == 429
    assert "Sign-in temporarily locked" in visible_text(response)
    # The editor can still sign in from their own address.
    client, response = attempt("editor", PASSWORD, ip="192.0.2.10")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_the_address_limit_is_much_higher_than_the_pair_limit(settings):
    assert settings.AXES_ADDRESS_FAILURE_LIMIT >= 10 * settings.AXES_FAILURE_LIMIT


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
        through_proxy("editor", "wrong", "203.0.113.66", forged=f"192.0.2.{n}")
    assert through_proxy("editor", PASSWORD, "203.0.113.66")[1].status_code == 429
    client, response = through_proxy("editor", PASSWORD, "198.51.100.4")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_a_locked_out_editor_resets_their_password_by_email_and_signs_in(editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt("editor", "wrong password", ip="198.51.100.7")
    client, response = attempt("editor", PASSWORD, ip="198.51.100.7")
    assert response.status_code == 429

    login_page = Client().get(reverse("admin:login"))
    assert reverse("admin_password_reset") in login_page.content.decode()
    response = client.post(reverse("admin_password_reset"), {"email": editor.email})
    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    # The link names SITE_URL, not the Host the request claimed.
    link = re.search(re.escape(settings.SITE_URL) + r"/admin/reset/\S+/", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    path = urlsplit(link.group(0)).path
    form_page = client.get(path, follow=True)
    assert "Choose a new password" in visible_text(form_page)
    new_password = "velvet harbour lantern 42"
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
        follow=True,
    )
    assert "Password changed" in visible_text(done)
    client, response = attempt("editor", new_password, ip="198.51.100.7")
    assert response.status_code == 302, "the reset lifted the lock"
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_a_password_reset_for_an_unknown_address_says_the_same_and_sends_nothing(editor):
    response = Client().post(
        reverse("admin_password_reset"), {"email": "nobody@example.com"}, follow=True
    )
    assert "Check your email" in visible_text(response)
    assert mail.outbox == []


def test_a_mail_server_that_does_not_answer_gives_the_form_back_with_a_message(editor, monkeypatch):
    def refused(*args, **kwargs):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(PasswordResetForm, "send_mail", refused)
    response = Client().post(reverse("admin_password_reset"), {"email": editor.email})
    assert response.status_code == 200
    assert "could not be sent just now" in visible_text(response)


def test_a_300_character_user_name_gets_the_login_form_back_not_a_500(editor):
    _, response = attempt("a" * 300, "wrong password")
    assert response.status_code == 200
    assert "Please enter the correct" in visible_text(response) or "at most" in visible_text(
        response
    )


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
