"""Logged-in editors for admin tests: staff, not superusers, in the "Editors" group."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client


def make_editor(username: str = "editor"):
    user = get_user_model().objects.create_user(username, f"{username}@example.com", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def editor_client(username: str = "editor") -> Client:
    client = Client()
    client.force_login(make_editor(username))
    return client
