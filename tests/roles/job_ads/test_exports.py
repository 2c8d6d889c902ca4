"""Every export from the one JobAd: hostile text stays text, and the JSON-LD, read by extruct,
has every property Google requires for on-site and remote postings."""

from __future__ import annotations

from datetime import date

import extruct
import lxml.html
import markdown
import pytest

from roles.job_ads.exports import Exports, markdown_text
from roles.job_ads.forms import JobAdForm
from roles.job_ads.validation import check_job_posting
from tests.roles.job_ads.conftest import HOSTILE, ON_SITE, REMOTE

ROWS = {
    "duty-0-text": "Build forecasting models",
    "duty-0-include": "on",
    "qual-0-text": "SQL and Python",
    "qual-0-include": "on",
}
REQUIRED = {"title", "description", "datePosted", "hiringOrganization"}
PAY = {"pay_unit": "YEAR", "pay_min": "95000", "pay_max": "140000"}


def exports_of(data: dict[str, str]) -> Exports:
    form = JobAdForm({"title": "Data Scientist", **data})
    assert form.is_valid(), form.errors
    return Exports(form.job_ad(date(2030, 1, 5)))


def parsed_postings(exports: Exports) -> list[dict]:
    page = f"<!doctype html><html><head>{exports.script_element}</head><body></body></html>"
    found = extruct.extract(page, syntaxes=["json-ld"], uniform=True)["json-ld"]
    return [
        item
        for document in found
        for item in document.get("@graph", [document])
        if item.get("@type") == "JobPosting"
    ]


def test_on_site_posting_has_every_required_and_recommended_property():
    exports = exports_of({**ON_SITE, **ROWS, **PAY})
    [posting] = parsed_postings(exports)
    assert posting.keys() >= REQUIRED | {"jobLocation"}
    assert posting["jobLocation"]["address"] == {
        "@type": "PostalAddress",
        "addressCountry": "US",
        "addressLocality": "Austin",
        "addressRegion": "TX",
    }
    assert posting["hiringOrganization"] == {
        "@type": "Organization",
        "name": "Northwind Analytics",
        "sameAs": "https://northwind.example",
    }
    assert posting["datePosted"] == "2030-01-05"
    assert posting["validThrough"] == "2030-02-28"
    assert posting["employmentType"] == "FULL_TIME"
    assert posting["directApply"] is True
    assert posting["identifier"] == {
        "@type": "PropertyValue",
        "name": "Northwind Analytics",
        "value": "DS-2030-01",
    }
    assert posting["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "USD",
        "value": {
            "@type": "QuantitativeValue",
            "minValue": 95000,
            "maxValue": 140000,
            "unitText": "YEAR",
        },
    }
    assert "<li>Build forecasting models</li>" in posting["description"]
    assert check_job_posting(posting, date(2030, 1, 5)) == []


def test_remote_posting_is_telecommute_with_applicant_locations_and_no_address():
    exports = exports_of({**REMOTE, **ROWS, **PAY, "pay_unit": "HOUR", "pay_min": "45.5",
                          "pay_max": "70"})  # fmt: skip
    [posting] = parsed_postings(exports)
    assert posting.keys() >= REQUIRED
    assert "jobLocation" not in posting
    assert posting["jobLocationType"] == "TELECOMMUTE"
    assert posting["applicantLocationRequirements"] == [
        {"@type": "State", "name": "California"},
        {"@type": "State", "name": "Oregon"},
    ]
    assert posting["baseSalary"]["value"]["minValue"] == 45.5
    assert posting["baseSalary"]["value"]["unitText"] == "HOUR"
    assert check_job_posting(posting, date(2030, 1, 5)) == []


@pytest.mark.parametrize("field", ["company", "intro", "benefits", "closing", "duty-0-text"])
def test_hostile_text_is_escaped_in_every_export(field):
    exports = exports_of({**ON_SITE, **ROWS, field: HOSTILE})
    # Plain text: the characters as typed, no markup language to speak of.
    assert HOSTILE in exports.text
    # HTML: escaped, so a parser sees text and no element.
    tree = lxml.html.fromstring(exports.html)
    assert not tree.xpath("//img | //script | //a[starts-with(@href, 'javascript')]")
    assert "</script><img" not in exports.html
    assert HOSTILE in tree.text_content()
    # Markdown: rendered, it is the same text and no element either.
    rendered = lxml.html.fromstring(f"<div>{markdown.markdown(exports.markdown)}</div>")
    assert not rendered.xpath("//img | //script | //a")
    assert "</script><img src=x onerror=alert(1)>" in rendered.text_content()
    # JSON-LD: nothing closes the <script> element, and the parsed value is as typed.
    assert "</script>" not in exports.json_ld
    assert "<img" not in exports.json_ld
    [posting] = parsed_postings(exports)
    if field == "company":
        assert posting["hiringOrganization"]["name"] == HOSTILE
    else:
        description = lxml.html.fromstring(posting["description"])
        assert not description.xpath("//img | //script")
        assert HOSTILE in description.text_content()


def test_markdown_escaping_keeps_ordinary_text_readable():
    assert markdown_text("Health & dental, 401(k)") == "Health &amp; dental, 401\\(k\\)"
    assert markdown.markdown(markdown_text("- not a list\n1. not a number")) == (
        "<p>- not a list\n1. not a number</p>"
    )


def test_text_export_reads_as_a_job_ad():
    text = exports_of({**ON_SITE, **ROWS, **PAY}).text
    assert text.startswith("Data Scientist\n==============\n\nCompany: Northwind Analytics\n")
    assert "Location: Austin, Texas\n" in text
    assert "Pay: $95,000 to $140,000 a year\n" in text
    assert "What you will do\n----------------\n- Build forecasting models\n" in text
    assert "Apply at https://northwind.example/jobs/ds" in text
