"""The job-ad builder in Chromium: a remote and an on-site posting filled in and built, every
export copied with its button and the JSON-LD parsed by extruct; axe, a 360 px phone, and the
whole flow without JavaScript."""

from __future__ import annotations

import extruct
import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import violations

pytestmark = pytest.mark.browser

ROLE = "/jobs/data-and-analytics/data-scientist/"
REQUIRED = {"title", "description", "datePosted", "hiringOrganization"}
EXPORTS = {
    "text": "Copy plain text",
    "markdown": "Copy Markdown",
    "html": "Copy HTML",
    "json-ld": "Copy JSON-LD",
}


def job_posting(script_element: str) -> dict:
    page = f"<!doctype html><html><head>{script_element}</head><body></body></html>"
    [document] = extruct.extract(page, syntaxes=["json-ld"])["json-ld"]
    [posting] = [i for i in document["@graph"] if i["@type"] == "JobPosting"]
    return posting


def fill_common(page) -> None:
    page.get_by_label("Company name").fill("Northwind Analytics")
    page.get_by_label("Company website").fill("https://northwind.example")
    page.get_by_label("A short introduction to the company").fill("We plan hospital staffing.")
    page.get_by_label("Applications close").fill("2030-02-28")
    page.get_by_label("Job reference").fill("DS-7")
    page.get_by_label("Link to apply").fill("https://northwind.example/apply")


def open_builder(page, site) -> None:
    page.goto(site + ROLE)
    page.get_by_role("link", name="Write a job ad from this role").click()
    page.wait_for_url("**/job-ad/")
    expect(page.get_by_label("Job title")).to_have_value("Data Scientist")


def build(page) -> None:
    page.get_by_role("button", name="Build the ad").click()
    page.wait_for_url("**/job-ad/?s=*")


def copy_every_export(page) -> dict[str, str]:
    copied = {}
    for name, button in EXPORTS.items():
        page.get_by_role("button", name=button).click()
        status = page.locator(f"#export-{name} ~ .role-tools__copy .copy-status")
        expect(status).to_have_text("Copied to the clipboard.")
        copied[name] = page.evaluate("navigator.clipboard.readText()")
        assert copied[name] == page.locator(f"#export-{name}").input_value().strip()
    return copied


def test_on_site_posting_is_built_copied_and_valid(page, site):
    open_builder(page, site)
    fill_common(page)
    page.get_by_label("On site").check()
    page.get_by_label("City or metro area").fill("Austin")
    page.get_by_label("State", exact=True).select_option(label="Texas")
    page.get_by_label("Pay data for").select_option(label="Texas")
    page.get_by_label("Set the range below to these figures").check()
    build(page)
    copied = copy_every_export(page)
    posting = job_posting(copied["json-ld"])
    assert posting.keys() >= REQUIRED | {"jobLocation", "baseSalary", "validThrough"}
    assert posting["jobLocation"]["address"]["addressRegion"] == "TX"
    assert posting["baseSalary"]["value"]["unitText"] == "YEAR"
    assert "Location: Austin, Texas" in copied["text"]
    assert copied["markdown"].startswith("# Data Scientist")
    assert copied["html"].startswith('<article class="job-ad">')
    expect(page.get_by_text("The markup has every property Google requires")).to_be_visible()


def test_remote_posting_is_built_copied_and_valid(page, site):
    open_builder(page, site)
    fill_common(page)
    page.get_by_label("Remote").check()
    page.get_by_label("Open to applicants in").fill("United States")
    page.get_by_label("Paid", exact=True).select_option(label="Per hour")
    page.get_by_label("Lowest pay in dollars").fill("48")
    page.get_by_label("Highest pay in dollars").fill("72.50")
    build(page)
    posting = job_posting(copy_every_export(page)["json-ld"])
    assert posting.keys() >= REQUIRED
    assert posting["jobLocationType"] == "TELECOMMUTE"
    assert posting["applicantLocationRequirements"] == [
        {"@type": "Country", "name": "United States"}
    ]
    assert posting["baseSalary"]["value"] == {
        "@type": "QuantitativeValue",
        "minValue": 48,
        "maxValue": 72.5,
        "unitText": "HOUR",
    }
    # The link re-opens the same ad.
    page.get_by_role("button", name="Copy the link").click()
    link = page.evaluate("navigator.clipboard.readText()")
    page.goto(link)
    expect(page.get_by_label("Open to applicants in")).to_have_value("United States")


def test_bad_input_gets_a_message_at_its_field_and_keeps_what_was_typed(page, site):
    open_builder(page, site)
    page.get_by_label("Job title").fill("DATA SCIENTIST")
    page.get_by_label("Lowest pay in dollars").fill("90000")
    page.get_by_label("Highest pay in dollars").fill("70000")
    build(page)
    title = page.get_by_label("Job title")
    expect(title).to_have_value("DATA SCIENTIST")
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_pay_max-error")).to_contain_text("swap them")
    expect(page.get_by_role("button", name="Copy JSON-LD")).to_have_count(0)


@pytest.mark.parametrize("built", [False, True], ids=["blank", "built"])
def test_builder_has_no_axe_violations(page, site, axe_path, built):
    open_builder(page, site)
    if built:
        page.get_by_label("Job title").fill("DATA SCIENTIST $1")
        build(page)
        assert violations(page, axe_path) == []
        page.get_by_label("Job title").fill("Data Scientist")
        fill_common(page)
        page.get_by_label("City or metro area").fill("Austin")
        build(page)
    assert violations(page, axe_path) == []


def test_builder_fits_a_360_px_phone(browser, site):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(site + ROLE + "job-ad/")
    fill_common(page)
    page.get_by_label("Company name").fill("A" * 120)
    build(page)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    box = page.get_by_label("Link to apply").bounding_box()
    context.close()
    assert overflow <= 0, f"the builder scrolls sideways by {overflow}px"
    assert box["x"] + box["width"] <= 360


def test_whole_flow_works_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + ROLE)
    page.get_by_role("link", name="Write a job ad from this role").click()
    fill_common(page)
    page.get_by_label("City or metro area").fill("Sacramento")
    page.get_by_label("State", exact=True).select_option(label="California")
    # Reorder: the second duty first; add one of our own at the end.
    second = page.get_by_label("Duty 2", exact=True).input_value()
    page.get_by_label("Position of duty 1", exact=True).fill("3")
    page.get_by_label("Position of duty 2", exact=True).fill("1")
    blank = page.locator(".ad-rows").first.locator("input[type=text]").last
    blank.fill("Mentor two junior analysts")
    build(page)
    expect(page.get_by_label("Duty 1", exact=True)).to_have_value(second)
    assert page.get_by_role("button", name="Copy JSON-LD").is_hidden()
    script = page.locator("#export-json-ld").input_value()
    posting = job_posting(script)
    assert posting.keys() >= REQUIRED | {"jobLocation"}
    assert "<li>Mentor two junior analysts</li>" in posting["description"]
    assert posting["description"].index(second) < posting["description"].index("Mentor two")
    context.close()
