from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from roles.editorial.edits import RoleEdit
from roles.models import Category, Duty, Role
from tests.factories import make_category, make_role


def test_published_excludes_drafts_and_scheduled_roles(category):
    live = make_role(category=category)
    make_role(category=category, status=Role.Status.DRAFT, published_at=None)
    make_role(category=category, published_at=timezone.now() + timedelta(hours=1))
    assert list(Role.objects.published()) == [live]


def test_scheduled_role_becomes_public_when_its_time_comes(category):
    soon = timezone.now() + timedelta(minutes=5)
    role = make_role(category=category, published_at=soon)
    assert not role.is_public
    Role.objects.filter(pk=role.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    assert list(Role.objects.published()) == [role]


def test_publishing_without_a_date_publishes_now(category):
    role = make_role(category=category, published_at=None)
    assert role.published_at is not None
    assert role.is_public


def test_role_titles_and_slugs_must_be_present_and_unique(category):
    make_role(category=category, slug="analyst")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_role(category=category, slug="analyst")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_role(category=category, title="")


def test_category_names_must_be_present(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Category.objects.create(name="", slug="empty")


def test_str_and_urls_use_titles_and_slugs(role):
    assert str(role) == role.title
    assert str(role.category) == role.category.name
    assert role.get_absolute_url() == f"/jobs/{role.category.slug}/{role.slug}/"
    assert role.category.get_absolute_url() == f"/jobs/{role.category.slug}/"


def test_last_updated_moves_only_when_content_changes(role):
    original = role.content_updated_at
    assert RoleEdit.begin(role.pk).finish(role) is False
    role.refresh_from_db()
    assert role.content_updated_at == original

    edit = RoleEdit.begin(role.pk)
    Duty.objects.create(role=role, text="A new duty", position=99)
    assert edit.finish(role) is True
    role.refresh_from_db()
    assert role.content_updated_at > original


def test_line_endings_and_blank_ends_are_not_changes(role):
    edit = RoleEdit.begin(role.pk)
    role.overview = role.overview.replace("\n", "\r\n") + "\r\n\r\n"
    role.save()
    assert edit.finish(role) is False
    assert "\r" not in Role.objects.get(pk=role.pk).overview


def test_listed_categories_count_only_public_roles(db):
    busy, empty = make_category(), make_category()
    make_role(category=busy)
    make_role(category=busy)
    make_role(category=busy, status=Role.Status.DRAFT)
    make_role(category=empty, status=Role.Status.DRAFT)
    counts = {c.slug: c.published_role_count for c in Category.objects.listed()}
    assert counts == {busy.slug: 2}


def test_typical_education_and_experience_come_from_facts(role):
    assert role.typical_education == "A degree"
    assert role.typical_experience == "2-4 years"
