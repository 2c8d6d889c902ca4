"""A reader's journey in a real browser: search, suggestions, compare, copy, contents,
keyboard use and layout on a phone and a desktop."""

from __future__ import annotations

import re

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="needs Playwright for Python").expect

pytestmark = pytest.mark.browser

ROLE = "/jobs/artificial-intelligence/ai-solutions-architect/"
COMPARE = "/compare/ai-solutions-architect/machine-learning-engineer/"
PAGES = {
    "home": "/",
    "category": "/jobs/artificial-intelligence/",
    "role": ROLE,
    "search": "/search/?q=architect",
    "compare": COMPARE,
    "a-z": "/roles/a-z/",
    "404": "/no-such-page/",
    "role, pay in a metro area": "/jobs/artificial-intelligence/data-scientist/"
    "?area=new-york-newark-jersey-city-ny-nj",
    "pay by state": "/jobs/artificial-intelligence/data-scientist/pay-by-state/",
    "occupations": "/occupations/",
    "occupation": "/occupations/15-2051/",
}


def test_suggestions_appear_while_typing_and_choosing_one_opens_the_role(page, site):
    page.goto(site + "/")
    box = page.get_by_role("combobox", name="Search roles")
    box.press_sequentially("machine", delay=30)
    listbox = page.get_by_role("listbox", name="Suggested roles")
    option = listbox.get_by_role("option", name=re.compile("Machine Learning Engineer"))
    option.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    box.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    assert page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    box.press("Enter")
    page.wait_for_url(site + "/jobs/artificial-intelligence/machine-learning-engineer/")
    assert page.locator("h1").inner_text() == "Machine Learning Engineer"


def test_clicking_a_suggestion_opens_it(page, site):
    page.goto(site + "/jobs/")
    page.get_by_role("combobox", name="Search roles").press_sequentially("arch", delay=30)
    page.get_by_role("option", name=re.compile("AI Solutions Architect")).click()
    page.wait_for_url(site + ROLE)


def test_the_404_page_search_box_suggests_roles(page, site):
    page.goto(site + "/no-such-page/")
    box = page.locator("main").get_by_role("combobox", name="Search roles")
    box.press_sequentially("machine", delay=30)
    listbox = page.locator("main").get_by_role("listbox", name="Suggested roles")
    listbox.get_by_role("option", name=re.compile("Machine Learning Engineer")).wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/machine-learning-engineer/$"))


def test_misspelled_search_on_a_phone_still_finds_the_role(browser, site):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.goto(site + "/")
    box = page.get_by_role("combobox", name="Search roles")
    box.fill("archtect")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=archtect"))
    assert "Did you mean" in page.locator(".did-you-mean").inner_text()
    page.get_by_role("link", name="AI Solutions Architect").first.click()
    page.wait_for_url(site + ROLE)
    context.close()


def test_search_works_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/")
    box = page.get_by_role("searchbox", name="Search roles")
    box.fill("kubernetes")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=kubernetes"))
    assert page.locator(".result").count() >= 1
    context.close()


def test_compare_with_from_the_role_page_shows_both_roles_side_by_side(page, site):
    page.goto(site + ROLE)
    page.get_by_label("Compare with…").fill("Machine Learning Engineer")
    page.get_by_role("button", name="Compare", exact=True).click()
    page.wait_for_url(site + COMPARE)
    headers = page.locator(".compare-table thead th")
    assert headers.all_inner_texts() == ["AI Solutions Architect", "Machine Learning Engineer"]
    left, right = page.locator("[aria-labelledby=compare-duties] .compare-columns > div").all()
    left_box, right_box = left.bounding_box(), right.bounding_box()
    assert abs(left_box["y"] - right_box["y"]) < 2
    assert right_box["x"] > left_box["x"] + left_box["width"] - 1


def test_compare_with_box_widens_to_the_whole_catalogue_as_one_types(page, site):
    page.goto(site + ROLE)
    offered = page.locator("#compare-with-roles option")
    assert "Data Analyst" not in [o.get_attribute("value") for o in offered.all()]
    page.get_by_label("Compare with…").press_sequentially("data an", delay=30)
    expect(offered).to_have_count(1)
    expect(offered.first).to_have_attribute("value", "Data Analyst")
    page.get_by_role("button", name="Compare", exact=True).click()
    page.wait_for_url(site + "/compare/ai-solutions-architect/data-analyst/")


def test_copy_cover_letter_puts_clean_text_on_the_clipboard(page, site):
    page.goto(site + ROLE)
    page.get_by_role("button", name="Copy cover letter").click()
    status = page.locator("#cover-letter ~ .role-tools__copy .copy-status")
    expect(status).to_have_text("Copied to the clipboard.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Dear ")
    assert "<" not in copied and "**" not in copied
    assert copied == page.evaluate(
        "document.getElementById('copy-cover-letter').content.textContent.trim()"
    )


def test_copy_job_description_puts_duties_and_qualifications_on_the_clipboard(page, site):
    page.goto(site + ROLE)
    page.get_by_role("button", name="Copy job description").click()
    page.get_by_text("Copied to the clipboard.").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    first_duty = page.locator("#duties ~ ul li").first.inner_text()
    assert f"- {first_duty}" in copied
    assert "Qualifications:" in copied


def test_table_of_contents_links_scroll_to_and_focus_their_section(page, site):
    page.goto(site + ROLE)
    page.locator("nav.toc").get_by_role("link", name="Sample cover letter").click()
    page.wait_for_function("document.activeElement.id === 'cover-letter'")
    top = page.locator("#cover-letter").bounding_box()["y"]
    assert 0 <= top < 100
    assert page.evaluate("window.scrollY") > 500


def outline(page) -> dict:
    return page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
        return {style: s.outlineStyle, width: parseFloat(s.outlineWidth), tag:
        document.activeElement.tagName, text: document.activeElement.textContent.trim()}; }"""
    )


def test_keyboard_user_skips_to_content_with_visible_focus(page, site):
    page.goto(site + ROLE)
    page.keyboard.press("Tab")
    focused = outline(page)
    assert focused["text"] == "Skip to content"
    assert focused["style"] != "none" and focused["width"] >= 2
    skip_box = page.locator(".skip-link").bounding_box()
    assert skip_box["y"] >= 0
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.id === 'main'")
    page.keyboard.press("Tab")
    focused = outline(page)
    assert focused["tag"] == "A" and focused["text"] == "Home"
    assert focused["style"] != "none" and focused["width"] >= 2


def test_keyboard_user_reaches_search_and_the_copy_button(page, site):
    page.goto(site + ROLE)
    seen = []
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = outline(page)
        if focused["tag"] == "BODY":  # past the last link: focus left the page
            break
        seen.append(focused)
    texts = [f["text"] for f in seen]
    assert "Search" in texts and "Copy job description" in texts
    unmarked = [f for f in seen if f["style"] == "none" or f["width"] < 2]
    assert not unmarked, [f["tag"] + ":" + f["text"][:20] for f in seen]


def test_printing_a_role_leaves_out_navigation_and_buttons(page, site):
    page.goto(site + ROLE)
    page.emulate_media(media="print")
    for selector in [".site-header", ".site-footer", "nav.toc", ".role-tools", ".copy-button"]:
        assert not page.locator(selector).first.is_visible(), selector
    assert page.locator("h1").is_visible()
    assert page.locator("#qualifications").is_visible()
