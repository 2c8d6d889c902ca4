"""What the shipped fixtures hold, read from the files, so tests about the catalogue follow it
as it grows instead of hard-coding its size."""

from __future__ import annotations

import json

from django.conf import settings


def shipped(model: str) -> int:
    """How many rows of a model ("roles.role") the fixtures ship."""
    return sum(
        item["model"] == model
        for name in ("categories.json", "roles.json")
        for item in json.loads((settings.FIXTURE_DIRS[0] / name).read_text(encoding="utf-8"))
    )


def generated_catalogue(size: int) -> None:
    """`size` generated roles in four categories (seeded by the size, so each size is one
    catalogue) with the test pay release: what query-count tests compare at 10 and 1,000."""
    from django.core.management import call_command

    from tests.conftest import PAY_SAMPLE

    call_command("generate_roles", count=size, seed=size, categories=4, verbosity=0)
    call_command("load_wages", str(PAY_SAMPLE), verbosity=0)


def first_generated_role_with_pay():
    """The first public generated role, given the SOC code of the test pay release's Data
    Scientists (15-2051) so that its pages show pay."""
    from roles.models import Role
    from roles.synthetic import SLUG_PREFIX

    role = Role.objects.published().filter(slug__startswith=SLUG_PREFIX).order_by("pk").first()
    Role.objects.filter(pk=role.pk).update(soc="15-2051")
    return role
