"""The shipped catalogue covers the whole economy (docs/editorial-guide.md, catalogue wave 1):
every category open, every role complete, with its SOC code and pay, sourced growth, links
that lead somewhere, and the occupations readers look for findable by search."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.core.management import call_command

from roles import ai_impact
from roles.editorial.content_checks import internal_links, link_target_exists
from roles.models import Category, Fact, Role
from roles.wages.models import Area, Wage
from tests.html import parse

MIN_PUBLISHED_ROLES = 65
CATEGORIES = 25


def test_every_one_of_the_25_categories_has_a_description_and_a_published_role(catalogue):
    categories = Category.objects.listed()
    assert categories.count() == CATEGORIES
    assert Role.objects.published().count() >= MIN_PUBLISHED_ROLES
    for category in categories:
        assert category.description.strip(), category.slug
        assert category.roles.published().exists(), category.slug


def test_data_scientist_is_filed_under_data_and_analytics_and_its_old_address_redirects(
    client, catalogue
):
    role = Role.objects.get(slug="data-scientist")
    assert role.category.slug == "data-and-analytics"
    response = client.get("/jobs/artificial-intelligence/data-scientist/")
    assert response.status_code == 301
    assert response["Location"] == "/jobs/data-and-analytics/data-scientist/"


def test_every_role_names_an_soc_code_with_national_pay_and_shows_it(client, catalogue):
    national = Wage.objects.filter(area__kind=Area.Kind.NATIONAL, annual_median__isnull=False)
    paid = set(national.values_list("occupation_id", flat=True))
    roles = Role.objects.published().select_related("category")
    assert {role.slug: role.soc_id for role in roles if role.soc_id not in paid} == {}
    nurse = Role.objects.get(slug="registered-nurse")
    page = parse(client.get(nurse.get_absolute_url()))
    assert "29-1141" in page.text_content()


def test_every_growth_fact_cites_the_bls_projections_and_every_ai_fact_is_on_the_scale(catalogue):
    reference = Role.objects.get(slug="ai-solutions-architect")  # kept as first published
    facts = Fact.objects.filter(role__in=Role.objects.published()).exclude(role=reference)
    growth = facts.filter(kind=Fact.Kind.GROWTH)
    assert growth.count() == Role.objects.published().count() - 1
    assert {f.role.slug for f in growth if "2024" not in f.source_name} == set()
    off_scale = [
        f.role.slug
        for f in facts.filter(kind=Fact.Kind.AI_IMPACT)
        if not ai_impact.level_of(f.value)
    ]
    assert off_scale == []


def test_links_between_roles_lead_to_published_roles_and_most_roles_link_another(catalogue):
    linking = 0
    for role in Role.objects.published().with_page_content():
        texts = [role.overview, role.career_outlook, *(q.answer for q in role.faqs.all())]
        paths = [path for text in texts for path in internal_links(text)]
        assert [p for p in paths if not link_target_exists(p)] == [], role.slug
        linking += bool(paths)
    assert linking >= Role.objects.published().count() * 0.85


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("nurse", "registered-nurse"),
        ("electrician", "electrician"),
        ("teacher", "elementary-school-teacher"),
        ("accountant", "accountant"),
        ("truck driver", "truck-driver"),
        ("plumber", "plumber"),
        ("police", "police-officer"),
        ("lawyer", "lawyer"),
    ],
)
def test_a_reader_looking_up_an_occupation_finds_its_page(client, catalogue, query, slug):
    page = parse(client.get("/search/", {"q": query}))
    found = [a.get("href") for a in page.cssselect("main a[href^='/jobs/']")]
    assert Role.objects.get(slug=slug).get_absolute_url() in found


def test_the_ai_impact_scale_page_lists_the_roles_at_each_level(client, catalogue):
    page = parse(client.get("/ai-impact/"))
    levels = page.cssselect(".ai-scale__level h2")
    assert [h.text_content() for h in levels] == [
        f"{level.rank}. {level.name}" for level in ai_impact.LEVELS
    ]
    listed = {a.get("href") for a in page.cssselect(".ai-scale__roles a")}
    nurse = Role.objects.get(slug="registered-nurse")
    assert nurse.get_absolute_url() in listed
    role_page = parse(client.get(nurse.get_absolute_url()))
    assert role_page.cssselect(".glance a[href='/ai-impact/']")


def test_the_fixtures_are_what_dump_catalogue_writes(catalogue, tmp_path):
    """The shipped files are the command's output, so an editor can regenerate them from a
    database without reformatting every line."""
    call_command("dump_catalogue", output_dir=tmp_path, verbosity=0)
    for name in ("categories.json", "roles.json"):
        shipped = json.loads((settings.FIXTURE_DIRS[0] / name).read_text(encoding="utf-8"))
        assert json.loads((tmp_path / name).read_text(encoding="utf-8")) == shipped, name
