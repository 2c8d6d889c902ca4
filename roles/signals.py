"""Model signals shared by the app: the row as it was before a save, and each role's stored
search vector kept current whenever the role or one of its rows changes.

Saving through the admin, a fixture load or a script all pass through here, so no caller has to
remember to refresh. Each refresh is a single UPDATE, and a no-op on SQLite.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from roles.models import FAQ, Category, Duty, Fact, OrderedRow, QualificationGroup, Role
from roles.search import refresh_search_vectors


def remember_stored_row(sender, instance, raw: bool = False, **kwargs) -> None:
    """Keep the row as stored before this save on `instance.stored_before` (None for a new row
    or a fixture load). The post_save and post_delete receivers that compare before and after
    (slug history, the page cache) read it, rather than each querying the row again."""
    instance.stored_before = (
        None
        if raw or instance.pk is None
        else sender._default_manager.filter(pk=instance.pk).first()
    )


for _model in (Category, Role):
    pre_save.connect(
        remember_stored_row, sender=_model, dispatch_uid=f"stored_before_{_model.__name__}"
    )


@receiver(post_save, sender=Role, dispatch_uid="role_search_vector_on_role_save")
def refresh_role_vector(sender, instance: Role, **kwargs) -> None:
    instance.refresh_search_vector()


def refresh_parent_vector(sender, instance, origin=None, **kwargs) -> None:
    if OrderedRow.deleted_with_its_role(origin):
        return  # one UPDATE per row of a role being deleted made bulk deletes crawl
    # By role id, not instance.role: during a cascading delete the role may already be gone.
    refresh_search_vectors([instance.role_id])


for _model in (Fact, Duty, QualificationGroup, FAQ):
    for _signal in (post_save, post_delete):
        _signal.connect(
            refresh_parent_vector,
            sender=_model,
            dispatch_uid=f"role_search_vector_on_{_model.__name__}_{_signal is post_save}",
        )
