"""What crawlers and link previews get: robots.txt, the sitemap, titles, descriptions, canonical
URLs, Open Graph and Twitter tags, social cards, the feed, and addresses that never die."""

from __future__ import annotations

import io
from datetime import timedelta

import lxml.etree
import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from PIL import Image

from roles import a_to_z, social_cards
from roles.formats.dates import machine_datetime
from roles.models import RemovedRole, Role
from tests.factories import make_category, make_many_roles, make_role
from tests.html import parse

SITE = "https://roles.example"
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
ATOM_NS = {"atom": "http://www.w3.org/2005/Atom"}


@pytest.fixture(autouse=True)
def public_site_url(settings):
    """A SITE_URL unlike the test client's host, so a URL built on the request would show."""
    settings.SITE_URL = SITE


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def page_urls(catalogue_roles: list[Role]) -> list[str]:
    role, other = catalogue_roles[0], catalogue_roles[1]
    return [
        "/",
        "/jobs/",
        role.category.get_absolute_url(),
        role.get_absolute_url(),
        "/roles/a-z/",
        f"/roles/a-z/{a_to_z.canonical_slug(role.title[0])}/",  # "911 Dispatcher": other
        f"/compare/{role.slug}/{other.slug}/",
        "/search/?q=architect",
    ]


def meta(page, name: str) -> str:
    found = page.xpath(f'//meta[@name="{name}" or @property="{name}"]/@content')
    assert len(found) == 1, f"{name}: {found}"
    return found[0]


# robots.txt


def test_robots_txt_allows_the_site_hides_the_admin_and_names_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert f"Sitemap: {SITE}/sitemap.xml" in lines


# Sitemap


def fetch_xml(client, url: str) -> lxml.etree._Element:
    assert url.startswith(SITE), url
    response = client.get(url.removeprefix(SITE))
    assert response.status_code == 200, url
    assert "xml" in response["Content-Type"]
    return lxml.etree.fromstring(response.content)


def crawl_sitemap(client) -> dict[str, str]:
    """Every URL the sitemap index leads to, with its lastmod, as a crawler would read them."""
    index = fetch_xml(client, f"{SITE}/sitemap.xml")
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    urls = {}
    for loc in index.xpath("//sm:sitemap/sm:loc/text()", namespaces=SITEMAP_NS):
        for entry in fetch_xml(client, loc).xpath("//sm:url", namespaces=SITEMAP_NS):
            location = entry.findtext("sm:loc", namespaces=SITEMAP_NS)
            assert location not in urls, f"{location} listed twice"
            urls[location] = entry.findtext("sm:lastmod", namespaces=SITEMAP_NS)
    return urls


def test_sitemap_lists_home_categories_and_every_published_role_with_lastmod(client, catalogue):
    urls = crawl_sitemap(client)
    assert f"{SITE}/" in urls and f"{SITE}/jobs/" in urls
    for role in Role.objects.published().select_related("category"):
        assert urls[f"{SITE}{role.get_absolute_url()}"] == machine_datetime(role.content_updated_at)
        assert f"{SITE}{role.category.get_absolute_url()}" in urls
    assert all(urls.values()), "every URL has a lastmod"


def test_sitemap_never_lists_drafts_or_scheduled_roles(client, category):
    public = make_role(category=category)
    draft = make_role(category=category, status=Role.Status.DRAFT)
    future = make_role(category=category, published_at=timezone.now() + timedelta(days=3))
    empty_category = make_category()
    urls = crawl_sitemap(client)
    assert f"{SITE}{public.get_absolute_url()}" in urls
    assert f"{SITE}{draft.get_absolute_url()}" not in urls
    assert f"{SITE}{future.get_absolute_url()}" not in urls
    assert f"{SITE}{empty_category.get_absolute_url()}" not in urls


