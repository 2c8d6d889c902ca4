"""Fill the database with synthetic roles for benchmarks and scale tests, or remove them."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from roles.synthetic import (
    CATEGORY_NAMES,
    SLUG_PREFIX,
    WRITTEN_MODELS,
    clear_generated_roles,
    generate_roles,
)


class Command(BaseCommand):
    help = (
        f"Create N synthetic roles (slugs start with '{SLUG_PREFIX}') in generated categories, "
        "or remove them with --clear. The fixtures' roles are never touched."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, default=0, help="How many roles to create.")
        parser.add_argument("--seed", type=int, default=0, help="Same seed, same roles.")
        parser.add_argument(
            "--categories",
            type=int,
            default=len(CATEGORY_NAMES),
            help=f"Spread the roles over this many generated categories (1-{len(CATEGORY_NAMES)}).",
        )
        parser.add_argument(
            "--clear", action="store_true", help="First delete every generated role and category."
        )

    def handle(self, *args, count: int, seed: int, categories: int, clear: bool, **options):
        if count < 0:
            raise CommandError("--count must be 0 or more.")
        if not 1 <= categories <= len(CATEGORY_NAMES):
            raise CommandError(f"--categories must be between 1 and {len(CATEGORY_NAMES)}.")
        if not clear and count == 0:
            raise CommandError("Nothing to do: give --count N, --clear, or both.")
        if clear:
            roles, cats = clear_generated_roles()
            self.stdout.write(f"Removed {roles} generated roles and {cats} generated categories.")
        if count:
            started = time.perf_counter()
            made = generate_roles(count, seed=seed, categories=categories)
            self.stdout.write(
                f"Created {made.roles} roles with {made.child_rows} facts, duties, qualification "
                f"groups and FAQs in {made.categories} categories "
                f"in {time.perf_counter() - started:.1f} s."
            )
        tidy_up_after_bulk_write()


def tidy_up_after_bulk_write() -> None:
    """After a bulk load the planner's statistics are stale and, on PostgreSQL, the visibility
    map of the new rows unset: until autovacuum passes (if it runs at all), the category counts
    of the home page and every listing read each role's heap page instead of the index alone
    (26 ms instead of 4 at 10,000 roles). So VACUUM ANALYZE the tables written, so that the
    pages' queries pick their indexes and index-only scans at once. VACUUM cannot run in a
    transaction (a test's); there, and on SQLite, statistics are refreshed alone."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in WRITTEN_MODELS)
            cursor.execute(f"VACUUM (ANALYZE) {tables}")
        else:
            cursor.execute("ANALYZE")
