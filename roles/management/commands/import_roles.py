from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from roles.editorial import imports


class Command(BaseCommand):
    help = (
        "Create or update roles from Markdown files or directories of them, by slug. All or "
        "nothing: if any file is wrong, nothing changes and every problem is listed as "
        "file:line: message."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", help="Markdown files or directories.")

    def handle(self, *args, paths: list[str], **options) -> None:
        try:
            result = imports.import_files(paths)
        except imports.ImportFailed as failure:
            raise CommandError(f"Nothing imported.\n{failure}") from None
        self.stdout.write(
            f"Created {len(result.created)}, updated {len(result.updated)}, "
            f"unchanged {len(result.unchanged)}."
        )
