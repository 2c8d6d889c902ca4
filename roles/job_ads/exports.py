"""One JobAd in every format a hiring manager needs: plain text for job boards, Markdown, clean
HTML, and schema.org JobPosting JSON-LD for the employer's own careers page.

Whatever was typed stays text in each of them: HTML is escaped by the template, Markdown gets
HTML entities and backslashes for its own syntax, and the JSON-LD is serialised by
`to_json_ld`, which no text can break out of a <script> element with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.functional import cached_property

from roles.formats.structured_data import to_json_ld
from roles.job_ads.posting import JobAd

POSTING_TEMPLATE = "roles/_job_ad_posting.html"

# Download formats: (file extension, content type).
FORMATS = {
    "txt": ("txt", "text/plain"),
    "md": ("md", "text/markdown"),
    "html": ("html", "text/html"),
    "json": ("json", "application/ld+json"),
}

# Markdown syntax characters that could turn typed text into links, images or formatting:
# those that CommonMark and Python-Markdown both let a backslash escape.
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]{}()#+!])")
# A list item or a quote where a line starts: "- ", "> ", "1. ".
_LINE_START_MARKERS = re.compile(r"^(\s*)(?:([->])|(\d+)([.]))", re.MULTILINE)


def markdown_text(text: str) -> str:
    """Typed text as Markdown that renders to the same text and never to markup: HTML's own
    characters as entities (CommonMark and Python-Markdown alike show them as typed), Markdown's
    syntax escaped with backslashes."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)
    return _LINE_START_MARKERS.sub(
        lambda m: f"{m[1]}\\{m[2]}" if m[2] else f"{m[1]}{m[3]}\\{m[4]}", text
    )


def _number(amount: Decimal) -> int | float:
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...] = ()
    items: tuple[str, ...] = ()


def sections(ad: JobAd) -> list[Section]:
    """The ad's body in reading order, shared by the text and Markdown exports (the HTML one
    follows the same order in its template)."""
    found = []
    if ad.intro:
        found.append(
            Section(
                f"About {ad.company}" if ad.company else "About us", tuple(_paragraphs(ad.intro))
            )
        )
    if ad.duties:
        found.append(Section("What you will do", items=ad.duties))
    if ad.qualifications:
        found.append(Section("What we are looking for", items=ad.qualifications))
    if ad.benefits:
        found.append(Section("Benefits", tuple(_paragraphs(ad.benefits))))
    apply = [*_paragraphs(ad.apply_how)]
    if ad.apply_url:
        apply.append(f"Apply at {ad.apply_url}")
    if ad.apply_email:
        apply.append(f"Email {ad.apply_email}")
    if apply:
        found.append(Section("How to apply", tuple(apply)))
    if ad.closing:
        found.append(Section("", tuple(_paragraphs(ad.closing))))
    return found


def facts(ad: JobAd) -> list[tuple[str, str]]:
    """The short facts under the title: location, type, pay, dates, reference."""
    rows = [
        ("Company", ad.company),
        ("Location", ad.location_text),
        ("Employment type", ad.employment_label),
        ("Pay", str(ad.pay) if ad.pay else ""),
        ("Posted", f"{ad.date_posted:%B %-d, %Y}" if ad.date_posted else ""),
        ("Applications close", f"{ad.closes:%B %-d, %Y}" if ad.closes else ""),
        ("Reference", ad.reference),
    ]
    return [(label, value) for label, value in rows if value]


@dataclass(frozen=True)
class Exports:
    ad: JobAd

    @cached_property
    def html(self) -> str:
        return render_to_string(POSTING_TEMPLATE, {"ad": self.ad, "facts": facts(self.ad)}).strip()

    @cached_property
    def text(self) -> str:
        lines = [self.ad.title, "=" * len(self.ad.title), ""]
        lines += [f"{label}: {value}" for label, value in facts(self.ad)]
        for section in sections(self.ad):
            lines.append("")
            if section.heading:
                lines += [section.heading, "-" * len(section.heading)]
            lines += [line for p in section.paragraphs for line in (p, "")][:-1]
            lines += [f"- {item}" for item in section.items]
        return "\n".join(lines).strip() + "\n"

    @cached_property
    def markdown(self) -> str:
        lines = [f"# {markdown_text(self.ad.title)}", ""]
        lines += [f"**{label}:** {markdown_text(value)}  " for label, value in facts(self.ad)]
        for section in sections(self.ad):
            lines.append("")
            if section.heading:
                lines += [f"## {markdown_text(section.heading)}", ""]
            lines += [line for p in section.paragraphs for line in (markdown_text(p), "")][:-1]
            lines += [f"- {markdown_text(item)}" for item in section.items]
        return "\n".join(lines).strip() + "\n"

    @cached_property
    def job_posting(self) -> dict:
        """schema.org JobPosting with Google's required properties and the recommended ones
        the form filled in."""
        ad = self.ad
        posting: dict = {"@type": "JobPosting", "title": ad.title, "description": self.html}
        if ad.date_posted:
            posting["datePosted"] = ad.date_posted.isoformat()
        if ad.closes:
            posting["validThrough"] = ad.closes.isoformat()
        if ad.company:
            organization = {"@type": "Organization", "name": ad.company}
            if ad.website:
                organization["sameAs"] = ad.website
            posting["hiringOrganization"] = organization
        if ad.is_remote:
            posting["jobLocationType"] = "TELECOMMUTE"
            if ad.applicant_areas:
                posting["applicantLocationRequirements"] = [
                    {"@type": area.kind, "name": area.name} for area in ad.applicant_areas
                ]
        elif ad.place:
            address = {"@type": "PostalAddress", "addressCountry": "US"}
            if ad.place.city:
                address["addressLocality"] = ad.place.city
            if ad.place.region:
                address["addressRegion"] = ad.place.region
            posting["jobLocation"] = {"@type": "Place", "address": address}
        if ad.employment_type:
            posting["employmentType"] = ad.employment_type
        if ad.pay:
            posting["baseSalary"] = {
                "@type": "MonetaryAmount",
                "currency": "USD",
                "value": {
                    "@type": "QuantitativeValue",
                    "minValue": _number(ad.pay.minimum),
                    "maxValue": _number(ad.pay.maximum),
                    "unitText": ad.pay.unit,
                },
            }
        posting["directApply"] = ad.direct_apply
        if ad.reference:
            posting["identifier"] = {
                "@type": "PropertyValue",
                "name": ad.company or "Job reference",
                "value": ad.reference,
            }
        return posting

    @cached_property
    def json_ld(self) -> str:
        """The JobPosting as a JSON-LD document."""
        return str(to_json_ld([self.job_posting], indent=2))

    @cached_property
    def script_element(self) -> str:
        """What the employer pastes into their careers page's <head>."""
        return f'<script type="application/ld+json">\n{self.json_ld}\n</script>\n'

    def download(self, name: str) -> str:
        return {
            "txt": self.text,
            "md": self.markdown,
            "html": self.html + "\n",
            "json": self.json_ld + "\n",
        }[name]
