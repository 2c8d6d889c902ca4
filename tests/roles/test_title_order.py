"""Lists in title order sort as readers expect, whatever the case of a title ("Machine
Learning Engineer" before "MLOps Engineer"), and read their index in order to do it
(roles.models.TitleOrder)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from roles import a_to_z
from roles.wages.pay import sorted_roles
from tests.factories import make_category, make_many_roles, make_role
from tests.html import parse

TITLES = ["MLOps Engineer", "Machine Learning Engineer", "mainframe operator", "Mason"]
IN_ORDER = ["Machine Learning Engineer", "mainframe operator", "Mason", "MLOps Engineer"]


@pytest.fixture
def category(db):
    category = make_category()
    for title in TITLES:
        make_role(category=category, title=title, duties=0, faqs=0, facts=False)
    return category


def test_category_page_sorts_titles_whatever_their_case(client, category):
    page = parse(client.get(category.get_absolute_url()))
    assert [a.text for a in page.cssselect(".card__title a")] == IN_ORDER


def test_a_to_z_index_and_letter_page_sort_titles_whatever_their_case(
    client, category, monkeypatch
):
    index = parse(client.get("/roles/a-z/"))
    assert [a.text for a in index.cssselect(".az-group li a")] == IN_ORDER
    monkeypatch.setattr(a_to_z, "ONE_PAGE_LIMIT", 2)
    monkeypatch.setattr(a_to_z, "PREVIEW_PER_LETTER", 2)
    preview = parse(client.get("/roles/a-z/"))
    assert [a.text for a in preview.cssselect(".az-group li a")] == IN_ORDER[:2]
    letter = parse(client.get("/roles/a-z/m/"))
    assert [a.text for a in letter.cssselect(".az-list a")] == IN_ORDER


def test_admin_role_list_sorts_titles_whatever_their_case(client, category):
    boss = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw")
    client.force_login(boss)
    page = parse(client.get("/admin/roles/role/"))
    assert [a.text for a in page.cssselect("#result_list tbody th a")] == IN_ORDER
    by_column = parse(client.get("/admin/roles/role/", {"o": "-1"}))
    assert [a.text for a in by_column.cssselect("#result_list tbody th a")] == IN_ORDER[::-1]


def test_the_category_page_reads_its_roles_in_title_order_from_the_index(category):
    """No sort of the category's roles: role_category_by_title is read in order."""
    make_many_roles(category, 400, lambda n: f"{'Mm'[n % 2]}iller {n:04}")
    listing = sorted_roles(category.roles.published(), "")[:50]
    sql, params = listing.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            # (id, parent, _, detail): the top-level steps, not the pay subqueries'.
            top = [row[3] for row in cursor.fetchall() if row[1] == 0]
            assert "USING INDEX role_category_by_title" in top[0], top
            assert not any("FOR ORDER BY" in step for step in top), top
        else:
            # Whether PostgreSQL reads the index or sorts a bitmap scan of 400 rows is a matter of
            # cost, which depends on what else the table holds. With sorting priced out, a plan
            # still sorts the roles unless the index gives exactly the ORDER BY the page asks for
            # (the pay subplans below may sort their own few rows).
            cursor.execute("ANALYZE roles_role")
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            plan = [row[0] for row in cursor.fetchall()]
            assert plan[0].startswith("Limit"), plan
            assert "Index Scan using role_category_by_title" in plan[1], plan


@pytest.mark.postgres
def test_the_career_ladder_reads_the_category_in_title_order_and_stops_at_its_limit(category):
    """The ladder takes the first steps of the category's roles in title order: read from the
    role_category_by_title index, stopping at LADDER_ROLES * 8 steps, not every step of the
    category read and sorted."""
    from roles.career_paths import category_ladder
    from roles.models import CareerStep

    roles = make_many_roles(category, 400, lambda n: f"Miller {n:04}")
    CareerStep.objects.bulk_create(
        CareerStep(role=role, position=0, direction="to", other_slug=f"miller-{n + 1:04}")
        for n, role in enumerate(roles)
    )
    with CaptureQueriesContext(connection) as queries:
        category_ladder(category)
    steps_sql = next(q["sql"] for q in queries.captured_queries if "roles_careerstep" in q["sql"])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE roles_role")
        cursor.execute("ANALYZE roles_careerstep")
        # As above: with a full sort priced out, only a plan that reads the roles in title
        # order (each role's few steps then sorted among themselves) is left.
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("EXPLAIN " + steps_sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert plan.startswith("Limit"), plan
    assert "Index Scan using role_category_by_title" in plan, plan
    assert "Presorted Key" in plan, plan
