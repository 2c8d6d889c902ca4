"""Keep each role's stored search vector current whenever the role or one of its rows changes.

Saving through the admin, a fixture load or a script all pass through here, so no caller has to
remember to refresh. Each refresh is a single UPDATE, and a no-op on SQLite.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from roles.models import FAQ, Duty, Fact, OrderedRow, QualificationGroup, Role
from roles.search import refresh_search_vectors


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
