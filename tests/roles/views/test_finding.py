from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import resolve, reverse

from roles import a_to_z
from roles.models import Fact, Role
from roles.views.role import COMPARE_SUGGESTIONS, RELATED_ROLES
from tests.factories import make_category, make_role
from tests.html import parse, visible_text
from tests.roles.test_query_counts import ROLE_PAGE_QUERIES


@pytest.mark.parametrize(
    ("name", "kwargs", "path"),
    [
        ("roles:search", {}, "/search/"),
        ("roles:search-suggest", {}, "/search/suggest/"),
        ("roles:role-index", {}, "/roles/a-z/"),
        ("roles:compare-pick", {}, "/compare/"),
        ("roles:compare", {"slug_a": "a-role", "slug_b": "b-role"}, "/compare/a-role/b-role/"),
        ("roles:detail-text", {"category_slug": "ai", "role_slug": "x"}, "/jobs/ai/x.txt"),
    ],
)
def test_reader_urls_reverse_and_resolve_alike(name, kwargs, path):
    assert reverse(name, kwargs=kwargs) == path
    match = resolve(path)
    assert match.view_name == name
    assert match.kwargs == kwargs


def related_titles(response) -> list[str]:
    return [a.text for a in parse(response).cssselect("#related ~ .cards .card__title a")]


def test_related_roles_are_of_the_same_category_not_of_a_shared_title_word(client, db):
    """A shared word is no reason ("Train Engineer" is not a "Ship Engineer"'s neighbour);
    the reasons that are (a career path, an occupation group, shared qualifications) have
    their tests in tests/roles/test_connections.py."""
    ships, trains = make_category(name="Ships"), make_category(name="Trains")
    role = make_role(category=ships, title="Ship Engineer")
    make_role(category=ships, title="Deckhand")
    make_role(category=trains, title="Train Engineer")
    make_role(category=trains, title="Ticket Inspector")
    response = client.get(role.get_absolute_url())
    assert related_titles(response) == ["Deckhand"]


def test_related_roles_leave_out_drafts_and_the_role_itself(client, category):
    role = make_role(category=category, title="Potter")
    make_role(category=category, title="Draft Potter", status=Role.Status.DRAFT)
    assert "Potter" not in related_titles(client.get(role.get_absolute_url()))
    assert "Draft Potter" not in related_titles(client.get(role.get_absolute_url()))


def test_related_roles_cost_the_same_queries_however_many_roles_exist(
    client, db, django_assert_max_num_queries
):
    home, away = make_category(), make_category()
    role = make_role(category=home, title="Signal Engineer")
    for n in range(3):
        make_role(category=away, title=f"Engineer {n}")
    with django_assert_max_num_queries(ROLE_PAGE_QUERIES):
        client.get(role.get_absolute_url())
    for n in range(25):
        make_role(category=home if n % 2 else away, title=f"Signal Engineer {n}")
    with django_assert_max_num_queries(ROLE_PAGE_QUERIES):
        response = client.get(role.get_absolute_url())
    assert len(related_titles(response)) == RELATED_ROLES


def test_a_to_z_index_lists_every_published_role_under_its_letter(client, db):
    make_role(title="Zookeeper")
    make_role(title="Archivist")
    make_role(title="Astronomer")
    make_role(title="Secret Agent", status=Role.Status.DRAFT)
    response = client.get("/roles/a-z/")
    page = parse(response)
    groups = {
        g.cssselect("h2")[0].text: [a.text for a in g.cssselect("li a")]
        for g in page.cssselect(".az-group")
    }
    assert groups == {"A": ["Archivist", "Astronomer"], "Z": ["Zookeeper"]}
    assert [a.get("href") for a in page.cssselect(".letters a")] == ["#letter-A", "#letter-Z"]


