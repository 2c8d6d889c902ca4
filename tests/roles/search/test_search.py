from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from roles.models import Duty, Role
from roles.search.query import TRIGRAM_THRESHOLD
from roles.search.words import MAX_QUERY_LENGTH, snippet_html
from tests.factories import make_category, make_role
from tests.html import parse, visible_text


def result_titles(response) -> list[str]:
    return [a.text for a in parse(response).cssselect(".result__title a")]


def test_search_finds_roles_by_title_and_ranks_title_matches_first(client, category):
    make_role(category=category, title="Quantum Plumber", summary="Fixes pipes.")
    make_role(category=category, title="Gardener", summary="Works near a quantum plumber daily.")
    make_role(category=category, title="Baker", summary="Bakes bread.")
    response = client.get("/search/", {"q": "quantum plumber"})
    assert response.status_code == 200
    assert result_titles(response) == ["Quantum Plumber", "Gardener"]
    assert "2 roles found" in visible_text(response)


def test_search_looks_in_duties_facts_qualifications_and_faqs(client, category):
    role = make_role(category=category, title="Harbour Pilot")
    Duty.objects.create(role=role, text="Steers zeppelins into the dock")
    # Saved one by one, as the admin does, so the search vector follows each change.
    for row, field, value in [
        (role.facts.first(), "value", "Master mariner licence"),
        (role.qualification_groups.first(), "items", "Knows semaphore"),
        (role.faqs.first(), "question", "Do pilots need sextants?"),
    ]:
        setattr(row, field, value)
        row.save()
    for word in ["zeppelins", "mariner", "semaphore", "sextants"]:
        assert result_titles(client.get("/search/", {"q": word})) == ["Harbour Pilot"], word


def test_search_shows_only_published_roles(client, category):
    make_role(category=category, title="Visible Ferryman")
    make_role(category=category, title="Hidden Ferryman", status=Role.Status.DRAFT)
    assert result_titles(client.get("/search/", {"q": "ferryman"})) == ["Visible Ferryman"]


def test_search_filters_by_category(client, db):
    sea, land = make_category(name="Sea"), make_category(name="Land")
    make_role(category=sea, title="Sea Surveyor")
    make_role(category=land, title="Land Surveyor")
    response = client.get("/search/", {"q": "surveyor", "category": land.slug})
    assert result_titles(response) == ["Land Surveyor"]
    assert "1 role found in Land" in visible_text(response)
    selected = parse(response).cssselect("#search-category option[selected]")
    assert [o.get("value") for o in selected] == [land.slug]


