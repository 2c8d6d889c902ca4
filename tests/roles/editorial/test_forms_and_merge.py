"""Two editors on one role (roles/editorial/forms.py and merge.py): what only one of them
changed is kept from each, and only what both changed is put to the second for a decision."""

from __future__ import annotations

import pytest

from roles.models import Role
from tests.html import form_fields, parse, visible_text
from tests.roles.editors import editor_client


@pytest.fixture
def alice(db):
    return editor_client("alice")


@pytest.fixture
def bob(db):
    return editor_client("bob")


def _open(client, role):
    url = f"/admin/roles/role/{role.pk}/change/"
    return url, form_fields(client.get(url), "role_form")


def test_edits_to_different_fields_and_rows_are_merged_without_asking(alice, bob, role):
    url, alice_form = _open(alice, role)
    _, bob_form = _open(bob, role)

    alice_form["summary"] = "Alice's new summary of the role."
    alice_form["duties-0-text"] = "Alice's rewritten first duty"
    assert alice.post(url, alice_form).status_code == 302

    bob_form["overview"] = "Bob spent an hour on this overview."
    bob_form["duties-1-text"] = "Bob's rewritten second duty"
    assert bob.post(url, bob_form).status_code == 302

    stored = Role.objects.get(pk=role.pk)
    assert stored.summary == "Alice's new summary of the role."
    assert stored.overview == "Bob spent an hour on this overview."
    duties = [d.text for d in stored.duties.all()]
    assert duties[:2] == ["Alice's rewritten first duty", "Bob's rewritten second duty"]
    assert stored.version == role.version + 2


def test_a_row_the_other_editor_deleted_stays_deleted(alice, bob, role):
    url, alice_form = _open(alice, role)
    _, bob_form = _open(bob, role)
    alice_form["duties-2-DELETE"] = "on"
    assert alice.post(url, alice_form).status_code == 302
    bob_form["summary"] = "Bob's summary."
    assert bob.post(url, bob_form).status_code == 302
    stored = Role.objects.get(pk=role.pk)
    assert stored.duties.count() == 2 and stored.summary == "Bob's summary."


def test_a_field_both_changed_is_shown_alone_word_by_word_and_the_rest_is_kept(alice, bob, role):
    role.overview = "The work starts early. Pilots board ships at dawn and stay until docked."
    role.save()
    url, alice_form = _open(alice, role)
    _, bob_form = _open(bob, role)

    alice_form["overview"] = role.overview.replace("at dawn", "before dawn")
    alice_form["summary"] = "Alice's summary."
    assert alice.post(url, alice_form).status_code == 302

    bob_form["overview"] = role.overview.replace("until docked", "until the ship is docked")
    bob_form["cover_letter"] = "Bob's letter."
    response = bob.post(url, bob_form)
    assert response.status_code == 200
    assert "Someone else saved this after you opened it" in visible_text(response)
    conflict = parse(response).cssselect("#edit-conflict")[0]
    rows = conflict.cssselect("tbody tr")
    assert [row.cssselect("th")[0].text_content() for row in rows] == ["Overview"]
    # Their text against Bob's, word by word: only what differs is marked.
    assert [d.text_content().strip() for d in conflict.cssselect("del")] == ["before"]
    assert [i.text_content().strip() for i in conflict.cssselect("ins")] == ["at", "the ship is"]

    # The form shown again holds Alice's summary (only she changed it) and Bob's own work.
    again = form_fields(response, "role_form")
    assert again["summary"] == "Alice's summary."
    assert again["cover_letter"] == "Bob's letter."
    assert Role.objects.get(pk=role.pk).cover_letter == role.cover_letter  # not saved yet

    assert bob.post(url, again).status_code == 302
    stored = Role.objects.get(pk=role.pk)
    assert stored.summary == "Alice's summary."
    assert stored.overview == bob_form["overview"]
    assert stored.cover_letter == "Bob's letter."


def test_a_row_both_changed_is_refused_with_both_edits_safe(alice, bob, role):
    url, alice_form = _open(alice, role)
    _, bob_form = _open(bob, role)
    alice_form["duties-0-text"] = "Alice's duty"
    assert alice.post(url, alice_form).status_code == 302
    bob_form["duties-0-text"] = "Bob's duty"
    response = bob.post(url, bob_form)
    assert response.status_code == 200
    assert "Someone else changed these rows too" in visible_text(response)
    assert Role.objects.get(pk=role.pk).duties.first().text == "Alice's duty"
    again = form_fields(response, "role_form")
    assert again["duties-0-text"] == "Bob's duty"
    assert bob.post(url, again).status_code == 302
    assert Role.objects.get(pk=role.pk).duties.first().text == "Bob's duty"


def test_saves_one_after_another_are_not_conflicts(alice, bob, role):
    url = f"/admin/roles/role/{role.pk}/change/"
    first = form_fields(alice.get(url), "role_form")
    first["summary"] = "First summary from Alice."
    assert alice.post(url, first).status_code == 302
    second = form_fields(bob.get(url), "role_form")
    second["summary"] = "Then Bob's summary."
    assert bob.post(url, second).status_code == 302
    assert Role.objects.get(pk=role.pk).summary == "Then Bob's summary."


def test_category_edits_by_two_editors_merge_and_clashes_are_shown(alice, bob, category):
    url = f"/admin/roles/category/{category.pk}/change/"
    alice_form = form_fields(alice.get(url), "category_form")
    bob_form = form_fields(bob.get(url), "category_form")
    alice_form["description"] = "Alice's description of the category."
    assert alice.post(url, alice_form).status_code == 302
    bob_form["meta_description"] = "Bob's meta description, written for search results pages."
    assert bob.post(url, bob_form).status_code == 302
    category.refresh_from_db()
    assert category.description == "Alice's description of the category."
    assert category.meta_description.startswith("Bob's meta description")

    # Both change the same field: the second is shown the clash and nothing is lost.
    alice_form = form_fields(alice.get(url), "category_form")
    bob_form = form_fields(bob.get(url), "category_form")
    alice_form["name"] = "Alice's name"
    assert alice.post(url, alice_form).status_code == 302
    bob_form["name"] = "Bob's name"
    response = bob.post(url, bob_form)
    assert response.status_code == 200
    conflict = parse(response).cssselect("#edit-conflict")[0]
    assert "Alice's name" in conflict.text_content() and "Bob's name" in conflict.text_content()
    category.refresh_from_db()
    assert category.name == "Alice's name"
    assert bob.post(url, form_fields(response, "category_form")).status_code == 302
    category.refresh_from_db()
    assert category.name == "Bob's name"


def test_a_fact_only_the_other_editor_changed_keeps_their_text(alice, bob, role):
    """Facts have empty optional fields (no source, no as-of date): an untouched fact in the
    second editor's form is still recognised as untouched."""
    url, alice_form = _open(alice, role)
    _, bob_form = _open(bob, role)
    alice_form["facts-0-value"] = "A degree, or equal experience"
    assert alice.post(url, alice_form).status_code == 302
    bob_form["summary"] = "Bob's summary."
    assert bob.post(url, bob_form).status_code == 302
    stored = Role.objects.get(pk=role.pk)
    assert stored.facts.first().value == "A degree, or equal experience"
    assert stored.summary == "Bob's summary."
