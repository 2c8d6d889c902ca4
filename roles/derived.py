"""Data derived from the catalogue, kept current after every write: each role's search vector,
its page document (roles/documents.py) and the page cache's versions (roles/page_cache).

Every writer reaches this module: model signals (roles/signals.py) report each saved or deleted
role, row and category, and writers that send no signals (bulk_create, QuerySet.update, SQL)
call `refresh()` with what they wrote. Inside `one_refresh()` (an admin save, an import, a
restore, loaddata, generate_roles) the reports are collected and the refresh runs once, when the
block ends: one UPDATE of the search vectors and one rebuild of the documents for every role
touched, and one bump of the page versions, however many rows were written. Outside such a
block each report refreshes at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db.models import Q

from roles import page_cache
from roles.models import CareerStep, Category, Role


@dataclass
class Changes:
    role_ids: set[int] = field(default_factory=set)
    category_ids: set[int] = field(default_factory=set)
    category_slugs: set[str] = field(default_factory=set)
    everything: bool = False


_collecting: ContextVar[Changes | None] = ContextVar("derived_changes", default=None)


@contextmanager
def one_refresh() -> Iterator[None]:
    """Collect the writes made in the block and refresh their derived data once at its end
    (nested blocks join the outermost). Nothing is refreshed if the block raises: its
    transaction is rolled back."""
    if _collecting.get() is not None:
        yield
        return
    changes = Changes()
    token = _collecting.set(changes)
    try:
        yield
    finally:
        _collecting.reset(token)
    _refresh(changes)


def refresh(
    role_ids: Iterable[int] = (),
    category_ids: Iterable[int | None] = (),
    category_slugs: Iterable[str | None] = (),
    everything: bool = False,
) -> None:
    """Report a write: roles (with their rows) and categories whose pages change, or
    `everything` (a restore, a bulk job) to drop every cached page."""
    changes = _collecting.get()
    pending = changes if changes is not None else Changes()
    pending.role_ids.update(role_ids)
    pending.category_ids.update(c for c in category_ids if c is not None)
    pending.category_slugs.update(s for s in category_slugs if s)
    pending.everything |= everything
    if changes is None:
        _refresh(pending)


def _refresh(changes: Changes) -> None:
    from roles.documents import refresh_documents
    from roles.search.query import refresh_search_vectors

    if changes.role_ids:
        refresh_search_vectors(changes.role_ids)
        refresh_documents(changes.role_ids)
    names = [page_cache.LISTING, *map(page_cache.role_version, changes.role_ids)]
    if changes.everything:
        names.append(page_cache.ALL)
    if changes.role_ids or changes.category_ids:
        # A role's career steps show on the pages of the roles they lead to and from too: a
        # step's other end may be in a category (or its page may list roles) the role is not.
        path_ends = CareerStep.objects.filter(role__in=changes.role_ids).values("other_slug")
        # Related roles include the occupation group's roles of other categories: a role that
        # joins a group was on none of their pages, so its own version retires none of them.
        groups = Role.objects.filter(pk__in=changes.role_ids, soc__parent__isnull=False)
        categories = Category.objects.filter(
            Q(pk__in=changes.category_ids)
            | Q(roles__in=changes.role_ids)
            | Q(roles__slug__in=path_ends)
            | Q(roles__soc__parent__in=groups.values("soc__parent"))
        )
        changes.category_slugs.update(categories.values_list("slug", flat=True))
    names += map(page_cache.category_version, changes.category_slugs)
    page_cache.bump(names)
