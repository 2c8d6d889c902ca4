from __future__ import annotations

import time
from contextlib import contextmanager

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import signals

from roles import cache, search
from roles.models import Category, Role

MODEL_SIGNALS = [
    signals.pre_save,
    signals.post_save,
    signals.pre_delete,
    signals.post_delete,
    signals.m2m_changed,
]


@contextmanager
def model_signals_muted():
    """No receiver runs while the rows are put back: they would redo, one row at a time, work a
    restore makes moot (search vectors, page-cache tokens, slug history, which the backup holds
    as it was). The command does the part still needed once, at the end."""
    saved = [(signal, signal.receivers) for signal in MODEL_SIGNALS]
    try:
        for signal in MODEL_SIGNALS:
            signal.receivers = []
            signal.sender_receivers_cache.clear()
        yield
    finally:
        for signal, receivers in saved:
            signal.receivers = receivers
            signal.sender_receivers_cache.clear()


class Command(BaseCommand):
    help = (
        "Restore a `manage.py backup` file into this (migrated, empty) database, all or "
        "nothing, then drop every cached page so that no instance serves pages of the data "
        "the restore replaced."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="A file written by `manage.py backup`.")

    def handle(self, *args, path: str, **options) -> None:
        if Role.objects.exists() or Category.objects.exists():
            raise CommandError(
                "This database already holds roles or categories; restore into an empty one "
                "(`manage.py migrate` on a new database), so that nothing is mixed."
            )
        started = time.perf_counter()
        with transaction.atomic(), model_signals_muted():
            call_command("loaddata", path, verbosity=0)
        search.refresh_search_vectors(Role.objects.values_list("pk", flat=True))
        cache.forget_all_pages()
        self.stdout.write(
            f"Restored {Role.objects.count()} roles in {Category.objects.count()} categories "
            f"from {path} in {time.perf_counter() - started:.1f} s; cached pages dropped."
        )
