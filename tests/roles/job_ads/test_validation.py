"""The JobPosting check names each missing property in words."""

from __future__ import annotations

from datetime import date

from roles.job_ads.validation import check_job_posting


def messages(posting: dict) -> list[str]:
    return [str(finding) for finding in check_job_posting(posting, date(2030, 1, 1))]


def test_an_empty_posting_lacks_every_required_and_recommended_property():
    assert messages({"@type": "JobPosting"}) == [
        "Required: the job title (title) is missing: fill in Job title.",
        "Required: the description of the job (description) is missing.",
        "Required: the date the posting was published (datePosted) is missing or not a date.",
        "Required: the hiring organization (hiringOrganization) needs a name: fill in Company"
        " name.",
        "Required: where the job is done (jobLocation) is missing: give a city and state, or"
        " mark the job as remote.",
        "Recommended: the closing date (validThrough) is missing: without it the posting never"
        " expires; fill in Applications close.",
        "Recommended: the employment type (employmentType) is missing: choose Full time, Part"
        " time, Contract, Temporary or Internship.",
        "Recommended: the pay range (baseSalary) is missing: give the lowest and highest pay.",
        "Recommended: whether applicants apply on your page (directApply) is not said.",
        "Recommended: the job reference (identifier) is missing: fill in Job reference.",
    ]


def test_a_remote_posting_needs_applicant_locations_instead_of_an_address():
    found = check_job_posting({"@type": "JobPosting", "jobLocationType": "TELECOMMUTE"})
    required = [f.property for f in found if f.required]
    assert "applicantLocationRequirements" in required
    assert "jobLocation" not in required


def test_a_passed_closing_date_is_said():
    posting = {"@graph": [{"@type": "JobPosting", "validThrough": "2029-12-31"}]}
    assert (
        "Recommended: the closing date (validThrough) has passed: search engines treat the"
        " posting as expired." in messages(posting)
    )