def test_search_paginates_and_keeps_the_query_in_page_links(client, category):
    for n in range(23):
        make_role(category=category, title=f"Lighthouse Keeper {n:02d}", duties=0, faqs=0)
    first = client.get("/search/", {"q": "lighthouse"})
    assert len(result_titles(first)) == 20
    assert "23 roles found" in visible_text(first)
    next_link = parse(first).cssselect(".pagination a[rel=next]")[0].get("href")
    assert next_link == "?q=lighthouse&page=2"
    second = client.get("/search/" + next_link)
    assert len(result_titles(second)) == 3


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "x" * 2000,
        "'; DROP TABLE roles_role; --",
        '" OR 1=1 --',
        "<script>alert(1)</script>",
        "%_\\",
        "東京 エンジニア",
        "инженер данных",
        # A NUL in a query string is a 400 before search sees it: tests/test_hostile_urls.py.
        "&|!:*()<->",
        '"unterminated',
        "-",
    ],
)
def test_awkward_queries_get_a_calm_page(client, role, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    text = visible_text(response)
    assert "Traceback" not in text
    assert "<script>alert" not in response.content.decode()
    assert "Search roles" in text


@pytest.mark.parametrize("page", ["abc", "0", "-1", "2", "1.5", "9" * 30])
def test_a_search_page_that_does_not_exist_is_a_404(client, role, page):
    assert client.get("/search/", {"q": role.title, "page": page}).status_code == 404


def test_empty_query_explains_what_to_type(client, role):
    text = visible_text(client.get("/search/"))
    assert "Start with a word" in text
    assert "exact phrase" in text


def test_long_query_is_shortened_with_a_message(client, category):
    make_role(category=category, title="Mountain Guide")
    response = client.get("/search/", {"q": "mountain " + "y" * 1990})
    assert f"used its first {MAX_QUERY_LENGTH} characters" in visible_text(response)


def test_query_that_matches_nothing_says_so_and_offers_the_index(client, role):
    response = client.get("/search/", {"q": "zzzzqqq"})
    text = visible_text(response)
    assert "No roles found" in text
    assert "Nothing matched “zzzzqqq”" in text
    assert parse(response).cssselect(".search-results a[href='/roles/a-z/']")


@pytest.mark.parametrize(
    ("typed", "correction", "expected"),
    [
        # The catalogue's own Architect outranks the AI Solutions Architect.
        ("archtect", "architect", "Architect"),
        ("machin lerning", "machine learning", "Machine Learning Engineer"),
    ],
)
def test_misspelled_query_suggests_a_correction_and_still_finds_the_role(
    client, catalogue, typed, correction, expected
):
    response = client.get("/search/", {"q": typed})
    did_you_mean = parse(response).cssselect(".did-you-mean a")
    assert [a.text for a in did_you_mean] == [correction]
    assert result_titles(response)[0] == expected


def test_the_next_page_of_a_misspelled_search_goes_on_with_the_corrected_results(client, category):
    for n in range(23):
        make_role(category=category, title=f"Lighthouse Keeper {n:02d}", duties=0, faqs=0)
    first = client.get("/search/", {"q": "lighthuose"})
    assert [a.text for a in parse(first).cssselect(".did-you-mean a")] == ["lighthouse"]
    assert len(result_titles(first)) == 20
    assert "23 roles found" in visible_text(first)
    next_link = parse(first).cssselect(".pagination a[rel=next]")[0].get("href")
    second = client.get("/search/" + next_link)
    assert second.status_code == 200
    assert result_titles(second) == [f"Lighthouse Keeper {n}" for n in (20, 21, 22)]
    assert "Showing results for lighthouse" in visible_text(second)


@pytest.mark.postgres
def test_titles_spelled_alike_are_offered_when_no_correction_is_sure(client, category):
    # "carx" is one letter from "card" and from "cart": no sure correction.
    make_role(category=category, title="Card Dealer", summary="Deals cards.")
    make_role(category=category, title="Cart Driver", summary="Drives carts.")
    response = client.get("/search/", {"q": "carx"})
    assert set(result_titles(response)) == {"Card Dealer", "Cart Driver"}
    assert not parse(response).cssselect(".did-you-mean")
    assert "these titles are spelled nearly the same" in visible_text(response)


def did_you_mean(client, typed: str) -> list[str]:
    return [
        a.text for a in parse(client.get("/search/", {"q": typed})).cssselect(".did-you-mean a")
    ]


def test_did_you_mean_knows_a_new_role_at_once(client, catalogue):
    assert did_you_mean(client, "glasblower") == []
    make_role(title="Glassblower")
    assert did_you_mean(client, "glasblower") == ["glassblower"]


def test_did_you_mean_forgets_a_retitled_role_at_once(client, catalogue):
    role = make_role(title="Glassblower")
    assert did_you_mean(client, "glasblower") == ["glassblower"]
    role.title = "Potter"
    role.save()
    assert did_you_mean(client, "glasblower") == []


def test_did_you_mean_knows_a_scheduled_role_once_it_goes_live(client, catalogue, clock):
    make_role(title="Glassblower", published_at=timezone.now() + timedelta(hours=1))
    assert did_you_mean(client, "glasblower") == []
    clock(timedelta(hours=1, seconds=1))
    assert did_you_mean(client, "glasblower") == ["glassblower"]


@pytest.mark.postgres
def test_connections_use_our_trigram_threshold_for_the_indexed_operator(db):
    with connection.cursor() as cursor:
        cursor.execute("SHOW pg_trgm.word_similarity_threshold")
        assert float(cursor.fetchone()[0]) == TRIGRAM_THRESHOLD


def test_correctly_spelled_query_has_no_did_you_mean(client, catalogue):
    response = client.get("/search/", {"q": "architect"})
    assert not parse(response).cssselect(".did-you-mean")
    assert result_titles(response)[:2] == ["Architect", "AI Solutions Architect"]


def test_snippets_escape_role_text_and_keep_only_marks():
    raw = "<img src=x onerror=alert(1)> \ue000cloud\ue001 <mark>x</mark>"
    html = snippet_html(raw)
    assert "<img" not in html
    assert "&lt;img" in html
    assert html.count("<mark>") == 1
    assert "<mark>cloud</mark>" in html


def test_role_text_with_markup_never_becomes_markup_in_results(client, category):
    make_role(
        category=category,
        title="Markup Tester",
        summary="Writes <b>bold</b> claims and <img src=x onerror=alert(1)> tags.",
    )
    snippet = parse(client.get("/search/", {"q": "markup"})).cssselect(".result__snippet")[0]
    assert not snippet.cssselect("b, img")
    assert "bold" in snippet.text_content()


def test_every_page_has_the_search_box_in_its_header(client, role):
    for url in ["/", "/jobs/", role.get_absolute_url(), "/no-such-page/"]:
        form = parse(client.get(url)).cssselect("header form[role=search]")
        assert form, url
        assert form[0].get("action") == "/search/"
        assert form[0].get("data-search-suggest") == "/search/suggest/"
        label = form[0].cssselect("label[for=site-search-q]")
        assert label and label[0].text_content().strip() == "Search roles"


def test_suggest_endpoint_returns_matching_titles_as_json(client, category):
    make_role(category=category, title="Orchard Keeper")
    make_role(category=category, title="Beekeeper")
    make_role(category=category, title="Orchestra Tuner", status=Role.Status.DRAFT)
    response = client.get("/search/suggest/", {"q": "orch"})
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert [s["title"] for s in data["suggestions"]] == ["Orchard Keeper"]
    assert data["suggestions"][0]["category"] == category.name
    assert (
        data["suggestions"][0]["url"] == Role.objects.get(title="Orchard Keeper").get_absolute_url()
    )
    starts_first = json.loads(client.get("/search/suggest/", {"q": "keep"}).content)
    assert [s["title"] for s in starts_first["suggestions"]] == ["Beekeeper", "Orchard Keeper"]


@pytest.mark.parametrize("query", ["", "a", "x" * 5000, "'; --", "%"])  # NUL: a 400
def test_suggest_endpoint_answers_calmly(client, role, query):
    response = client.get("/search/suggest/", {"q": query})
    assert response.status_code == 200
    assert isinstance(json.loads(response.content)["suggestions"], list)


def test_migrations_create_the_vector_column_and_its_index_on_either_database(db):
    # On SQLite the column stays empty and the index is an ordinary one (no USING gin there);
    # SQLite searches its FTS5 table instead, which exists on SQLite only.
    with connection.cursor() as cursor:
        columns = [
            c.name for c in connection.introspection.get_table_description(cursor, "roles_role")
        ]
        constraints = connection.introspection.get_constraints(cursor, "roles_role")
        tables = connection.introspection.table_names(cursor)
    assert "search_vector" in columns
    assert constraints["role_search_vector"]["columns"] == ["search_vector"]
    assert constraints["role_search_vector"]["index"]
    assert ("roles_role_fts" in tables) == (connection.vendor == "sqlite")


# On both databases: the index follows edits, ranking by field, syntax and snippets.


def test_search_follows_edits_to_the_role_and_its_rows(db, category):
    role = make_role(category=category, title="Canal Engineer")
    assert not Role.objects.published().search("sluicegates").exists()
    duty = Duty.objects.create(role=role, text="Maintains sluicegates")
    assert list(Role.objects.published().search("sluicegates")) == [role]
    duty.delete()
    assert not Role.objects.published().search("sluicegates").exists()
    role.summary = "Looks after towpaths."
    role.save()
    assert list(Role.objects.published().search("towpaths")) == [role]
    role.delete()
    assert not Role.objects.published().search("towpaths").exists()


@pytest.mark.postgres
def test_search_vector_is_stored_and_gin_indexed(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'role_search_vector'")
        (definition,) = cursor.fetchone()
        cursor.execute("SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone() == ("pg_trgm",)
    assert "USING gin (search_vector)" in definition


@pytest.mark.postgres
def test_title_word_lookups_of_related_roles_can_use_the_trigram_index(db):
    # With sequential scans priced out, the plan names the index only if its expression is
    # the one `title__icontains` compares (UPPER(title) with gin_trgm_ops).
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = Role.objects.filter(title__icontains="architect").explain()
    assert "role_title_words" in plan


def test_title_weighs_more_than_summary_and_summary_more_than_faqs(db, category):
    in_faq = make_role(category=category, title="Alpha")
    faq = in_faq.faqs.first()
    faq.answer = "A tidewater question."
    faq.save()
    in_summary = make_role(category=category, title="Beta", summary="Tidewater work.")
    in_title = make_role(category=category, title="Tidewater Pilot")
    assert list(Role.objects.published().search("tidewater")) == [in_title, in_summary, in_faq]


def test_websearch_syntax_supports_phrases_and_exclusions(db, category):
    both = make_role(category=category, title="River Pilot", summary="Guides ships upriver.")
    make_role(category=category, title="Sky Pilot", summary="Flies gliders.")
    assert list(Role.objects.published().search('"river pilot"')) == [both]
    assert [r.title for r in Role.objects.published().search("pilot -river")] == ["Sky Pilot"]
    assert [r.title for r in Role.objects.published().search('pilot -"river pilot"')] == [
        "Sky Pilot"
    ]
    assert {r.title for r in Role.objects.published().search("gliders or upriver")} == {
        "River Pilot",
        "Sky Pilot",
    }
    # Only PostgreSQL's spelling-tolerant close titles, if anything: the words are not together.
    assert all(r.is_close_match for r in Role.objects.published().search('"pilot river"'))


def test_results_show_highlighted_snippets(client, category):
    make_role(category=category, title="Dock Worker", summary="Unloads containers at night.")
    body = client.get("/search/", {"q": "containers"}).content.decode()
    assert "<mark>containers</mark>" in body


def test_snippet_keeps_the_duties_apart(client, category):
    role = make_role(category=category, title="Lock Keeper", summary="Keeps canals open.", duties=0)
    Duty.objects.create(role=role, position=1, text="Inspect the lock gates")
    Duty.objects.create(role=role, position=2, text="Clear weeds from sluices")
    page = parse(client.get("/search/", {"q": "sluices"}))
    snippet = page.cssselect(".result__snippet")[0].text_content()
    assert "Inspect the lock gates. Clear weeds from sluices" in snippet


@pytest.mark.postgres
def test_misspelled_titles_are_found_by_trigram_similarity(db, catalogue):
    close = list(Role.objects.published().search("archtect"))
    # Both titles hold the word "Architect", as alike as each other.
    assert {role.title for role in close[:2]} == {"Architect", "AI Solutions Architect"}
    assert close[0].is_close_match
    assert Role.objects.published().search("machin lerning")[0].title == (
        "Machine Learning Engineer"
    )
