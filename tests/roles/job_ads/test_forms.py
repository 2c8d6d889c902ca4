"""The form: each bad input gets its own message next to its field, and nothing typed is lost."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from roles.job_ads.forms import JobAdForm, submitted_data
from roles.models import Role
from tests.roles.job_ads.conftest import ON_SITE

VALID = {**ON_SITE, "title": "Data Scientist", "pay_unit": "YEAR", "pay_area": "us"}


def errors_of(**changes: str) -> dict[str, list[str]]:
    form = JobAdForm({**VALID, **changes})
    form.is_valid()
    return form.errors


def test_a_complete_form_is_valid():
    assert errors_of() == {}


def test_empty_title_is_refused_with_a_message():
    assert errors_of(title="  ")["title"] == ["Give the job a title, such as the role's own."]


@pytest.mark.parametrize(
    ("title", "words"),
    [
        ("DATA SCIENTIST", "not all capitals"),
        ("Data Scientist $120,000", "Leave pay out of the title"),
        ("Data Scientist 120k", "Leave pay out of the title"),
        ("Data Scientist (Texas)", "Leave the location out of the title"),
        ("Data Scientist, TX", "Leave the location out of the title"),
        ("Data Scientist in Austin", "Leave the location out of the title"),
        ("Remote Data Scientist", "Leave the location out of the title"),
        ("Data Scientist 🚀", "Leave emoji"),
    ],
)
def test_title_follows_the_editorial_guide(title, words):
    assert any(words in message for message in errors_of(title=title)["title"])


def test_acronyms_are_not_all_capitals():
    assert errors_of(title="AI/ML Engineer") == {}


@pytest.mark.django_db
def test_every_shipped_role_title_passes_the_title_check(catalogue):
    for title in Role.objects.values_list("title", flat=True):
        assert errors_of(title=title) == {}, title


def test_closing_date_before_the_start_is_refused():
    errors = errors_of(date_posted="2030-03-01", closes="2030-02-01")
    assert errors == {
        "closes": [
            "Applications close before the posting starts (March 1, 2030): pick a closing date"
            " on or after it."
        ]
    }


def test_pay_range_upside_down_is_refused():
    errors = errors_of(pay_min="90000", pay_max="70000")
    assert errors == {
        "pay_max": ["The highest pay ($70,000) is below the lowest ($90,000): swap them."]
    }


@pytest.mark.parametrize(
    ("unit", "low", "high", "field", "words"),
    [
        ("YEAR", "30", "45", "pay_min", "Is it an hourly figure?"),
        ("YEAR", "80000", "9000000", "pay_max", "between $15,000 and $1,000,000 a year"),
        ("HOUR", "3", "20", "pay_min", "between $7.25 and $500 an hour"),
        ("HOUR", "60000", "90000", "pay_max", "Is it a yearly figure?"),
    ],
)
def test_implausible_pay_is_refused(unit, low, high, field, words):
    errors = errors_of(pay_unit=unit, pay_min=low, pay_max=high)
    assert any(words in message for message in errors[field]), errors


def test_half_a_pay_range_asks_for_the_other_half():
    assert errors_of(pay_min="80000")["pay_max"] == [
        "Give the highest pay too, or clear both for no range."
    ]


def test_no_pay_range_is_allowed():
    form = JobAdForm(VALID)
    assert form.is_valid()
    assert form.job_ad(date(2030, 1, 1)).pay is None


def test_remote_job_must_say_where_applicants_may_live():
    errors = errors_of(workplace="remote", applicants="")
    assert "Say where applicants of a remote job may live" in errors["applicants"][0]


def test_remote_applicant_areas_are_states_or_countries():
    form = JobAdForm({**VALID, "workplace": "remote", "applicants": "usa, ca, Oregon, Canada"})
    assert form.is_valid(), form.errors
    ad = form.job_ad(date(2030, 1, 1))
    assert [(a.name, a.kind) for a in ad.applicant_areas] == [
        ("United States", "Country"),
        ("California", "State"),
        ("Oregon", "State"),
        ("Canada", "Country"),
    ]


def test_a_form_in_error_keeps_everything_typed():
    data = {
        **VALID,
        "title": "DATA SCIENTIST",
        "pay_min": "90000",
        "pay_max": "70000",
        "intro": "Our own words.",
        "duty-0-text": "A duty of our own",
        "duty-0-include": "on",
        "duty-0-position": "1",
    }
    form = JobAdForm(data)
    assert not form.is_valid()
    html = form.as_div() + "".join(str(row.text) for row in form.duty_rows)
    for typed in ("DATA SCIENTIST", "90000", "70000", "Our own words.", "A duty of our own"):
        assert typed in html


def test_rows_are_reordered_by_their_numbers_and_emptied_rows_dropped():
    params = {
        "title": "Data Scientist",
        "duty-0-text": "First",
        "duty-0-include": "on",
        "duty-0-position": "3",
        "duty-1-text": "Second",
        "duty-1-position": "1",
        "duty-2-text": "",
        "duty-2-include": "on",
        "duty-3-text": "Mine",
        "duty-3-include": "on",
        "duty-3-position": "2",
    }
    data = submitted_data(params)
    assert [data[f"duty-{i}-text"] for i in range(3)] == ["Second", "Mine", "First"]
    assert "duty-3-text" not in data
    form = JobAdForm({**VALID, **data})
    assert form.is_valid()
    # "Second" was unticked; blank rows follow, ticked so that what is typed in them counts.
    assert form.kept_rows("duty") == ("Mine", "First")
    assert len(form.duty_rows) == 3 + 3
    assert form["duty-3-include"].value() in (True, "on")


def test_pay_amounts_keep_their_cents():
    form = JobAdForm({**VALID, "pay_unit": "HOUR", "pay_min": "31.50", "pay_max": "44.25"})
    assert form.is_valid()
    pay = form.job_ad(date(2030, 1, 1)).pay
    assert (pay.minimum, pay.maximum, str(pay)) == (
        Decimal("31.50"),
        Decimal("44.25"),
        "$31.50 to $44.25 an hour",
    )
