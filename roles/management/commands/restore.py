from __future__ import annotations

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from roles import derived
from roles.models import Category, Role


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
        # loaddata reports every row to derived data and refreshes it once at the end; the
        # restore then drops every page cached from the data it replaced.
        with transaction.atomic(), derived.one_refresh():
            call_command("loaddata", path, verbosity=0)
            derived.refresh(everything=True)
        self.stdout.write(
            f"Restored {Role.objects.count()} roles in {Category.objects.count()} categories "
            f"from {path} in {time.perf_counter() - started:.1f} s; cached pages dropped."
        )