@pytest.fixture
def large_catalogue(monkeypatch, db):
    """A catalogue over the one-page limit, with the limits made small."""
    monkeypatch.setattr(a_to_z, "ONE_PAGE_LIMIT", 6)
    monkeypatch.setattr(a_to_z, "PREVIEW_PER_LETTER", 2)
    monkeypatch.setattr(a_to_z, "ROLES_PER_LETTER_PAGE", 3)
    titles = ["Baker", "Bargeman", "Barber", "Builder", "Bursar", "Cook", "3D Artist"]
    titles += ["Économiste", "Écrivain"]
    for title in titles:
        make_role(title=title, duties=0, faqs=0, facts=False)
    make_role(title="Butler", status=Role.Status.DRAFT)


def test_large_a_to_z_index_shows_a_few_roles_a_letter_and_links_each_letter(
    client, large_catalogue
):
    page = parse(client.get("/roles/a-z/"))
    groups = {
        g.cssselect("h2")[0].text: [a.text for a in g.cssselect("li a")]
        for g in page.cssselect(".az-group")
    }
    assert groups == {
        "B": ["Baker", "Barber"],
        "C": ["Cook"],
        "É": ["Économiste", "Écrivain"],
        "#": ["3D Artist"],
    }
    more = [a.text for a in page.cssselect(".az-group p a")]
    assert more[0] == "All 5 roles starting with B →"
    bar = {a.text: a.get("href") for a in page.cssselect(".letters a")}
    assert bar == {
        "B": "/roles/a-z/b/",
        "C": "/roles/a-z/c/",
        "É": "/roles/a-z/%C3%A9/",
        "#": "/roles/a-z/other/",
    }
    assert "A" in [s.text for s in page.cssselect(".letters .letters__empty")]


def test_a_letter_page_lists_its_roles_in_pages(client, large_catalogue):
    first = client.get("/roles/a-z/b/")
    page = parse(first)
    assert page.cssselect("h1")[0].text == "Roles starting with B"
    assert [a.text for a in page.cssselect(".az-list a")] == ["Baker", "Barber", "Bargeman"]
    assert page.cssselect(".letters [aria-current=page]")[0].text == "B"
    assert page.xpath('//link[@rel="canonical"]/@href') == [f"{settings.SITE_URL}/roles/a-z/b/"]
    second = parse(client.get("/roles/a-z/b/", {"page": 2}))
    assert [a.text for a in second.cssselect(".az-list a")] == ["Builder", "Bursar"]
    assert second.xpath('//link[@rel="canonical"]/@href') == [
        f"{settings.SITE_URL}/roles/a-z/b/?page=2"
    ]
    assert [a.text for a in parse(client.get("/roles/a-z/other/")).cssselect(".az-list a")] == [
        "3D Artist"
    ]
    assert [a.text for a in parse(client.get("/roles/a-z/é/")).cssselect(".az-list a")] == [
        "Économiste",
        "Écrivain",
    ]


@pytest.mark.parametrize("letter", ["a", "bb", "%00", "%20"])
def test_a_letter_without_public_roles_is_a_404(client, large_catalogue, letter):
    assert client.get(f"/roles/a-z/{letter}/").status_code == 404


@pytest.mark.parametrize(
    ("typed", "address"),
    [
        ("B", "/roles/a-z/b/"),
        ("%C3%89", "/roles/a-z/%C3%A9/"),
        ("OTHER", "/roles/a-z/other/"),
        ("Other", "/roles/a-z/other/"),
        ("0", "/roles/a-z/other/"),
        ("3", "/roles/a-z/other/"),
        ("%23", "/roles/a-z/other/"),
        ("-", "/roles/a-z/other/"),
        ("A", "/roles/a-z/a/"),
    ],
)
def test_other_spellings_of_a_letter_redirect_permanently_to_its_page(
    client, large_catalogue, typed, address
):
    response = client.get(f"/roles/a-z/{typed}/")
    assert response.status_code == 301
    assert response["Location"] == address
    assert client.get(f"/roles/a-z/{typed}/", {"page": 2})["Location"] == f"{address}?page=2"


def test_a_to_z_index_is_linked_from_every_page(client, role):
    links = parse(client.get("/")).cssselect("nav[aria-label=Main] a")
    assert "/roles/a-z/" in [a.get("href") for a in links]


