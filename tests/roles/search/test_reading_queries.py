"""How a query is read (the same on both databases), what "Did you mean" may propose, and
queries that name pay."""

from __future__ import annotations

import random
import time

import pytest

from roles.models import Role
from roles.search.words import (
    STOP_WORDS,
    did_you_mean,
    fts5_match,
    parse_query,
    snippet_html,
    synonyms,
)
from tests.factories import make_role
from tests.html import parse, visible_text


def page(client, query: str, **params):
    return parse(client.get("/search/", {"q": query, **params}))


def offered(client, query: str) -> list[str]:
    return [a.text for a in page(client, query).cssselect(".did-you-mean a")]


def titles(client, query: str) -> list[str]:
    return [a.text for a in page(client, query).cssselect(".result__title a")]


@pytest.mark.parametrize(
    "query",
    ['"unterminated', 'a" OR "b', "NEAR(a b)", "col:value", "x* AND ^y", "'; --", "-", '""'],
)
def test_reader_input_never_reaches_fts5_syntax_unquoted(query):
    match = fts5_match(parse_query(query)) or ""
    outside_quotes = match.split('"')[::2]
    assert not any(ch in part for part in outside_quotes for ch in ":^'-"), match
    operators = {w for part in outside_quotes for w in part.split() if w.isalpha()}
    assert operators <= {"AND", "OR", "NOT"}, match


def test_a_query_of_stop_words_or_symbols_gets_the_calm_empty_page(client, catalogue):
    for query in ["how to", "the a an", "&&& ***", "-nurse"]:
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200
        assert not parse(response).cssselect(".result, .did-you-mean"), query


def test_phrases_exclusions_and_or_become_one_quoted_fts5_expression():
    assert fts5_match(parse_query('"cloud security" engineer -azure or gcp')) == (
        '((("cloud security")) AND (("engineer") OR ("gcp"))) NOT ("azure")'
    )


def test_security_minus_cloud_leaves_out_cloud_roles(client, catalogue):
    found = titles(client, "security -cloud")
    assert found and "Cloud Security Engineer" not in found


def test_a_phrase_finds_only_the_words_together(client, catalogue):
    assert titles(client, '"cloud security"')[0] == "Cloud Security Engineer"


def test_the_last_word_may_be_unfinished(client, catalogue):
    assert titles(client, "electrici")[0] == "Electrician"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("pen tester", "Penetration Tester"),
        ("how to become a pen tester", "Penetration Tester"),
        ("rn", "Registered Nurse"),
        ("cop", "Police Officer"),
        ("attorney", "Lawyer"),
    ],
)
def test_what_readers_call_a_role_finds_it_without_a_correction(client, catalogue, typed, expected):
    assert expected in titles(client, typed)[:3]
    assert offered(client, typed) == []


def test_every_synonym_names_words_of_the_catalogue(catalogue):
    published = Role.objects.published()
    for typed, means in synonyms().items():
        assert published.search(" ".join(means)).exists(), f"{' '.join(typed)} = {means}"


def test_did_you_mean_never_changes_stop_words_and_keeps_the_syntax():
    known = frozenset({"electrician", "open", "tester", "become", "nurse"})
    assert did_you_mean("how to become a elecrician", known) == "how to become a electrician"
    assert did_you_mean('"elecrician" -nurse', known) == '"electrician" -nurse'
    for word in ["how", "to", "a", "become"]:
        assert word in STOP_WORDS


@pytest.mark.parametrize(
    "typed",
    [
        "pen tester",  # "pen" is short, not a misspelled "open"
        "zzzzqqq",  # nothing close
        "nurse",  # known already
    ],
)
def test_did_you_mean_says_nothing_when_unsure(typed):
    assert did_you_mean(typed, frozenset({"open", "tester", "nurse", "purse"})) is None


def test_did_you_mean_says_nothing_between_two_equally_close_words():
    assert did_you_mean("cart", frozenset({"card", "care"})) is None
    assert did_you_mean("carx", frozenset({"card", "cart", "zzzz"})) is None


def test_a_correction_is_offered_only_when_nothing_matched_and_it_finds_roles(client, catalogue):
    assert offered(client, "elecrician") == ["electrician"]
    assert titles(client, "elecrician")[0] == "Electrician"
    assert offered(client, "electrician") == []


def test_a_correction_that_finds_nothing_is_not_offered(client, db):
    # "glassblower" is a word of the catalogue, but nothing has both it and "zeppelin".
    make_role(title="Glassblower")
    make_role(title="Zeppelin Pilot")
    assert offered(client, "glasblower zeppelin") == []
    text = visible_text(client.get("/search/", {"q": "glasblower zeppelin"}))
    assert "Showing results for" not in text


@pytest.mark.parametrize(
    "query",
    [
        "accountant salary",
        "salary accountant",
        "how much does an accountant make",
        "accountant pay",
    ],
)
def test_a_query_that_names_pay_leads_to_the_role_and_its_pay_section(client, catalogue, query):
    first = page(client, query).cssselect(".result__title a")[0]
    assert first.text == "Accountant"
    assert first.get("href") == Role.objects.get(slug="accountant").get_absolute_url() + "#pay"
    role_page = parse(client.get(first.get("href").split("#")[0]))
    assert role_page.cssselect("#pay")


def test_a_query_that_does_not_name_pay_leads_to_the_top_of_the_page(client, catalogue):
    first = page(client, "accountant").cssselect(".result__title a")[0]
    assert first.get("href") == Role.objects.get(slug="accountant").get_absolute_url()


def test_snippets_never_highlight_a_lone_ellipsis_and_close_a_cut_mark():
    assert "<mark>…</mark>" not in snippet_html("a \ue000…\ue001 b")
    cut = snippet_html(" ".join(["word"] * 10 + ["\ue000last words here\ue001"]), max_words=11)
    assert cut.count("<mark>") == cut.count("</mark>") == 1
    assert cut.endswith("</mark> …")


def test_did_you_mean_counts_two_swapped_letters_as_one_edit():
    known = frozenset({"electrician", "nurse", "security"})
    assert did_you_mean("elcetrician", known) == "electrician"
    assert did_you_mean("nusre", known) == "nurse"
    # Two edits are the most a long word may be off by, a swap being one of them.
    assert did_you_mean("scuerity", known) == "security"
    assert did_you_mean("scuertiy", known) is None


def test_did_you_mean_over_a_large_catalogue_vocabulary_is_quick():
    """A misspelled search reads the vocabulary of every published title and summary (12,000
    words at 10,000 roles); a correction must cost a reader about a millisecond, not the
    20-60 ms that comparing the words one by one in Python took."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    rng = random.Random(17)
    known = frozenset(
        "".join(rng.choice(letters) for _ in range(rng.randint(4, 12))) for _ in range(20_000)
    ) | {"architect", "engineer", "security", "analyst"}
    typed = ["archtect", "enginer", "securty", "analist", "qwzxvbnm"] * 4
    started = time.perf_counter()
    offered = [did_you_mean(word, known) for word in typed]
    elapsed = time.perf_counter() - started
    assert offered[:5] == ["architect", "engineer", "security", "analyst", None]
    assert elapsed < 0.25, f"{len(typed)} corrections took {elapsed:.3f} s"
