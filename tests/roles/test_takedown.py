"""A temporary takedown: the page answers 503 with Retry-After and an honest notice, is left
out of every listing while down and comes back by itself, unlike unpublishing (410 Gone)."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.http import http_date

from roles.models import RemovedRole, Role
from tests.factories import make_role
from tests.html import form_fields, parse, visible_text


def take_down(role: Role, for_: timedelta) -> None:
    role.taken_down_until = timezone.now() + for_
    role.save()


def listed_everywhere(client, role: Role) -> dict[str, bool]:
    url = role.get_absolute_url()
    return {
        "category": url in client.get(role.category.get_absolute_url()).content.decode(),
        "home": url in client.get("/").content.decode(),
        "a-z": url in client.get("/roles/a-z/").content.decode(),
        "sitemap": url in client.get("/sitemap-roles.xml").content.decode(),
        "feed": url in client.get("/feed/").content.decode(),
        "search": url in client.get("/search/", {"q": role.title}).content.decode(),
        "suggestions": url in client.get("/search/suggest/", {"q": role.title}).content.decode(),
    }


def test_a_role_taken_down_for_a_while_answers_503_with_retry_after(client, role):
    take_down(role, timedelta(days=3))
    response = client.get(role.get_absolute_url())
    assert response.status_code == 503
    assert response["Retry-After"] == http_date(role.taken_down_until.timestamp())
    text = visible_text(response)
    assert f"{role.title} is temporarily unavailable" in text
    assert "due back at this address on" in text
    assert "not be coming back" not in text
    page = parse(response)
    assert role.category.get_absolute_url() in page.xpath("//main//a/@href")
    assert page.cssselect("main form[role=search]")
    assert not RemovedRole.objects.filter(slug=role.slug).exists(), "not recorded as gone"


def test_a_role_taken_down_is_left_out_of_every_listing_until_it_returns(client, role, clock):
    make_role(category=role.category, title="Company Role")  # the category stays listed
    assert all(listed_everywhere(client, role).values())
    take_down(role, timedelta(days=3))
    assert not any(listed_everywhere(client, role).values())
    clock(timedelta(days=3, seconds=1))
    assert client.get(role.get_absolute_url()).status_code == 200
    assert all(listed_everywhere(client, role).values())


def test_emptying_the_date_brings_the_role_back_at_once(client, role):
    take_down(role, timedelta(days=3))
    role.taken_down_until = None
    role.save()
    assert client.get(role.get_absolute_url()).status_code == 200


def test_unpublishing_a_role_taken_down_for_a_while_still_answers_410(client, role):
    take_down(role, timedelta(days=3))
    role.status = Role.Status.DRAFT
    role.save()
    assert client.get(role.get_absolute_url()).status_code == 410


def test_an_old_address_of_a_role_taken_down_leads_to_its_503(client, role):
    old = role.get_absolute_url()
    role.slug = "renamed-role"
    role.save()
    take_down(role, timedelta(days=1))
    response = client.get(old)
    assert (response.status_code, response["Location"]) == (301, role.get_absolute_url())
    assert client.get(response["Location"]).status_code == 503


@pytest.mark.page_cache
def test_a_cached_page_is_not_served_while_the_role_is_down_and_returns_by_itself(client, role):
    make_role(category=role.category, title="Company Role")
    url, category_url = role.get_absolute_url(), role.category.get_absolute_url()
    for page in (url, category_url, url, category_url):
        client.get(page)
    assert client.get(url)["X-Page-Cache"] == "hit"
    take_down(role, timedelta(seconds=1.5))
    down = client.get(url)
    assert (down.status_code, down["X-Page-Cache"]) == (503, "miss")
    assert client.get(url)["X-Page-Cache"] == "miss", "a 503 is never stored"
    assert url not in client.get(category_url).content.decode()
    assert client.get(category_url)["X-Page-Cache"] == "hit"
    time.sleep(max(0.0, (role.taken_down_until - timezone.now()).total_seconds()) + 0.05)
    assert client.get(url).status_code == 200
    assert url in client.get(category_url).content.decode(), "the cached listing expired"


def test_editors_take_a_role_down_in_the_admin_under_a_clear_label(client, role):
    boss = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw")
    client.force_login(boss)
    admin_client = client
    change = f"/admin/roles/role/{role.pk}/change/"
    page = parse(admin_client.get(change))
    row = page.cssselect(".field-taken_down_until")[0]
    assert "Temporarily unavailable until" in row.text_content()
    assert "answers 503" in row.text_content() and "410 Gone" in row.text_content()
    fields = form_fields(admin_client.get(change), "role_form")
    back = timezone.localtime() + timedelta(days=2)
    fields["taken_down_until_0"] = back.date().isoformat()
    fields["taken_down_until_1"] = back.strftime("%H:%M:%S")
    assert admin_client.post(change, fields).status_code == 302
    role.refresh_from_db()
    assert role.is_taken_down and not role.is_public
    client.logout()
    assert client.get(role.get_absolute_url()).status_code == 503
