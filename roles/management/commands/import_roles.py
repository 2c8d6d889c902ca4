from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jobsite.content_limits import admin_post_for
from roles.editorial import imports
from roles.formats import markdown_io


class Command(BaseCommand):
    help = (
        "Create or update roles from Markdown files or directories of them, by slug. All or "
        "nothing: if any file is wrong, nothing changes and every problem is listed as "
        "file:line: message."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", help="Markdown files or directories.")

    def handle(self, *args, paths: list[str], **options) -> None:
        too_big = [problem for path in imports.markdown_files(paths) if (problem := _too_big(path))]
        if too_big:
            raise CommandError("Nothing imported.\n" + "\n".join(too_big))
        try:
            result = imports.import_files(paths)
        except imports.ImportFailed as failure:
            raise CommandError(f"Nothing imported.\n{failure}") from None
        self.stdout.write(
            f"Created {len(result.created)}, updated {len(result.updated)}, "
            f"unchanged {len(result.unchanged)}."
        )


def _too_big(path: Path) -> str | None:
    """ "file:1: why" when the admin could not save the role back (jobsite/content_limits.py).
    Files that cannot be read or parsed are left to the import, which reports them."""
    try:
        parsed = markdown_io.parse_role(path.read_text(encoding="utf-8"), str(path))
    except (OSError, UnicodeDecodeError, markdown_io.MarkdownFormatError):
        return None
    texts = [str(value) for value in parsed.fields.values() if value is not None]
    texts += [str(value) for fact in parsed.facts for value in fact.values()]
    texts += parsed.duties
    texts += [text for heading, items in parsed.qualification_groups for text in (heading, *items)]
    texts += [text for faq in parsed.faqs for text in faq]
    rows = len(parsed.facts) + len(parsed.duties) + len(parsed.qualification_groups)
    problem = admin_post_for(texts, rows + len(parsed.faqs)).problem()
    return f"{path}:1: {problem}" if problem else None
