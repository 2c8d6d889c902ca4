"""Keeping every address a crawler has indexed alive.

When a role or category changes its slug, the old slug is recorded so the old URL answers 301;
when a public role is deleted or unpublished, its addresses are recorded so they answer 410 Gone.
roles/signals.py calls these after every save and deletion, so the admin, fixtures and scripts
all get it without calling anything.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from roles.models import (
    Category,
    PreviousCategorySlug,
    PreviousRoleSlug,
    RemovedRole,
    Role,
    RoleQuerySet,
)


def record_category_slug_change(instance: Category, stored: Category | None) -> None:
    """After a save of `instance`, `stored` being the row before it (None if new)."""
    PreviousCategorySlug.objects.filter(slug=instance.slug).delete()
    if stored and stored.slug != instance.slug:
        PreviousCategorySlug.objects.update_or_create(
            slug=stored.slug, defaults={"category": instance}
        )


def record_role_address_change(instance: Role, stored: Role | None) -> None:
    """After a save of `instance`, `stored` being the row before it (None if new)."""
    # The role now owns its slug: neither a redirect nor a "gone" record may claim it.
    PreviousRoleSlug.objects.filter(slug=instance.slug).delete()
    # Released, not public: a role taken down for a while keeps its address (503, not 410).
    if instance.is_released:
        RemovedRole.objects.filter(slug=instance.slug).delete()
    if stored is None:
        return
    if stored.slug != instance.slug:
        PreviousRoleSlug.objects.update_or_create(slug=stored.slug, defaults={"role": instance})
    if stored.is_released and not instance.is_released:
        record_removal(instance)


_recording_removals = ContextVar("recording_removals", default=True)


@contextmanager
def removals_unrecorded() -> Iterator[None]:
    """Delete roles without leaving "410 Gone" records: for synthetic roles no crawler saw."""
    token = _recording_removals.set(False)
    try:
        yield
    finally:
        _recording_removals.reset(token)


def record_role_deletion(instance: Role) -> None:
    """Before the deletion, while the previous slugs (deleted with the role) can still be read."""
    if instance.is_released and _recording_removals.get():
        record_removal(instance)


def record_removal(role: Role) -> None:
    """Make the role's current and previous addresses answer 410 Gone."""
    slugs = [role.slug, *role.previous_slugs.values_list("slug", flat=True)]
    for slug in slugs:
        RemovedRole.objects.update_or_create(
            slug=slug,
            defaults={
                "title": role.title,
                "category_id": role.category_id,
                "removed_at": timezone.now(),
            },
        )


def moved_role(old_slug: str) -> Role | None:
    """The published role that used to have `old_slug`, for the 301 of every address derived
    from the slug (the page, its downloads, its social card, a comparison)."""
    # Released: the old address of a role taken down for a while leads to its 503 page.
    moved = PreviousRoleSlug.objects.filter(slug=old_slug, role__in=Role.objects.released())
    found = moved.select_related("role__category").first()
    return found.role if found else None


def published_or_moved(
    roles: RoleQuerySet, category_slug: str, role_slug: str, url_name: str
) -> Role | HttpResponse:
    """The published role at this address (from `roles`, with what the view prefetches), or
    the permanent redirect of an old address of a renamed or moved role to the same kind of
    address today (`url_name`: the page's download, job ad...); a 404 otherwise."""
    role = roles.published().filter(slug=role_slug, category__slug=category_slug).first()
    if role is not None:
        return role
    current = moved_role(role_slug) or Role.objects.published().filter(slug=role_slug).first()
    if current is None:
        raise Http404("No such role")
    kwargs = {"category_slug": current.category.slug, "role_slug": current.slug}
    return redirect(reverse(url_name, kwargs=kwargs), permanent=True)
