"""The admin at 1280 px, as an editor works in it: nothing scrolls sideways, the short texts of
the inlines are short boxes, and the header names the site."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from roles.models import Role
from tests.roles.editors import make_editor

pytestmark = pytest.mark.browser

SIDEWAYS = """[...document.querySelectorAll('body *')]
    .filter(e => !e.matches(
      'input, textarea, .select2-selection__rendered, .visually-hidden, .visually-hidden *'))
    .filter(e => getComputedStyle(e).overflowX !== 'visible')
    .filter(e => e.scrollWidth > e.clientWidth + 1)
    .map(e => `${e.tagName.toLowerCase()}.${e.className}: ${e.scrollWidth - e.clientWidth} px`)"""


def test_the_role_form_fits_a_1280_pixel_screen(browser, site):
    role = Role.objects.get(slug="ai-solutions-architect")
    client = Client()
    client.force_login(make_editor("wide-screen"))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    host = site.split("//", 1)[1].split(":")[0]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "domain": host, "path": "/"}]
    )
    page = context.new_page()
    try:
        page.goto(f"{site}/admin/roles/role/{role.pk}/change/")
        assert f"{settings.SITE_NAME} editors" in page.locator("#site-name").inner_text()
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the page scrolls sideways by {overflow} px"
        # Nothing in the form scrolls or clips sideways (text inside a one-line box may).
        clipped = page.evaluate(SIDEWAYS)
        assert clipped == [], clipped
        for selector in ("#facts-group", "#duties-group", "#faqs-group"):
            right = page.locator(selector).evaluate("g => g.getBoundingClientRect().right")
            assert right <= 1280, selector
        question = page.locator("#id_faqs-0-question").evaluate("e => e.clientWidth")
        assert question >= 500
        rows = page.locator("#id_duties-0-text").get_attribute("rows")
        assert rows == "2"
    finally:
        context.close()
