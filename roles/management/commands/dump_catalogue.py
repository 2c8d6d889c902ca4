"""Write the published catalogue to the fixtures: categories.json (every category) and roles.json
(the published roles with their rows, and the SOC occupations they name with the groups above
them, so that the file loads on its own before any wage data).

The fixtures are what `make run` loads into a new database (load_catalogue); this is how an
editor's work in a database becomes the shipped catalogue: import or edit the roles, run
`manage.py check_content`, then this, and commit the two files.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand

from roles.models import ROW_KINDS, Category, Role
from roles.wages.models import Occupation

# Fields a database keeps for itself: the search index is derived from the text, the edit
# counters guard one database's edits against lost updates, and a temporary takedown is one
# site's editorial decision, not part of the catalogue.
NOT_SHIPPED = {
    "roles.role": ("search_vector", "version", "taken_down_until"),
    "roles.category": ("version", "updated_at"),
}


class Command(BaseCommand):
    help = "Write fixtures/categories.json and fixtures/roles.json from the published catalogue."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--output-dir",
            type=Path,
            default=settings.FIXTURE_DIRS[0],
            help="where to write the two files (default: the fixtures directory)",
        )

    def handle(self, *args, output_dir: Path, **options) -> None:
        categories = list(Category.objects.order_by("pk"))
        # Released: a role taken down for a while is still part of the catalogue.
        roles = list(Role.objects.released().order_by("pk"))
        objects: list = [*self.occupations(roles), *self.roles_with_rows(roles)]
        self.write(output_dir / "categories.json", categories)
        self.write(output_dir / "roles.json", objects)
        self.stdout.write(
            f"Wrote {len(categories)} categories and {len(roles)} published roles to {output_dir}."
        )

    @staticmethod
    def occupations(roles: list[Role]) -> list[Occupation]:
        """The roles' SOC occupations and every group above them, parents first."""
        found: dict[str, Occupation] = {}
        wanted = {role.soc_id for role in roles if role.soc_id}
        while wanted:
            batch = Occupation.objects.in_bulk(wanted - set(found))
            found.update(batch)
            wanted = {
                code
                for occupation in batch.values()
                for code in (occupation.parent_id, occupation.major_group_id)
                if code and code not in found
            }
        depth = {level: rank for rank, level in enumerate(Occupation.Level.values)}
        return sorted(found.values(), key=lambda o: (depth[o.level], o.code))

    @staticmethod
    def roles_with_rows(roles: list[Role]) -> list:
        rows = {
            kind.related_name: kind.model.objects.filter(role__in=roles).order_by(
                "role", "position", "pk"
            )
            for kind in ROW_KINDS
        }
        by_role: dict[int, list] = {role.pk: [] for role in roles}
        for kind in ROW_KINDS:
            for row in rows[kind.related_name]:
                by_role[row.role_id].append(row)
        return [item for role in roles for item in (role, *by_role[role.pk])]

    @staticmethod
    def write(path: Path, objects: list) -> None:
        data = json.loads(serializers.serialize("json", objects))
        for item in data:
            for name in NOT_SHIPPED.get(item["model"], ()):
                item["fields"].pop(name, None)
        text = json.dumps(data, indent=1, ensure_ascii=False)
        path.write_text(text + "\n", encoding="utf-8")
