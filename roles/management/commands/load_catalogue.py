"""Load the shipped catalogue (fixtures/categories.json and roles.json) without ever touching
what is already there: `make run` runs it at every start.

A category or role whose slug exists is left as it is (an editor's work wins over the fixture);
a role whose slug an editor retired (renamed, unpublished or deleted: a previous slug or a
"removed" record) is not brought back. Everything else is created with new keys, so a role
imported or created in the admin can never be overwritten by a fixture row that had its key.
"""

from __future__ import annotations

from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand
from django.db import transaction

from roles import derived
from roles.models import ROW_KINDS, Category, PreviousRoleSlug, RemovedRole, Role

FIXTURES = ("categories.json", "roles.json")


class Command(BaseCommand):
    help = "Load the fixtures' categories and roles that are missing; never overwrite any."

    def handle(self, *args, **options) -> None:
        objects = []
        for name in FIXTURES:
            path = settings.FIXTURE_DIRS[0] / name
            with path.open(encoding="utf-8") as fixture:
                objects += [item.object for item in serializers.deserialize("json", fixture)]
        with transaction.atomic(), derived.one_refresh():
            created = self.load(objects)
        self.stdout.write(
            f"Catalogue: {created['categories']} categories and {created['roles']} roles added; "
            f"{created['kept']} already there (left as they are)."
        )

    def load(self, objects: list) -> dict[str, int]:
        created = {"categories": 0, "roles": 0, "kept": 0}
        content = (Category, Role, *(kind.model for kind in ROW_KINDS))
        for other in (o for o in objects if not isinstance(o, content)):
            # Reference data the roles point to (their SOC occupations), by its natural key.
            if not type(other)._default_manager.filter(pk=other.pk).exists():
                other.save()
        category_ids: dict[int, int] = {}
        for category in (o for o in objects if isinstance(o, Category)):
            existing = Category.objects.filter(slug=category.slug).first()
            if existing is None:
                fixture_pk, category.pk = category.pk, None
                category.save()
                created["categories"] += 1
                category_ids[fixture_pk] = category.pk
            else:
                category_ids[category.pk] = existing.pk
        retired = set(PreviousRoleSlug.objects.values_list("slug", flat=True))
        retired |= set(RemovedRole.objects.values_list("slug", flat=True))
        taken = set(Role.objects.values_list("slug", flat=True))
        role_ids: dict[int, Role] = {}
        for role in (o for o in objects if isinstance(o, Role)):
            if role.slug in taken or role.slug in retired:
                created["kept"] += 1
                continue
            fixture_pk, role.pk = role.pk, None
            role.category_id = category_ids[role.category_id]
            role.save()
            role_ids[fixture_pk] = role
            created["roles"] += 1
        row_models = tuple(kind.model for kind in ROW_KINDS)
        for row in (o for o in objects if isinstance(o, row_models)):
            if row.role_id in role_ids:  # rows of roles left as they are stay as they are
                row.pk, row.role = None, role_ids[row.role_id]
                row.save()
        return created
