"""The only place the app's model receivers are connected: `connect()`, from RolesConfig.ready.

Each receiver is one call into the module that owns the data: roles/redirects.py records old
slugs and removed roles, roles/derived.py refreshes search vectors and page versions. The
admin, fixtures, imports and scripts all pass through here, so no writer has to remember them;
writers that send no signals call `roles.derived.refresh()` themselves.
"""

from __future__ import annotations

from typing import Any

from django.db.backends.signals import connection_created
from django.db.models import Model
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.utils import autoreload

from roles import derived, redirects
from roles.models import ROW_KINDS, Category, OrderedRow, Role
from roles.page_cache.versions import forget_release

# The row as stored before a save, for the receivers that compare before and after (the slug a
# category had, the category a role left). Only this module sets and reads it.
BEFORE = "_stored_before_save"


def _remember_stored_row(sender: type[Model], instance: Model, raw: bool = False, **_: Any) -> None:
    stored = None
    if not raw and instance.pk is not None:
        stored = sender._default_manager.filter(pk=instance.pk).first()
    setattr(instance, BEFORE, stored)


def _role_saved(sender: type[Role], instance: Role, **_: Any) -> None:
    stored = getattr(instance, BEFORE, None)
    redirects.record_role_address_change(instance, stored)
    derived.refresh(
        role_ids=[instance.pk],
        category_ids=[instance.category_id, stored.category_id if stored else None],
    )


def _role_deleting(sender: type[Role], instance: Role, **_: Any) -> None:
    # Before the deletion, while the role's previous slugs (deleted with it) can still be read.
    redirects.record_role_deletion(instance)


def _role_deleted(sender: type[Role], instance: Role, **_: Any) -> None:
    derived.refresh(role_ids=[instance.pk], category_ids=[instance.category_id])


def _row_written(sender: type[OrderedRow], instance: Any, origin: Any = None, **_: Any) -> None:
    if OrderedRow.deleted_with_its_role(origin):
        return  # the role's own deletion reports it once
    # By role id, not instance.role: during a cascading delete the role may already be gone.
    derived.refresh(role_ids=[instance.role_id])


def _category_saved(sender: type[Category], instance: Category, **_: Any) -> None:
    stored = getattr(instance, BEFORE, None)
    redirects.record_category_slug_change(instance, stored)
    derived.refresh(category_slugs=[instance.slug, stored.slug if stored else None])


def _category_deleted(sender: type[Category], instance: Category, **_: Any) -> None:
    derived.refresh(category_slugs=[instance.slug])


def connect() -> None:
    from roles.search.query import use_trigram_threshold

    uid = "roles.signals"
    for model in (Category, Role):
        pre_save.connect(_remember_stored_row, sender=model, dispatch_uid=f"{uid}.{model}.before")
    post_save.connect(_role_saved, sender=Role, dispatch_uid=f"{uid}.role.save")
    pre_delete.connect(_role_deleting, sender=Role, dispatch_uid=f"{uid}.role.deleting")
    post_delete.connect(_role_deleted, sender=Role, dispatch_uid=f"{uid}.role.delete")
    post_save.connect(_category_saved, sender=Category, dispatch_uid=f"{uid}.category.save")
    post_delete.connect(_category_deleted, sender=Category, dispatch_uid=f"{uid}.category.delete")
    for kind in ROW_KINDS:
        name = kind.model._meta.model_name
        post_save.connect(_row_written, sender=kind.model, dispatch_uid=f"{uid}.{name}.save")
        post_delete.connect(_row_written, sender=kind.model, dispatch_uid=f"{uid}.{name}.delete")
    autoreload.file_changed.connect(forget_release, dispatch_uid=f"{uid}.release")
    connection_created.connect(use_trigram_threshold, dispatch_uid=f"{uid}.trigram")
