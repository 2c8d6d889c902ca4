"""Layouts that hold: every page type at 320, 360, 768 and 1280 px, with the real catalogue and
with hostile content (unbroken words far wider than a phone, a 500-character query), never
scrolls sideways; the role page uses a wide screen; compare reads on a phone."""

from __future__ import annotations

import pytest

from roles.content import ENTRY_STAGES
from roles.models import CareerStep, Category, Fact, QualificationGroup, RelatedChoice, Role
from tests.factories import make_career_step, make_complete_role

pytestmark = pytest.mark.browser

WIDTHS = [320, 360, 768, 1280]
# One "word" as wide as three phones, and a URL-like token: neither has a place to break.
LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3
LONG_URL = "https://example.org/" + "a-very-long-path-segment-without-spaces" * 4
HOSTILE_QUERY = ("supercalifragilistic" * 25)[:500]


@pytest.fixture
def hostile_role(catalogue) -> Role:
    """A published role whose every text holds words no screen can fit."""
    category = Category.objects.get(slug="artificial-intelligence")
    role = make_complete_role(
        category=category,
        title=f"{LONG_WORD[:150]} Engineer",
        slug="hostile-layout-role",
        summary=f"{LONG_WORD} {LONG_URL} " + "Plain words follow the long ones here. " * 8,
        overview=f"{LONG_WORD}\n\n{LONG_URL}\n\n" + "The overview continues in plain words. " * 40,
        **{stage.field: f"{LONG_WORD} then plain words {LONG_URL}." for stage in ENTRY_STAGES},
        soc_id=Role.objects.get(slug="machine-learning-engineer").soc_id,
    )
    Fact.objects.filter(role=role, kind=Fact.Kind.EDUCATION).update(value=LONG_WORD)
    Fact.objects.filter(role=role, kind=Fact.Kind.GROWTH).update(value=f"{LONG_WORD}; {LONG_URL}")
    QualificationGroup.objects.filter(role=role).update(items=f"{LONG_WORD}\n{LONG_URL}")
    role.duties.update(text=f"Maintain {LONG_WORD} and {LONG_URL}")
    role.alternate_titles.update(title=LONG_WORD[:200])
    # A path both ways, the move's sentence unbreakable, and the related cards' reasons.
    CareerStep.objects.filter(role=role).update(what_it_takes=f"{LONG_WORD} {LONG_URL}")
    make_career_step(role, CareerStep.Direction.FROM, "machine-learning-engineer")
    RelatedChoice.objects.create(
        role=role, choice="pin", other_slug="data-scientist", reason=LONG_WORD[:200]
    )
    from roles import derived

    derived.refresh(role_ids=[role.pk], category_ids=[category.pk])
    return role


def pages(role: Role) -> dict[str, str]:
    path = role.get_absolute_url()
    return {
        "home": "/",
        "categories": "/jobs/",
        "category": role.category.get_absolute_url(),
        "hostile role": path,
        "reference role": "/jobs/artificial-intelligence/ai-solutions-architect/",
        "role with pay in a metro area": "/jobs/data-and-analytics/data-scientist/"
        "?area=new-york-newark-jersey-city-ny-nj",
        "pay by state": "/jobs/data-and-analytics/data-scientist/pay-by-state/",
        "search, 500 characters": f"/search/?q={HOSTILE_QUERY}",
        "search, hostile result": "/search/?q=engineer",
        "compare, hostile": f"/compare/{role.slug}/ai-solutions-architect/",
        "compare, real": "/compare/registered-nurse/electrician/",
        "compare landing": "/compare/",
        "a-z": "/roles/a-z/",
        "a-z letter": "/roles/a-z/p/",
        "about": "/about/",
        "methodology": "/about/methodology/",
        "ai impact": "/ai-impact/",
        "occupations": "/occupations/",
        "occupation": "/occupations/15-2051/",
        "job ad": f"{path}job-ad/",
        "404": "/no-such-page/" + LONG_WORD + "/",
    }


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways_with_hostile_content(browser, site, hostile_role, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    offenders = []
    for name, path in pages(hostile_role).items():
        response = page.goto(site + path)
        assert response is not None and response.status < 500, (name, response)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            widest = page.evaluate(
                """() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right
                    > document.documentElement.clientWidth + 1)
                .slice(-1)
                .map(e => `${e.tagName}.${e.className} ${e.textContent.slice(0, 40)}`).join()"""
            )
            offenders.append(f"{name}: {overflow}px ({widest})")
    context.close()
    assert not offenders, f"at {width}px: " + "; ".join(offenders)


def test_a_wide_screen_role_page_sets_key_figures_and_contents_beside_the_text(browser, site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site + "/jobs/medicine-and-nursing/registered-nurse/")
    body = page.locator(".role__body").bounding_box()
    aside = page.locator(".role__aside").bounding_box()
    main = page.locator("main").bounding_box()
    assert aside["x"] >= body["x"] + body["width"], "the aside sits beside the text"
    assert aside["y"] < body["y"] + 200, "and starts at the top of the page"
    used = (aside["x"] + aside["width"] - body["x"]) / main["width"]
    assert used > 0.85, f"text and aside use {used:.0%} of the page's width"
    figures = page.locator(".key-figures dt").all_inner_texts()
    assert figures[:2] == ["Median pay", "Growth"] and "Entry education" in figures
    # Far down the page, the contents are still on screen.
    page.locator("#faq").scroll_into_view_if_needed()
    toc = page.locator("nav.toc").bounding_box()
    assert 0 <= toc["y"] < 900
    context.close()


def test_on_a_phone_the_role_page_is_one_column_with_key_figures_first(browser, site):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.goto(site + "/jobs/medicine-and-nursing/registered-nurse/")
    figures = page.locator(".key-figures").bounding_box()
    body = page.locator(".role__body").bounding_box()
    lead = page.locator(".lead").bounding_box()
    assert lead["y"] < figures["y"] < body["y"]
    assert abs(figures["x"] - body["x"]) < 2
    context.close()


def test_compare_on_a_phone_keeps_labels_whole_and_names_each_value(browser, site):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.goto(site + "/compare/registered-nurse/electrician/")
    labels = page.evaluate(
        """() => [...document.querySelectorAll('.compare-table tbody th')].map(th => {
            const range = document.createRange(); range.selectNodeContents(th);
            const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
            return {text: th.textContent.trim(), lines: lines.size}; })"""
    )
    broken = [label["text"] for label in labels if " " not in label["text"] and label["lines"] > 1]
    assert labels and not broken, f"labels broken mid-word: {broken}"
    named = page.evaluate(
        """() => getComputedStyle(document.querySelector('.compare-table tbody td'),
        '::before').content"""
    )
    assert "Registered Nurse" in named
    # The route in is compared stage by stage.
    stages = page.locator("[aria-labelledby=compare-how-to-become] h3").all_inner_texts()
    assert stages == [stage.title for stage in ENTRY_STAGES]
    context.close()


def test_the_search_page_on_a_phone_shows_one_search_box(browser, site):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.goto(site + "/search/?q=nurse")
    visible = [box for box in page.locator("input[type=search]").all() if box.is_visible()]
    assert len(visible) == 1
    assert visible[0].input_value() == "nurse"
    context.close()