def test_category_with_more_than_fifty_roles_is_paginated(client, category):
    for n in range(53):
        make_role(category=category, title=f"Clerk {n:02d}", duties=0, faqs=0, facts=False)
    first = parse(client.get(category.get_absolute_url()))
    assert len(first.cssselect(".card")) == 50
    assert first.cssselect(".pagination a[rel=next]")[0].get("href") == "?page=2"
    second = client.get(category.get_absolute_url(), {"page": 2})
    titles = [a.text for a in parse(second).cssselect(".card__title a")]
    assert titles == ["Clerk 50", "Clerk 51", "Clerk 52"]
    assert "Page 2 of 2" in visible_text(second)


@pytest.fixture
def pair(db):
    category = make_category()
    left = make_role(category=category, title="Left Role", facts=False)
    right = make_role(category=category, title="Right Role", facts=False)
    Fact.objects.create(role=left, kind=Fact.Kind.EDUCATION, label="Typical education", value="BSc")
    Fact.objects.create(role=left, kind=Fact.Kind.OTHER, label="Travel", value="Often")
    Fact.objects.create(role=right, kind=Fact.Kind.GROWTH, label="Growth", value="Fast")
    Fact.objects.create(role=right, kind=Fact.Kind.EDUCATION, label="Usual education", value="MSc")
    return left, right


def test_compare_page_aligns_facts_of_the_same_kind_in_rows(client, pair):
    left, right = pair
    response = client.get(f"/compare/{left.slug}/{right.slug}/")
    assert response.status_code == 200
    rows = [
        [cell.text_content().strip() for cell in tr.cssselect("th, td")]
        for tr in parse(response).cssselect(".compare-table tbody tr")
    ]
    assert rows == [
        ["Category", left.category.name, right.category.name],
        ["Typical education", "BSc", "MSc"],
        ["Travel", "Often", "—"],
        ["Growth", "—", "Fast"],
    ]


def test_compare_page_puts_duties_and_qualifications_side_by_side(client, pair):
    left, right = pair
    page = parse(client.get(f"/compare/{left.slug}/{right.slug}/"))
    assert page.cssselect("h1")[0].text.startswith("Left Role")
    for section in ["compare-duties", "compare-qualifications"]:
        columns = page.cssselect(f"[aria-labelledby={section}] .compare-columns > div")
        assert [c.cssselect("h3")[0].text for c in columns] == ["Left Role", "Right Role"]
    duty_columns = page.cssselect("[aria-labelledby=compare-duties] .compare-columns > div")
    assert [li.text for li in duty_columns[0].cssselect("li")] == [
        d.text for d in left.duties.all()
    ]


@pytest.mark.parametrize(
    "path",
    [
        "/compare/left-role/no-such-role/",
        "/compare/left-role/left-role/",
    ],
)
def test_comparing_unknown_or_identical_roles_is_a_404(client, pair, path):
    left, _ = pair
    response = client.get(path.replace("left-role", left.slug))
    assert response.status_code == 404
    assert "We couldn't find that page" in visible_text(response)


def test_compare_has_a_landing_page_to_pick_two_roles(client, pair):
    left, right = pair
    response = client.get("/compare/")
    assert response.status_code == 200
    page = parse(response)
    assert page.cssselect("h1")[0].text == "Compare two roles"
    assert page.xpath('//meta[@name="robots"]/@content') == ["noindex"]
    form = page.cssselect("main form")[0]
    assert form.get("action") == "/compare/" and form.get("method") == "get"
    labels = {label.get("for"): label.text for label in form.cssselect("label")}
    assert labels == {"compare-first": "First role", "compare-second": "Second role"}
    assert [i.get("name") for i in form.cssselect("input")] == ["a", "b"]
    sent = client.get("/compare/", {"a": "left ROLE", "b": "right"})
    assert sent["Location"] == f"/compare/{left.slug}/{right.slug}/"


