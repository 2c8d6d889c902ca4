"""Pay in a real browser: the area form without JavaScript, and the map on a phone."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

ROLE = "/jobs/artificial-intelligence/data-scientist/"


def test_reader_without_javascript_picks_a_state_and_gets_a_shareable_address(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + ROLE)
    page.get_by_label("Show pay in").select_option(label="California")
    page.get_by_role("button", name="Show", exact=True).click()
    page.wait_for_url("**?area=california")
    california = page.locator(".pay-card").first
    assert "California" in california.inner_text()
    assert "$141,590" in california.inner_text()
    assert "$120,230" in page.locator(".pay-card").nth(1).inner_text()
    context.close()


def test_state_map_fits_a_phone_screen(browser, site):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(site + ROLE + "pay-by-state/")
    box = page.locator("svg.pay-map").first.bounding_box()
    assert 300 <= box["width"] <= 360
    assert page.locator("svg.pay-map path").count() == 51
    context.close()
