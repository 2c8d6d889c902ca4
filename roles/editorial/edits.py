"""One edit of one role, the same steps whoever makes it: the admin's form, a Markdown import,
a restore from history.

The rules: the lock counter (`Role.version`) moves forward once per edit from what is stored, so
a form opened before the edit is refused; "last updated" moves only when what a reader sees
changed (or to a date the writer gives on purpose); and the derived data (search vectors, page
versions, slug history) is refreshed once when the edit is done, however many rows it wrote.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from roles import derived
from roles.content import RoleContent
from roles.models import Role


class RoleEdit:
    """Taken before anything is written (`begin`), finished once the role and its rows are
    saved (`finish`)."""

    def __init__(self, stored: Role | None, content: RoleContent | None = None) -> None:
        """`stored` as read (locked) before the edit; `content` its RoleContent where the
        writer has it already (four queries saved)."""
        if stored is not None and content is None:
            content = RoleContent.of(stored)
        self.stored_version = stored.version if stored else 0
        self.fingerprint_before = content.fingerprint() if content else None
        self.updated_at_before = stored.content_updated_at if stored else None

    @classmethod
    def begin(cls, role_pk: int | None) -> RoleEdit:
        """Read the stored role, locked for the rest of the transaction where there is one."""
        stored = None
        if role_pk is not None:
            stored = Role.objects.select_for_update().filter(pk=role_pk).first()
        return cls(stored)

    @property
    def counter(self) -> int:
        """The lock counter the edited role is saved with."""
        return self.stored_version + 1

    def finish(self, role: Role, updated_at: datetime | None = None) -> bool:
        """Settle the counter and "last updated" of the saved `role`; returns whether what a
        reader sees changed. `updated_at` is a date the writer set on purpose."""
        changed = (
            self.fingerprint_before is None or self.fingerprint_before != role.compute_fingerprint()
        )
        fields: dict[str, object] = {"version": self.counter}
        if updated_at is not None:
            fields["content_updated_at"] = updated_at
        elif self.updated_at_before is not None:
            # Kept as stored unless the content changed (a restore may have put back another).
            fields["content_updated_at"] = timezone.now() if changed else self.updated_at_before
        stale = {name for name, value in fields.items() if getattr(role, name) != value}
        for name, value in fields.items():
            setattr(role, name, value)
        if stale:
            # save(), not update(): the signals refresh what shows the date and the counter.
            role.save(update_fields=sorted(stale))
        return changed


@contextmanager
def editing(role_pk: int | None) -> Iterator[RoleEdit]:
    """A whole edit in one transaction with one refresh of derived data at its end."""
    with transaction.atomic(), derived.one_refresh():
        yield RoleEdit.begin(role_pk)


def record_review(role_pk: int, reviewer: str, user=None) -> Role:
    """An editor has checked the whole page against its sources today: the page names them and
    the day. One edit with a revision in the role's history; "last updated" stays put, since
    no text changed."""
    import reversion

    with editing(role_pk) as edit, reversion.create_revision():
        role = Role.objects.get(pk=role_pk)
        role.reviewed_by, role.reviewed_on = reviewer, timezone.localdate()
        role.version = edit.counter
        role.save(update_fields=["reviewed_by", "reviewed_on", "version", "modified_at"])
        edit.finish(role)
        reversion.set_comment(f"Reviewed by {reviewer}.")
        if user is not None:
            reversion.set_user(user)
        reversion.add_to_revision(role)
    return role
