from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.html import form_fields

# A role of the shipped catalogue with an SOC code (15-2051) that the pay sample covers.
ROLE_PAGE = "/jobs/data-and-analytics/data-scientist/"
BUILDER = ROLE_PAGE + "job-ad/"
HOSTILE = '</script><img src=x onerror=alert(1)> & "quotes" *stars* [link](javascript:x)'

ON_SITE = {
    "company": "Northwind Analytics",
    "website": "https://northwind.example",
    "intro": "We help hospitals plan staffing.",
    "workplace": "onsite",
    "city": "Austin",
    "region": "TX",
    "employment_type": "FULL_TIME",
    "date_posted": "2030-01-05",
    "closes": "2030-02-28",
    "reference": "DS-2030-01",
    "benefits": "Health, dental and vision cover.",
    "closing": "We reply to every applicant.",
    "apply_url": "https://northwind.example/jobs/ds",
    "direct_apply": "on",
}
REMOTE = {
    **ON_SITE,
    "workplace": "remote",
    "city": "",
    "region": "",
    "applicants": "California, OR",
}


def state_of(location: str) -> str:
    return parse_qs(urlsplit(location).query)["s"][0]


@pytest.fixture
def builder_form(client, catalogue):
    """The builder's form as a browser would submit it untouched."""
    response = client.get(BUILDER)
    assert response.status_code == 200
    return form_fields(response, "job-ad-form")


@pytest.fixture
def build(client, builder_form):
    """Submit the builder's form with some fields changed; returns (redirect, final page)."""

    def submit(**changes: str):
        data = {**builder_form, **changes}
        data = {k: v for k, v in data.items() if v is not None}
        redirect = client.get(BUILDER, data)
        assert redirect.status_code == 302, redirect.content[:500]
        return redirect, client.get(redirect["Location"])

    return submit
