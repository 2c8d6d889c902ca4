"""Logged-in editors for admin tests: staff, not superusers, in the "Editors" group."""

from __future__ import annotations

import importlib

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client


def editors_group() -> Group:
    """The group the data migration made. Transactional (browser) tests flush every table, the
    migration's rows included, so a later test runs the migration's own code again."""
    if not Group.objects.filter(name="Editors").exists():
        migration = importlib.import_module("roles.migrations.0004_editors_group")
        migration.create_editors_group(apps, schema_editor=None)
        pay = importlib.import_module("roles.migrations.0010_editors_view_pay_data")
        pay.grant(apps, schema_editor=None)
        later = importlib.import_module("roles.migrations.0012_editors_see_url_history")
        later.let_editors_see_url_history(apps, schema_editor=None)
    return Group.objects.get(name="Editors")


def make_editor(username: str = "editor"):
    user = get_user_model().objects.create_user(username, f"{username}@example.com", is_staff=True)
    user.groups.add(editors_group())
    return user


def editor_client(username: str = "editor") -> Client:
    client = Client()
    client.force_login(make_editor(username))
    return client