def test_category_lastmod_follows_its_newest_role_change(client, category):
    make_role(category=category)
    newest = make_role(category=category)
    later = timezone.now() + timedelta(minutes=5)
    Role.objects.filter(pk=newest.pk).update(content_updated_at=later)
    urls = crawl_sitemap(client)
    assert urls[f"{SITE}{category.get_absolute_url()}"] == machine_datetime(later)


def test_sitemap_index_pages_the_roles_so_every_one_is_reachable(client, category, settings):
    settings.SITEMAP_ROLES_PER_PAGE = 2
    roles = [make_role(category=category, faqs=0, duties=0, facts=False) for _ in range(5)]
    index = fetch_xml(client, f"{SITE}/sitemap.xml")
    locs = index.xpath("//sm:sitemap/sm:loc/text()", namespaces=SITEMAP_NS)
    role_pages = [loc for loc in locs if "sitemap-roles" in loc]
    assert role_pages == [
        f"{SITE}/sitemap-roles.xml",
        f"{SITE}/sitemap-roles.xml?p=2",
        f"{SITE}/sitemap-roles.xml?p=3",
    ]
    listed = crawl_sitemap(client)
    assert {f"{SITE}{r.get_absolute_url()}" for r in roles} <= set(listed)
    assert client.get("/sitemap-roles.xml?p=4").status_code == 404


def test_each_roles_sitemap_page_lists_its_share_of_roles_in_order(client, db, settings):
    settings.SITEMAP_ROLES_PER_PAGE = 3
    # Slugs of every kind a slug can hold, in two categories.
    categories = {slug: make_category(slug=slug) for slug in ("c-1", "c_2")}
    roles = [
        make_role(category=categories[category], slug=slug, faqs=0, duties=0)
        for category, slug in [
            ("c-1", "a"),
            ("c_2", "b-2"),
            ("c-1", "c_3"),
            ("c-1", "D4"),
            ("c_2", "e-5-x"),
            ("c-1", "f"),
            ("c_2", "g"),
        ]
    ]
    pages = [
        fetch_xml(client, f"{SITE}/sitemap-roles.xml{suffix}").xpath(
            "//sm:url/sm:loc/text()", namespaces=SITEMAP_NS
        )
        for suffix in ("", "?p=2", "?p=3")
    ]
    expected = [f"{SITE}{role.get_absolute_url()}" for role in roles]
    assert pages == [expected[:3], expected[3:6], expected[6:]]


# Per-page tags


def test_every_page_type_has_title_description_canonical_and_social_tags(client, catalogue):
    roles = list(Role.objects.published().select_related("category"))
    for url in page_urls(roles):
        response = client.get(url)
        assert response.status_code == 200, url
        page = parse(response)
        assert page.get("lang") == "en"
        assert len(page.cssselect("h1")) == 1, url
        title = page.findtext(".//title")
        assert title and "RoleAtlas" in title
        description = meta(page, "description")
        assert 50 <= len(description) <= 160, (url, description)
        canonical = page.xpath('//link[@rel="canonical"]/@href')
        assert canonical == [f"{SITE}{url}"]
        assert meta(page, "og:url") == canonical[0]
        assert meta(page, "og:title") == title
        assert meta(page, "og:description") == description
        assert meta(page, "og:site_name") == "RoleAtlas"
        assert meta(page, "og:type") in {"website", "article"}
        assert meta(page, "og:image").startswith(f"{SITE}/social/")
        assert (meta(page, "og:image:width"), meta(page, "og:image:height")) == ("1200", "630")
        assert meta(page, "twitter:card") == "summary_large_image"
        assert meta(page, "twitter:image") == meta(page, "og:image")


def test_titles_and_descriptions_are_unique_across_the_catalogue(client, catalogue):
    roles = list(Role.objects.published().select_related("category"))
    urls = ["/", "/jobs/"]
    urls += sorted({r.category.get_absolute_url() for r in roles})
    urls += [r.get_absolute_url() for r in roles]
    pages = [parse(client.get(url)) for url in urls]
    titles = [p.findtext(".//title") for p in pages]
    descriptions = [meta(p, "description") for p in pages]
    assert len(set(titles)) == len(urls)
    assert len(set(descriptions)) == len(urls)


