from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from roles.models import FAQ, Category, Duty, Fact, RemovedRole, Role
from roles.synthetic import SLUG_PREFIX
from tests.factories import make_role


def test_generate_roles_creates_public_varied_roles_in_generated_categories(catalogue):
    real_roles = {r.pk: r.content_updated_at for r in Role.objects.all()}
    call_command("generate_roles", count=60, seed=3, verbosity=0)

    generated = Role.objects.filter(slug__startswith=SLUG_PREFIX)
    assert generated.count() == 60
    assert {r.pk: r.content_updated_at for r in Role.objects.exclude(slug__startswith="gen-")} == (
        real_roles
    )
    assert set(generated.values_list("category__slug", flat=True)) <= set(
        Category.objects.filter(slug__startswith=SLUG_PREFIX).values_list("slug", flat=True)
    )
    assert generated.values("category").distinct().count() > 5
    assert generated.published().count() > 50
    duty_counts = {role.duties.count() for role in generated[:20]}
    assert len(duty_counts) > 2, "roles should differ in length"
    assert len({len(role.overview) for role in generated[:20]}) > 5
    assert Fact.objects.filter(role__in=generated, kind=Fact.Kind.EDUCATION).count() == 60
    assert FAQ.objects.filter(role__in=generated).count() >= 120


def test_generated_role_pages_render(client, db):
    call_command("generate_roles", count=5, verbosity=0)
    role = Role.objects.published().filter(slug__startswith=SLUG_PREFIX).first()
    response = client.get(role.get_absolute_url())
    assert response.status_code == 200
    assert role.title in response.content.decode()


def test_same_seed_gives_same_roles_and_repeated_runs_add_more(db):
    call_command("generate_roles", count=10, seed=7, verbosity=0)
    first = list(Role.objects.order_by("pk").values_list("title", "summary"))
    call_command("generate_roles", count=10, seed=7, clear=True, verbosity=0)
    assert list(Role.objects.order_by("pk").values_list("title", "summary")) == first
    call_command("generate_roles", count=10, seed=7, verbosity=0)
    assert Role.objects.count() == 20


def test_clear_removes_only_generated_roles_and_categories(catalogue):
    before = (Role.objects.count(), Category.objects.count(), Duty.objects.count())
    call_command("generate_roles", count=30, verbosity=0)
    call_command("generate_roles", clear=True, verbosity=0)
    assert (Role.objects.count(), Category.objects.count(), Duty.objects.count()) == before
    assert not RemovedRole.objects.filter(slug__startswith=SLUG_PREFIX).exists(), (
        "synthetic roles no crawler saw need no 410 Gone records"
    )


def test_deleting_real_roles_still_records_them_as_gone(catalogue):
    Role.objects.filter(slug="data-analyst").delete()
    assert RemovedRole.objects.filter(slug="data-analyst").exists()


def test_deleting_a_role_costs_the_same_whatever_its_rows(db):
    """A role's rows deleted with it do not each refresh the search vector of a role that is
    going away (on PostgreSQL that was one UPDATE per row, and minutes for --clear)."""
    counts = []
    for rows in (2, 40):
        role = make_role(duties=rows, faqs=rows)
        with CaptureQueriesContext(connection) as queries:
            role.delete()
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


@pytest.mark.parametrize(
    "options", [{}, {"count": -1}, {"count": 5, "categories": 0}, {"count": 5, "categories": 99}]
)
def test_bad_options_give_a_clear_error(db, options):
    with pytest.raises(CommandError):
        call_command("generate_roles", **options)


@pytest.mark.postgres
def test_generate_roles_vacuums_the_tables_it_wrote_when_not_in_a_transaction(db):
    """Run as a command (not in a test's transaction) it VACUUMs what it wrote, so that the
    category counts are index-only scans at once instead of reading every role's heap page
    until autovacuum passes."""
    from roles.management.commands.generate_roles import tidy_up_after_bulk_write

    sent = []

    def vacuum_aside(execute, sql, params, many, context):
        sent.append(sql)
        # VACUUM cannot run in this test's transaction: note it instead.
        return None if sql.startswith("VACUUM") else execute(sql, params, many, context)

    with connection.execute_wrapper(vacuum_aside):
        connection.in_atomic_block = False  # as under `manage.py generate_roles`
        try:
            tidy_up_after_bulk_write()
        finally:
            connection.in_atomic_block = True
        tidy_up_after_bulk_write()
    vacuum, in_transaction = sent
    assert vacuum.startswith("VACUUM (ANALYZE) ")
    for model in (Role, Category, Duty, Fact, FAQ, RemovedRole):
        assert f'"{model._meta.db_table}"' in vacuum
    assert in_transaction == "ANALYZE"
