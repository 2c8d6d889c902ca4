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


def test_second_of_two_concurrent_saves_is_refused_and_keeps_its_text(alice, bob, role):
    url = f"/admin/roles/role/{role.pk}/change/"
    alice_form = form_fields(alice.get(url), "role_form")
    bob_form = form_fields(bob.get(url), "role_form")

    alice_form["summary"] = "Alice's new summary of the role."
    alice_form["duties-0-text"] = "Alice's rewritten first duty"
    assert alice.post(url, alice_form).status_code == 302

    bob_form["overview"] = "Bob spent an hour on this overview."
    response = bob.post(url, bob_form)
    assert response.status_code == 200
    text = visible_text(response)
    assert "Someone else saved this role after you opened it" in text
    conflict = parse(response).cssselect("#edit-conflict")[0]
    conflict_text = " ".join(conflict.text_content().split())
    assert "Summary" in conflict_text and "Alice's new summary of the role." in conflict_text
    assert "Alice's rewritten first duty" in conflict_text
    assert role.summary in conflict_text  # the "before" side

    # Bob's text is still in the form, and the database still has Alice's save only.
    refused = form_fields(response, "role_form")
    assert refused["overview"] == "Bob spent an hour on this overview."
    stored = Role.objects.get(pk=role.pk)
    assert stored.summary == "Alice's new summary of the role."
    assert stored.overview == role.overview

    # Saving again after reviewing is a deliberate overwrite, and it goes through.
    assert bob.post(url, refused).status_code == 302
    stored.refresh_from_db()
    assert stored.overview == "Bob spent an hour on this overview."
    assert stored.version == role.version + 2


def test_saves_one_after_another_are_not_conflicts(alice, bob, role):
    url = f"/admin/roles/role/{role.pk}/change/"
    first = form_fields(alice.get(url), "role_form")
    first["summary"] = "First summary from Alice."
    assert alice.post(url, first).status_code == 302
    second = form_fields(bob.get(url), "role_form")
    second["summary"] = "Then Bob's summary."
    assert bob.post(url, second).status_code == 302
    assert Role.objects.get(pk=role.pk).summary == "Then Bob's summary."
