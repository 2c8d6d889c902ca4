"""Every address a crawler or reader may hold keeps working after a role is renamed: the page,
its downloads, its social card and comparisons with it answer 301 to today's address
(roles/redirects.py)."""

from __future__ import annotations

import pytest

from roles.models import Role
from tests.factories import make_role


@pytest.fixture
def renamed(category):
    role = make_role(category=category, slug="pen-tester")
    other = make_role(category=category, slug="red-teamer")
    role.slug = "penetration-tester"
    role.save()
    return role, other


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/jobs/{c}/pen-tester/", "/jobs/{c}/penetration-tester/"),
        ("/jobs/{c}/pen-tester.md", "/jobs/{c}/penetration-tester.md"),
        ("/jobs/{c}/pen-tester.txt", "/jobs/{c}/penetration-tester.txt"),
        ("/social/roles/pen-tester.png", "/social/roles/penetration-tester.png"),
        ("/compare/pen-tester/red-teamer/", "/compare/penetration-tester/red-teamer/"),
        ("/compare/red-teamer/pen-tester/", "/compare/red-teamer/penetration-tester/"),
    ],
)
def test_every_derived_address_of_a_renamed_role_redirects_permanently(client, renamed, old, new):
    role, _ = renamed
    slug = role.category.slug
    response = client.get(old.format(c=slug))
    assert response.status_code == 301
    assert response["Location"] == new.format(c=slug)
    assert client.get(response["Location"]).status_code == 200


def test_an_unknown_download_address_is_still_a_404(client, renamed):
    role, _ = renamed
    assert client.get(f"/jobs/{role.category.slug}/no-such-role.md").status_code == 404
    assert client.get("/compare/pen-tester/no-such-role/").status_code == 404


def test_editors_see_the_address_records_and_help_texts_render_as_written(db, renamed):
    from tests.roles.editors import editor_client

    editor = editor_client("addresses")
    for url in (
        "/admin/roles/previousroleslug/",
        "/admin/roles/previouscategoryslug/",
        "/admin/roles/removedrole/",
    ):
        assert editor.get(url).status_code == 200, url
    role, _ = renamed
    form = editor.get(f"/admin/roles/role/{role.pk}/change/").content.decode()
    assert "/jobs/category-slug/role-slug/" in form
    assert Role.objects.filter(slug="penetration-tester").exists()
