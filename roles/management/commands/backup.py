from __future__ import annotations

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

# What a backup leaves out: rebuilt by migrate (content types, permissions) or by the restore
# (the roles' page documents), or worthless in another database (sessions, the admin's log,
# sign-in attempts).
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "roles.roledocument",
    "sessions",
    "admin.logentry",
    "axes",
]


class Command(BaseCommand):
    help = (
        "Write a portable backup of the whole site (roles, categories, their rows, history, "
        "editors) as JSON with exact timestamps, loadable by `manage.py restore` into any "
        "database the site supports."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="The file to write, e.g. roleatlas-2026-12-01.json.")

    def handle(self, *args, path: str, **options) -> None:
        started = time.perf_counter()
        call_command(
            "dumpdata",
            format="json-exact",
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
            exclude=EXCLUDED,
            output=path,
            verbosity=0,
        )
        self.stdout.write(f"Wrote {path} in {time.perf_counter() - started:.1f} s.")