def test_namesake_roles_in_two_categories_get_different_titles(client, db):
    first = make_role(title="Analyst", category=make_category(name="Finance"))
    second = make_role(title="Analyst", category=make_category(name="Security"))
    titles = {parse(client.get(r.get_absolute_url())).findtext(".//title") for r in (first, second)}
    assert len(titles) == 2


def test_the_namesake_check_is_an_index_lookup_not_a_scan_of_the_catalogue(db):
    """Every role page asks whether another role has its title: at 10,000 roles a scan of the
    table made that one question 62 ms on a cold cache."""
    make_many_roles(make_category(), 2000, lambda n: f"Analyst {n:04}")
    role = Role.objects.get(slug="analyst-0007")
    sql, params = Role.objects.published().namesakes_of(role).query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " ".join(row[3] for row in cursor.fetchall())
        else:
            cursor.execute("ANALYZE roles_role")
            cursor.execute("EXPLAIN " + sql, params)
            plan = " ".join(row[0] for row in cursor.fetchall())
    assert "role_namesakes" in plan, plan
    assert not Role.objects.published().namesakes_of(role).exists()


def test_editors_meta_description_is_used_as_written(client, category):
    written = "Everything a lighthouse keeper does all day, from lamps to logbooks and storms."
    role = make_role(category=category, meta_description=written)
    assert meta(parse(client.get(role.get_absolute_url())), "description") == written


def test_long_summary_becomes_a_description_cut_on_a_word_boundary(client, category):
    summary = "Keepers tend the lamp and the lens through long nights. " * 8
    role = make_role(category=category, summary=summary)
    description = meta(parse(client.get(role.get_absolute_url())), "description")
    assert 50 <= len(description) <= 160
    assert description.endswith("…")
    assert summary.startswith(description.removesuffix("…"))
    assert summary[len(description) - 1] == " ", "cut between words"


def test_short_summary_is_padded_to_a_useful_description(client, category):
    role = make_role(category=category, title="Keeper", summary="Keeps the light.")
    description = meta(parse(client.get(role.get_absolute_url())), "description")
    assert description.startswith("Keeps the light.")
    assert 50 <= len(description) <= 160


def test_second_page_of_a_category_has_its_own_title_and_canonical(client, category, settings):
    for _ in range(51):
        make_role(category=category, faqs=0, duties=0, facts=False)
    first = parse(client.get(category.get_absolute_url()))
    second = parse(client.get(f"{category.get_absolute_url()}?page=2"))
    assert first.findtext(".//title") != second.findtext(".//title")
    assert second.xpath('//link[@rel="canonical"]/@href') == [
        f"{SITE}{category.get_absolute_url()}?page=2"
    ]


# Social cards


