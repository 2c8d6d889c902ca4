"""No address a reader can type answers 5xx: the Big List of Naughty Strings in every URL
parameter of every public page, and control bytes (NUL above all) anywhere in an address."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.naughty import hostile_strings


def pages_that_read_parameters(role) -> list[str]:
    """Public pages with {} in each parameter they read."""
    return [
        "/jobs/?page={}",
        f"/jobs/{role.category.slug}/?page={{}}",
        "/search/?q={}&category={}&page={}",
        "/search/suggest/?q={}",
        "/roles/a-z/?page={}",
        "/roles/a-z/a/?page={}",
        "/compare/?a={}&b={}",
        "/sitemap-roles.xml?p={}",
        f"/social/roles/{role.slug}.png?v={{}}",
    ]


def pages_that_ignore_parameters(role) -> list[str]:
    """The other public pages, with a parameter they do not read."""
    category, slug = role.category.slug, role.slug
    return [
        "/?utm_source={}",
        f"/jobs/{category}/{slug}/?ref={{}}",
        f"/jobs/{category}/{slug}.txt?download={{}}",
        f"/jobs/{category}/{slug}.md?download={{}}",
        f"/compare/{slug}/{slug}/?ref={{}}",
        "/sitemap.xml?p={}",
        "/feed/?page={}",
        "/robots.txt?x={}",
        "/social/site.png?v={}",
    ]


CONTROL_BYTES = ["\x00", "a\x00b", "\x1b[31m", "\x07", "\x7f"]


def test_naughty_strings_in_every_parameter_of_every_public_page_never_answer_5xx(client, role):
    """Every string where a page reads it; every 10th (and the control bytes) where a page
    ignores the parameter, which only the middleware sees."""
    strings = [*hostile_strings(), *CONTROL_BYTES]
    failures = {}
    for pages, texts in (
        (pages_that_read_parameters(role), strings),
        (pages_that_ignore_parameters(role), [*strings[::10], *CONTROL_BYTES]),
    ):
        for text in texts:
            value = quote(text, safe="")
            for page in pages:
                url = page.replace("{}", value)
                status = client.get(url).status_code
                if status >= 500:
                    failures[url] = status
    assert not failures, f"{len(failures)} addresses answer 5xx, e.g. {list(failures.items())[:5]}"


@pytest.mark.parametrize(
    "url",
    ["/compare/?a=%00", "/search/?q=%00", "/search/suggest/?q=%07", "/jobs/?page=%1b"],
)
def test_a_control_byte_in_a_query_string_is_a_400_that_says_so(client, catalogue, url):
    response = client.get(url)
    assert response.status_code == 400
    text = response.content.decode()
    assert "The address contains control characters." in text
    assert "Traceback" not in text


@pytest.mark.parametrize("url", ["/jobs/%00/", "/roles/a-z/%1b/", "/static/%00.css"])
def test_a_control_byte_in_a_path_is_the_not_found_page(client, catalogue, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Traceback" not in response.content.decode()


def test_tab_and_newline_in_a_search_are_not_refused(client, catalogue):
    assert client.get("/search/?q=cloud%09architect%0A").status_code == 200


@pytest.fixture
def staff_client(db):
    user = User.objects.create_superuser("chief", "chief@example.com", "correct horse battery")
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/admin/roles/role/abc/change/",
        "/admin/roles/role/abc/history/",
        "/admin/roles/role/abc/delete/",
        "/admin/roles/category/abc/change/",
        "/admin/auth/user/abc/change/",
    ],
)
def test_an_admin_address_with_an_impossible_id_says_it_does_not_exist(staff_client, url):
    response = staff_client.get(url, follow=True)
    assert response.status_code == 200
    assert "“abc” doesn\u2019t exist" in response.content.decode()


def test_a_nul_byte_in_an_admin_filter_is_a_400_not_a_500(staff_client, role):
    response = staff_client.get("/admin/roles/role/?status__exact=%00")
    assert response.status_code == 400
    assert "control characters" in response.content.decode()
