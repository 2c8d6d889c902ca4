"""Run the content checks over the catalogue; exit 1 if any role has a problem (CI runs it over
the fixtures)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from roles.editorial.content_checks import check_role
from roles.models import Role


class Command(BaseCommand):
    help = "Check every role (or the roles named by slug) against the editorial guide."

    def add_arguments(self, parser) -> None:
        parser.add_argument("slugs", nargs="*", help="roles to check (default: every role)")

    def handle(self, *args, slugs: list[str], **options) -> None:
        roles = Role.objects.with_page_content().select_related("category").order_by("slug")
        if slugs:
            roles = roles.filter(slug__in=slugs)
            missing = sorted(set(slugs) - {role.slug for role in roles})
            if missing:
                raise CommandError(f"No role with the slug {', '.join(missing)}.")
        checked = failing = problems = 0
        for role in roles:
            checked += 1
            found = check_role(role)
            if found:
                failing += 1
                problems += len(found)
                self.stdout.write(f"{role.category.slug}/{role.slug}:")
                for problem in found:
                    self.stdout.write(f"  [{problem.code}] {problem}")
        summary = f"{checked} roles checked: {problems} problems in {failing} roles."
        if problems:
            raise CommandError(summary)
        self.stdout.write(summary)