def test_role_social_card_is_a_1200x630_png_that_revalidates(client, role):
    image_url = meta(parse(client.get(role.get_absolute_url())), "og:image")
    response = client.get(image_url.removeprefix(SITE))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(response.content)).size == (1200, 630)
    again = client.get(image_url.removeprefix(SITE), headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304


def test_social_card_changes_when_the_title_changes(client, role):
    before_url = meta(parse(client.get(role.get_absolute_url())), "og:image")
    before = client.get(before_url.removeprefix(SITE))
    role.title = "Lighthouse Keeper"
    role.save()
    after_url = meta(parse(client.get(role.get_absolute_url())), "og:image")
    after = client.get(after_url.removeprefix(SITE), headers={"If-None-Match": before["ETag"]})
    assert after_url != before_url
    assert after.status_code == 200
    assert after.content != before.content


def test_category_and_site_cards_are_served(client, role):
    for url in ("/", role.category.get_absolute_url()):
        image_url = meta(parse(client.get(url)), "og:image")
        response = client.get(image_url.removeprefix(SITE))
        assert response.status_code == 200
        assert Image.open(io.BytesIO(response.content)).size == (1200, 630)


def test_no_social_card_for_a_draft_role(client, category):
    draft = make_role(category=category, status=Role.Status.DRAFT)
    assert client.get(f"/social/roles/{draft.slug}.png").status_code == 404


# Addresses that never die


def test_old_role_slug_answers_301_to_the_new_address(client, role):
    old_url = role.get_absolute_url()
    role.slug = "renamed-role"
    role.save()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == role.get_absolute_url()
    assert client.get(role.get_absolute_url()).status_code == 200


def test_old_category_slug_answers_301_for_the_category_and_its_roles(client, role):
    category = role.category
    old_category_url, old_role_url = category.get_absolute_url(), role.get_absolute_url()
    category.slug = "renamed-category"
    category.save()
    role.refresh_from_db()
    response = client.get(old_category_url)
    assert (response.status_code, response["Location"]) == (301, category.get_absolute_url())
    response = client.get(old_role_url)
    assert (response.status_code, response["Location"]) == (301, role.get_absolute_url())


def test_slug_changed_twice_still_answers_for_the_first(client, role):
    first_url = role.get_absolute_url()
    for slug in ("second-slug", "third-slug"):
        role.slug = slug
        role.save()
    response = client.get(first_url)
    assert (response.status_code, response["Location"]) == (301, role.get_absolute_url())


def test_deleted_role_answers_410_with_a_link_to_its_category(client, role):
    url, category = role.get_absolute_url(), role.category
    role.delete()
    response = client.get(url)
    assert response.status_code == 410
    page = parse(response)
    assert category.get_absolute_url() in page.xpath("//main//a/@href")
    assert role.title in page.findtext(".//h1")


@pytest.mark.parametrize("gone", [False, True], ids=["404", "410"])
def test_not_found_and_gone_pages_offer_a_labelled_search_box(client, role, gone):
    url = role.get_absolute_url() if gone else "/jobs/no-such-category/"
    if gone:
        role.delete()
    response = client.get(url)
    assert response.status_code == (410 if gone else 404)
    page = parse(response)
    (form,) = page.cssselect("main form[role=search]")
    assert form.get("action") == "/search/" and form.get("method") == "get"
    assert form.get("data-search-suggest") == "/search/suggest/"
    heading = page.get_element_by_id(form.get("aria-labelledby"))
    assert heading.tag == "h2" and "Search for a" in heading.text
    box = form.cssselect("input[name=q]")[0]
    assert form.cssselect(f"label[for={box.get('id')}]")[0].text == "Search roles"
    ids = page.xpath("//@id")
    assert len(ids) == len(set(ids)), "the page's two search boxes share an id"


def test_unpublished_role_answers_410_and_its_old_slug_too(client, role):
    old_url = role.get_absolute_url()
    role.slug = "new-slug"
    role.save()
    role.status = Role.Status.DRAFT
    role.save()
    assert client.get(role.get_absolute_url()).status_code == 410
    assert client.get(old_url).status_code == 410


def test_roles_deleted_in_bulk_answer_410(client, category):
    roles = [make_role(category=category) for _ in range(2)]
    Role.objects.filter(category=category).delete()
    assert [client.get(r.get_absolute_url()).status_code for r in roles] == [410, 410]


def test_republished_role_is_served_again(client, role):
    role.status = Role.Status.DRAFT
    role.save()
    role.status = Role.Status.PUBLISHED
    role.save()
    assert client.get(role.get_absolute_url()).status_code == 200


def test_a_new_role_taking_a_removed_slug_clears_the_gone_record(client, role):
    slug, category = role.slug, role.category
    role.delete()
    newcomer = make_role(category=category, slug=slug)
    assert client.get(newcomer.get_absolute_url()).status_code == 200
    assert not RemovedRole.objects.filter(slug=slug).exists()


def test_a_draft_that_was_never_public_is_a_plain_404(client, category):
    draft = make_role(category=category, status=Role.Status.DRAFT)
    draft.title = "Still a draft"
    draft.save()
    assert client.get(draft.get_absolute_url()).status_code == 404


# Conditional requests


@pytest.mark.parametrize("page", ["role", "category"])
def test_unchanged_page_revalidates_with_304(client, role, page):
    url = role.get_absolute_url() if page == "role" else role.category.get_absolute_url()
    first = client.get(url)
    assert first["ETag"]
    again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""


def test_role_page_etag_changes_when_a_related_role_or_the_category_changes(client, role):
    neighbour = make_role(category=role.category)
    url = role.get_absolute_url()
    etag = client.get(url)["ETag"]
    neighbour.title = "Renamed Neighbour"
    neighbour.save()
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert "Renamed Neighbour" in changed.content.decode()
    role.category.name = "Renamed Category"
    role.category.save()
    assert client.get(url, headers={"If-None-Match": changed["ETag"]}).status_code == 200


# Feed


def test_atom_feed_lists_recent_public_roles_and_every_page_advertises_it(client, category):
    old = make_role(category=category, title="Older Role")
    new = make_role(category=category, title="Newer Role")
    Role.objects.filter(pk=new.pk).update(content_updated_at=timezone.now() + timedelta(hours=1))
    draft = make_role(category=category, title="Draft Role", status=Role.Status.DRAFT)
    for url in ("/", "/jobs/", category.get_absolute_url(), old.get_absolute_url(), "/nope/"):
        links = parse(client.get(url)).xpath(
            '//link[@rel="alternate" and @type="application/atom+xml"]/@href'
        )
        assert links == [f"{SITE}/feed/"], url
    response = client.get("/feed/")
    assert response.status_code == 200
    feed = lxml.etree.fromstring(response.content)
    titles = feed.xpath("//atom:entry/atom:title/text()", namespaces=ATOM_NS)
    assert titles[:2] == ["Newer Role", "Older Role"]
    assert draft.title not in titles
    links = feed.xpath("//atom:entry/atom:link/@href", namespaces=ATOM_NS)
    assert f"{SITE}{new.get_absolute_url()}" in links


def test_editor_deleting_a_role_in_the_admin_leaves_a_410_they_can_see(admin_client, role):
    url = role.get_absolute_url()
    response = admin_client.post(f"/admin/roles/role/{role.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert admin_client.get(url).status_code == 410
    listing = admin_client.get("/admin/roles/removedrole/")
    assert role.slug in listing.content.decode()


def test_social_card_is_drawn_once_then_served_from_the_cache(client, role, monkeypatch):
    drawn = []
    draw = social_cards.draw_card
    monkeypatch.setattr(social_cards, "draw_card", lambda *a: drawn.append(a) or draw(*a))
    url = f"/social/roles/{role.slug}.png"
    first, second = client.get(url), client.get(url)
    assert first.content == second.content
    assert len(drawn) == 1


def test_social_card_draws_without_system_fonts(monkeypatch, tmp_path):
    """Where Debian's DejaVu fonts are missing, Pillow's own font is used."""
    missing = {True: tmp_path / "none-bold.ttf", False: tmp_path / "none.ttf"}
    monkeypatch.setattr(social_cards, "_FONT_FILES", missing)
    social_cards._font.cache_clear()
    try:
        png = social_cards.draw_card("A Rather Long Role Title For A Card", "Category")
    finally:
        social_cards._font.cache_clear()
    assert Image.open(io.BytesIO(png)).size == (1200, 630)


def test_changing_a_slug_back_serves_the_role_and_redirects_the_other(client, role):
    first_url = role.get_absolute_url()
    role.slug = "second"
    role.save()
    second_url = role.get_absolute_url()
    role.slug = first_url.rstrip("/").rsplit("/", 1)[-1]
    role.save()
    assert client.get(first_url).status_code == 200
    response = client.get(second_url)
    assert (response.status_code, response["Location"]) == (301, first_url)
