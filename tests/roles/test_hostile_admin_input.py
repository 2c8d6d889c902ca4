"""Hostile text typed into the admin by an editor is saved exactly as the field stores text
(tidied: roles.models.tidied) or, in a Markdown field, refused with the reason when readers
would see it as literal markup; it never gives a 500, and the admin shows it back as text."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from roles.models import Category, Role, tidied
from tests.factories import make_role
from tests.html import form_fields, parse
from tests.naughty import CLASSIC_VECTORS, blns, live_markup_problems

ROLE_FIELDS = ["title", "summary", "meta_description", "overview", "career_outlook", "cover_letter"]
ROW_FIELDS = {
    "facts-0-label": ("facts", "label"),
    "facts-0-value": ("facts", "value"),
    "duties-0-text": ("duties", "text"),
    "qualification_groups-0-heading": ("qualification_groups", "heading"),
    "qualification_groups-0-items": ("qualification_groups", "items"),
    "faqs-0-question": ("faqs", "question"),
    "faqs-0-answer": ("faqs", "answer"),
}


def admin_payloads() -> list[str]:
    """The classic vectors and a spread of the naughty strings (every 20th), as an editor could
    type them: forms strip surrounding whitespace and require non-blank text."""
    return [text for text in CLASSIC_VECTORS + blns()[::20] if text.strip()]


@pytest.fixture
def admin_client(client, db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw-for-tests")
    client.force_login(user)
    return client


def new_markup(response, baseline: list[str]) -> list[str]:
    """Live markup on an admin page beyond what the same page has with harmless content (the
    admin's own icons, scripts and styles): what the editor typed must not add any."""
    found = live_markup_problems(response.content.decode())
    return [] if sorted(found) == sorted(baseline) else found


def cut(model, field: str, text: str) -> str:
    limit = model._meta.get_field(field).max_length
    return text[:limit].strip() if limit else text.strip()


def as_stored(model, field: str, text: str) -> str:
    return tidied(model._meta.get_field(field), text)


def refused_for_markup(response) -> bool:
    """Refused only because readers would see the text as markup, which the admin says."""
    errors = [e.text_content() for e in parse(response).cssselect(".errorlist li")]
    return bool(errors) and all("would show as text" in error for error in errors)


def test_hostile_text_in_every_role_field_is_saved_as_typed(admin_client):
    role = make_role(duties=1, faqs=1, facts=False)
    role.facts.create(label="Typical education", value="A degree")
    url = f"/admin/roles/role/{role.pk}/change/"
    baseline = live_markup_problems(admin_client.get(url).content.decode())
    failures = {}
    for text in admin_payloads():
        data = form_fields(admin_client.get(url), "role_form")
        for field in ROLE_FIELDS:
            data[field] = cut(Role, field, text)
        for name, (relation, field) in ROW_FIELDS.items():
            model = getattr(role, relation).model
            data[name] = cut(model, field, text)
        before = Role.objects.get(pk=role.pk).version
        response = admin_client.post(url, data)
        if response.status_code == 200 and refused_for_markup(response):
            assert Role.objects.get(pk=role.pk).version == before  # nothing saved
            continue
        if response.status_code != 302:
            errors = [e.text_content() for e in parse(response).cssselect(".errorlist li")]
            failures[text] = f"answered {response.status_code} {errors}"
            continue
        role.refresh_from_db()
        stored = {field: getattr(role, field) for field in ROLE_FIELDS}
        expected = {field: as_stored(Role, field, data[field]) for field in ROLE_FIELDS}
        for name, (relation, field) in ROW_FIELDS.items():
            row = getattr(role, relation).get()
            stored[name] = getattr(row, field)
            expected[name] = as_stored(type(row), field, data[name])
        # A duty's lines are trimmed too (Duty.tidy).
        duty_lines = expected["duties-0-text"].split("\n")
        expected["duties-0-text"] = "\n".join(line.strip() for line in duty_lines).strip()
        lost = [name for name, value in stored.items() if value != expected[name]]
        problems = new_markup(admin_client.get(url), baseline)
        if lost or problems:
            failures[text] = lost + problems
    assert not failures, f"{len(failures)} strings misbehave, e.g. {list(failures.items())[:3]}"


def test_hostile_text_in_every_category_field_is_saved_as_typed(admin_client, category):
    url = f"/admin/roles/category/{category.pk}/change/"
    baseline = live_markup_problems(admin_client.get("/admin/roles/category/").content.decode())
    failures = {}
    for n, text in enumerate(admin_payloads()):
        data = form_fields(admin_client.get(url), "category_form")
        data["name"] = cut(Category, "name", f"{n} {text}")
        data["description"] = text.strip()
        data["meta_description"] = cut(Category, "meta_description", text)
        response = admin_client.post(url, data)
        if response.status_code == 200 and refused_for_markup(response):
            continue
        category.refresh_from_db()
        saved = (category.name, category.description, category.meta_description)
        if response.status_code != 302 or saved != (
            as_stored(Category, "name", data["name"]),
            as_stored(Category, "description", data["description"]),
            as_stored(Category, "meta_description", data["meta_description"]),
        ):
            failures[text] = response.status_code
        elif problems := new_markup(admin_client.get("/admin/roles/category/"), baseline):
            failures[text] = problems
    assert not failures, f"{len(failures)} strings misbehave, e.g. {list(failures.items())[:3]}"
