"""Content checks on figures: a source and year for every dollar figure and growth rate, no
projection horizon BLS does not have, and one figure per SOC code across the site."""

from __future__ import annotations

from roles.editorial.content_checks import check_role
from roles.models import Fact, Role
from tests.factories import make_role

FIGURE_CODES = {"unsourced_figure", "projection_horizon", "figure_differs"}


def figure_problems(role: Role) -> list:
    problems = check_role(Role.objects.with_page_content().get(pk=role.pk))
    return [p for p in problems if p.code in FIGURE_CODES]


def codes(role: Role) -> list[str]:
    return [p.code for p in figure_problems(role)]


def test_dollar_figure_without_source_and_year_is_flagged(category):
    role = make_role(category=category, career_outlook="Seniors often earn $180,000 or more.")
    assert codes(role) == ["unsourced_figure"]


def test_dollar_figure_with_source_and_year_passes(category):
    outlook = "Levels.fyi reported a median of $180,000 for senior engineers in 2025."
    assert codes(make_role(category=category, career_outlook=outlook)) == []


def test_growth_percentage_without_source_is_flagged_but_other_percentages_are_not(category):
    role = make_role(
        category=category, overview="Demand will grow 40 percent. Toil stays below 50%."
    )
    problems = figure_problems(role)
    assert [p.code for p in problems] == ["unsourced_figure"]
    assert "grow 40 percent" in problems[0].message


def test_fact_with_a_source_may_carry_a_figure(category):
    role = make_role(category=category)
    Fact.objects.create(
        role=role,
        kind=Fact.Kind.GROWTH,
        label="Growth outlook",
        value="Employment is projected to grow 34 percent from 2024 to 2034.",
        source_name="BLS Employment Projections 2024-34",
    )
    assert codes(role) == []


def test_projection_horizon_bls_does_not_have_is_flagged(category):
    outlook = "BLS projects strong demand through 2030 for this work (BLS, 2025)."
    assert "projection_horizon" in codes(make_role(category=category, career_outlook=outlook))


def test_occupation_quoted_with_a_figure_other_than_the_data_is_flagged(pay_data, category):
    outlook = "Data scientists had a median annual wage of $112,590 in May 2024 (BLS)."
    role = make_role(category=category, career_outlook=outlook)
    problems = figure_problems(role)
    assert [p.code for p in problems] == ["figure_differs"]
    assert "SOC 15-2051, whose national median in the May 2025 release is $120,230" in str(
        problems[0]
    )
    current = "Data scientists had a median annual wage of $120,230 in May 2025 (BLS)."
    assert codes(make_role(category=category, career_outlook=current)) == []


def test_shipped_catalogue_has_no_figure_problems(catalogue):
    """The reference role is carried line for line from its original publication; its editor's
    note quotes the two facts whose figures the checks would flag and tells readers what they
    are (tests/roles/editorial/test_editors_note.py)."""
    found = {
        role.slug: [p.code for p in check_role(role) if p.code in FIGURE_CODES]
        for role in Role.objects.with_page_content()
    }
    assert {slug: problems for slug, problems in found.items() if problems} == {}
