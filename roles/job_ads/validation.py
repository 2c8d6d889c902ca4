"""Checks a JobPosting against Google's list of required and recommended properties (Google
Search Central, "Job posting structured data"), and says what is missing in words, naming the
form field that fills it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Finding:
    property: str
    required: bool
    message: str

    def __str__(self) -> str:
        return f"{'Required' if self.required else 'Recommended'}: {self.message}"


REQUIRED = {
    "title": "the job title (title) is missing: fill in Job title.",
    "description": "the description of the job (description) is missing.",
    "datePosted": "the date the posting was published (datePosted) is missing or not a date.",
    "hiringOrganization": "the hiring organization (hiringOrganization) needs a name: fill in "
    "Company name.",
    "jobLocation": "where the job is done (jobLocation) is missing: give a city and state, or "
    "mark the job as remote.",
    "applicantLocationRequirements": "a remote job (jobLocationType TELECOMMUTE) must say where "
    "applicants may live (applicantLocationRequirements): fill in Open to applicants in.",
}
RECOMMENDED = {
    "validThrough": "the closing date (validThrough) is missing: without it the posting never "
    "expires; fill in Applications close.",
    "employmentType": "the employment type (employmentType) is missing: choose Full time, Part "
    "time, Contract, Temporary or Internship.",
    "baseSalary": "the pay range (baseSalary) is missing: give the lowest and highest pay.",
    "directApply": "whether applicants apply on your page (directApply) is not said.",
    "identifier": "the job reference (identifier) is missing: fill in Job reference.",
}


def _job_posting(data: dict) -> dict:
    """The JobPosting in a JSON-LD document: the document itself, or the one in its @graph."""
    if data.get("@type") == "JobPosting":
        return data
    for item in data.get("@graph", []):
        if isinstance(item, dict) and item.get("@type") == "JobPosting":
            return item
    return {}


def _filled(value: Any) -> bool:
    return value not in (None, "", [], {})


def _is_date(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        date.fromisoformat(value[:10])
    except ValueError:
        return False
    return True


def _has_address(location: Any) -> bool:
    places = location if isinstance(location, list) else [location]
    return any(
        isinstance(place, dict)
        and isinstance(place.get("address"), dict)
        and any(
            _filled(place["address"].get(part))
            for part in ("addressLocality", "addressRegion", "postalCode", "streetAddress")
        )
        for place in places
    )


def _has_salary(salary: Any) -> bool:
    if not isinstance(salary, dict) or not _filled(salary.get("currency")):
        return False
    value = salary.get("value")
    return (
        isinstance(value, dict)
        and _filled(value.get("unitText"))
        and (_filled(value.get("value")) or _filled(value.get("minValue")))
    )


def check_job_posting(data: dict, today: date | None = None) -> list[Finding]:
    """Every missing required property, then every missing recommended one, in words; an
    empty list for a complete posting."""
    posting = _job_posting(data)
    missing_required = []
    for name in ("title", "description"):
        if not (isinstance(posting.get(name), str) and posting[name].strip()):
            missing_required.append(name)
    if not _is_date(posting.get("datePosted")):
        missing_required.append("datePosted")
    organization = posting.get("hiringOrganization")
    if not (isinstance(organization, dict) and _filled(organization.get("name"))):
        missing_required.append("hiringOrganization")
    if posting.get("jobLocationType") == "TELECOMMUTE":
        if not _filled(posting.get("applicantLocationRequirements")):
            missing_required.append("applicantLocationRequirements")
    elif not _has_address(posting.get("jobLocation")):
        missing_required.append("jobLocation")
    findings = [Finding(name, True, REQUIRED[name]) for name in missing_required]

    missing = [
        name for name in ("validThrough", "employmentType") if not _filled(posting.get(name))
    ]
    if not _has_salary(posting.get("baseSalary")):
        missing.append("baseSalary")
    if not isinstance(posting.get("directApply"), bool):
        missing.append("directApply")
    if not _filled(posting.get("identifier")):
        missing.append("identifier")
    findings += [Finding(name, False, RECOMMENDED[name]) for name in RECOMMENDED if name in missing]
    closes = posting.get("validThrough")
    passed = isinstance(closes, str) and _is_date(closes) and date.fromisoformat(closes[:10])
    if today and passed and passed < today:
        findings.append(
            Finding(
                "validThrough",
                False,
                "the closing date (validThrough) has passed: search engines treat the posting as "
                "expired.",
            )
        )
    return findings
