"""How to become one: a section of its own on every role, in five stages that the Markdown
format, the downloads, the content checks and compare all share."""

from __future__ import annotations

import pytest

from roles.content import ENTRY_STAGES
from roles.editorial.content_checks import check_role
from roles.formats import markdown_io
from roles.formats.markdown_io import MarkdownFormatError
from roles.models import Role
from tests.factories import make_complete_role
from tests.html import parse, visible_text

STAGE_TITLES = [stage.title for stage in ENTRY_STAGES]


def test_every_shipped_role_has_all_five_stages(catalogue):
    for role in Role.objects.published():
        missing = [s.title for s in ENTRY_STAGES if not getattr(role, s.field).strip()]
        assert not missing, (role.slug, missing)


def test_the_role_page_shows_the_route_in_after_qualifications(client, catalogue):
    role = Role.objects.get(slug="electrician")
    page = parse(client.get(role.get_absolute_url()))
    headings = [h.get("id") for h in page.cssselect(".role__body h2[id]")]
    assert headings.index("qualifications") < headings.index("how-to-become")
    assert headings.index("how-to-become") < headings.index("outlook")
    section = page.cssselect("[aria-labelledby=how-to-become]")[0]
    assert [h.text_content() for h in section.cssselect("h3")] == STAGE_TITLES
    assert "apprentice" in section.cssselect("h3 + .prose")[1].text_content().lower()
    toc = [a.get("href") for a in page.cssselect("nav.toc a")]
    assert "#how-to-become" in toc and "#sources" in toc
    # Links to other roles in the route work (content checks keep them published).
    for link in section.cssselect("a[href^='/jobs/']"):
        assert client.get(link.get("href")).status_code == 200


def test_a_role_without_the_section_shows_none_and_the_check_names_it(client, category):
    role = make_complete_role(category=category, **{s.field: "" for s in ENTRY_STAGES})
    page = parse(client.get(role.get_absolute_url()))
    assert not page.cssselect("#how-to-become")
    assert "#how-to-become" not in [a.get("href") for a in page.cssselect("nav.toc a")]
    checked = Role.objects.with_page_content().get(pk=role.pk)
    assert "Missing section: How to become one." in [str(p) for p in check_role(checked)]


def test_a_missing_stage_and_a_stage_too_long_are_content_problems(category):
    role = make_complete_role(category=category, entry_training="", entry_advancement="word " * 120)
    problems = [str(p) for p in check_role(Role.objects.with_page_content().get(pk=role.pk))]
    assert "How to become one has no “Training” stage." in problems
    assert any(p.startswith("How to become one, “Advancement”, has 120 words") for p in problems)


def test_the_text_download_carries_each_stage(client, catalogue):
    role = Role.objects.get(slug="registered-nurse")
    text = client.get(f"{role.get_absolute_url().rstrip('/')}.txt").content.decode()
    start = text.index("How to become one\n=================")
    route = text[start : text.index("Career outlook\n")]
    for stage in ENTRY_STAGES:
        assert f"{stage.title}:" in route
    assert "NCLEX-RN" in route
    assert "](/" not in route, "links are text, not Markdown"


MARKDOWN = """---
title: Harbour Pilot
slug: harbour-pilot
category: {category}
status: draft
---

## Summary

Pilots steer ships into port.

## How to become one

### Education

A nautical college degree.

### {second}

Years at sea.
"""


def test_the_markdown_format_reads_stages_by_name(category):
    parsed = markdown_io.parse_role(
        MARKDOWN.format(category=category.slug, second="Work experience"), "pilot.md"
    )
    assert parsed.fields["entry_education"] == "A nautical college degree."
    assert parsed.fields["entry_experience"] == "Years at sea."
    assert parsed.fields["entry_training"] == ""


@pytest.mark.parametrize(
    ("second", "message"),
    [
        ("Hobbies", "pilot.md:18: How to become one: unknown stage 'Hobbies'"),
        ("Education", "pilot.md:18: How to become one: 'Education' appears twice"),
    ],
)
def test_the_markdown_format_refuses_unknown_or_repeated_stages(category, second, message):
    with pytest.raises(MarkdownFormatError) as error:
        markdown_io.parse_role(MARKDOWN.format(category=category.slug, second=second), "pilot.md")
    assert str(error.value).startswith(message)


def test_compare_sets_the_two_routes_side_by_side_stage_by_stage(client, catalogue):
    nurse, electrician = (
        Role.objects.get(slug="registered-nurse"),
        Role.objects.get(slug="electrician"),
    )
    page = parse(client.get("/compare/registered-nurse/electrician/"))
    section = page.cssselect("[aria-labelledby=compare-how-to-become]")[0]
    assert [h.text_content() for h in section.cssselect("h3")] == STAGE_TITLES
    licensing = section.cssselect(".compare-columns")[2]
    left, right = licensing.cssselect(":scope > div")
    assert left.cssselect("h4")[0].text_content() == nurse.title
    assert "NCLEX" in left.text_content()
    assert right.cssselect("h4")[0].text_content() == electrician.title
    assert "journeyman" in right.text_content().lower()


def test_the_key_figures_repeat_the_pay_and_growth_the_page_shows(client, catalogue):
    role = Role.objects.get(slug="registered-nurse")
    response = client.get(role.get_absolute_url())
    page = parse(response)
    figures = {
        dt.text_content(): dd
        for dt, dd in zip(
            page.cssselect(".key-figures dt"), page.cssselect(".key-figures dd"), strict=True
        )
    }
    pay = figures["Median pay"].cssselect("a")[0]
    assert pay.get("href") == "#pay"
    median = page.cssselect(".pay-card__headline")[0].text_content().strip()
    assert pay.text_content() == f"{median} a year"
    growth = role.facts.get(kind="growth").value.split(";")[0]
    assert figures["Growth"].text_content() == growth
    for dd in figures.values():
        anchor = dd.cssselect("a")[0].get("href")[1:]
        assert page.cssselect(f"#{anchor}"), anchor
    assert "Key figures" in visible_text(response)
