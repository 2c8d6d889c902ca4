"""axe-core, injected into each page type in Chromium, finds no accessibility violations."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/",
    "category": "/jobs/artificial-intelligence/",
    "role": "/jobs/artificial-intelligence/ai-solutions-architect/",
    "search": "/search/?q=architect",
    "search with no results": "/search/?q=archtect",
    "compare": "/compare/ai-solutions-architect/machine-learning-engineer/",
    "a-z": "/roles/a-z/",
    "a-z letter": "/roles/a-z/a/",
    "compare, no match": "/compare/?a=ai-solutions-architect&b=zqxwv",
    "compare, landing": "/compare/",
    "404": "/no-such-page/",
    "role, pay in a state": "/jobs/artificial-intelligence/data-scientist/?area=california",
    "pay by state": "/jobs/artificial-intelligence/data-scientist/pay-by-state/",
    "occupations": "/occupations/",
    "occupation": "/occupations/15-2051/",
    "about": "/about/",
    "methodology": "/about/methodology/",
    "ai impact": "/ai-impact/",
    "compare, phone layout source": "/compare/registered-nurse/electrician/",
}


def violations(page, axe_path) -> list[str]:
    # Evaluated through the DevTools protocol rather than added as an inline <script>, which the
    # site's Content-Security-Policy (script-src 'self') rightly blocks.
    page.evaluate(axe_path.read_text(encoding="utf-8"))
    result = page.evaluate(
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(r => r.violations.map(v => v.id + ': ' + v.help + ' at '"
        " + v.nodes.map(n => n.target.join(' ')).join(', ')))"
    )
    return result


@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_axe_violations(page, site, axe_path, name):
    page.goto(site + PAGES[name])
    assert violations(page, axe_path) == []


def test_gone_page_with_its_search_box_has_no_axe_violations(page, site, axe_path):
    from tests.factories import make_role

    role = make_role(slug="removed-role")
    role.delete()
    response = page.goto(site + "/jobs/taken-down/removed-role/")
    assert response is not None and response.status == 410
    assert violations(page, axe_path) == []


def test_temporarily_unavailable_page_has_no_axe_violations(page, site, axe_path):
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import make_role

    make_role(slug="resting-role", taken_down_until=timezone.now() + timedelta(days=2))
    response = page.goto(site + "/jobs/taken-down/resting-role/")
    assert response is not None and response.status == 503
    assert violations(page, axe_path) == []


def test_open_suggestion_list_has_no_axe_violations(page, site, axe_path):
    page.goto(site + "/")
    page.get_by_role("combobox", name="Search roles").press_sequentially("data", delay=30)
    page.get_by_role("option").first.wait_for()
    page.keyboard.press("ArrowDown")
    assert violations(page, axe_path) == []


@pytest.mark.parametrize("width", [360, 1280])
def test_role_page_has_no_axe_violations_on_phone_and_desktop(browser, site, axe_path, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(site + PAGES["role"])
    found = violations(page, axe_path)
    context.close()
    assert found == []
