from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from roles.formats import markdown_io
from roles.models import Role


class Command(BaseCommand):
    help = "Write every role as a Markdown file (<slug>.md) into DIR (see docs/content-format.md)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("directory", help="Where to write the files; created if missing.")

    def handle(self, *args, directory: str, **options) -> None:
        target = Path(directory)
        try:
            target.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CommandError(f"{target}: cannot create the directory: {error}") from None
        roles = Role.objects.with_page_content().order_by("slug")
        for role in roles:
            (target / markdown_io.file_name(role)).write_text(
                markdown_io.render_role(role), encoding="utf-8"
            )
        self.stdout.write(f"Wrote {len(roles)} roles to {target}.")