def test_compare_landing_page_says_when_the_first_role_matches_nothing(client, pair):
    response = client.get("/compare/", {"a": "zqxwv", "b": "Right Role"})
    assert response.status_code == 404
    page = parse(response)
    assert page.cssselect("h1")[0].text == "No role matches “zqxwv”"
    assert page.cssselect("input#compare-first")[0].get("value") == "zqxwv"
    assert page.cssselect("input#compare-second")[0].get("value") == "Right Role"


def test_role_page_compare_box_links_the_compare_landing_page(client, pair):
    left, _ = pair
    page = parse(client.get(left.get_absolute_url()))
    assert page.cssselect(".compare-with a.compare-with__any")[0].get("href") == "/compare/"


def test_compare_with_form_on_the_role_page_offers_the_roles_of_its_category(client, pair):
    left, _ = pair
    make_role(category=left.category, title="Draft Role", status=Role.Status.DRAFT)
    make_role(title="Elsewhere Role")
    page = parse(client.get(left.get_absolute_url()))
    form = page.cssselect("form.compare-with")[0]
    assert form.get("action") == "/compare/" and form.get("method") == "get"
    assert page.cssselect("label[for=compare-with]")[0].text == "Compare with…"
    box = form.cssselect("input#compare-with[name=b]")[0]
    options = page.cssselect(f"datalist#{box.get('list')} option")
    assert [o.get("value") for o in options] == ["Right Role"]


def test_compare_with_list_stays_short_in_a_large_category(client, db):
    category = make_category()
    role = make_role(category=category, title="Aaa First", duties=0, faqs=0)
    for n in range(COMPARE_SUGGESTIONS + 5):
        make_role(category=category, title=f"Peer {n:02}", duties=0, faqs=0, facts=False)
    options = parse(client.get(role.get_absolute_url())).cssselect("datalist option")
    assert len(options) == COMPARE_SUGGESTIONS
    assert options[0].get("value") == "Peer 00"


@pytest.mark.parametrize(
    "typed",
    ["Right Role", "right role", "  RIGHT   role ", "right-role-slug", "right r", "role right"],
    ids=["title", "any-case", "spaces", "slug", "start-of-title", "search-words"],
)
def test_compare_with_accepts_a_title_a_slug_or_search_words(client, pair, typed):
    left, right = pair
    right.slug = "right-role-slug"
    right.save()
    response = client.get("/compare/", {"a": left.slug, "b": typed})
    assert response.status_code == 302
    assert response["Location"] == f"/compare/{left.slug}/right-role-slug/"


def test_compare_with_a_role_of_another_category(client, pair):
    left, _ = pair
    elsewhere = make_role(title="Lighthouse Keeper")
    response = client.get("/compare/", {"a": left.slug, "b": "lighthouse keeper"})
    assert response["Location"] == f"/compare/{left.slug}/{elsewhere.slug}/"


@pytest.mark.parametrize("typed", ["nothing like it", "", "Left Role", "<script>x</script>"])
def test_compare_with_no_matching_role_explains_and_offers_the_form_again(client, pair, typed):
    left, _ = pair
    make_role(title="Draft Match", status=Role.Status.DRAFT)
    response = client.get("/compare/", {"a": left.slug, "b": typed})
    assert response.status_code == 404
    page = parse(response)
    heading = page.cssselect("h1")[0].text_content()
    assert heading == {
        "": "Which role should we compare?",
        "Left Role": "Pick a role other than Left Role",
    }.get(typed, f"No role matches “{typed}”")
    assert page.cssselect("form.compare-with input[name=a]")[0].get("value") == left.slug
    assert page.cssselect("meta[name=robots]")[0].get("content") == "noindex"
    assert b"<script>x" not in response.content


def test_compare_page_for_the_reference_roles(client, catalogue):
    response = client.get("/compare/ai-solutions-architect/machine-learning-engineer/")
    assert response.status_code == 200
    text = visible_text(response)
    assert "AI Solutions Architect vs Machine Learning Engineer" in text
    assert "Typical education" in text
