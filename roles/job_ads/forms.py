"""The job-ad builder's form: every field with its own check and message, and the duty and
qualification rows (a checkbox, editable text and a position each).

The form's data is a flat dict of strings, the same whether it came from the submitted form
(`submitted_data`) or from a shareable link (roles/job_ads/link_state.py), so a link re-opens
exactly what was typed, errors included.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms

from roles.job_ads.places import COUNTRY_US, STATE_CHOICES, is_united_states, state_code
from roles.job_ads.posting import (
    EMPLOYMENT_TYPES,
    ApplicantArea,
    JobAd,
    PayRange,
    Place,
    Workplace,
)
from roles.job_ads.titles import title_problems
from roles.models import Role

# Rows of each kind the form carries at most, and the empty ones offered for the reader's own.
MAX_ROWS = 40
BLANK_ROWS = 3
ROW_KINDS = {"duty": "Duties", "qual": "Qualifications"}
ROW_TEXT_MAX = 300
ROW_KEY = re.compile(r"(duty|qual)-(\d{1,3})-(text|include|position)")

# Plausible pay: the federal minimum wage up to far above any OEWS top-code.
PAY_BOUNDS = {
    "HOUR": (Decimal("7.25"), Decimal("500")),
    "YEAR": (Decimal("15000"), Decimal("1000000")),
}
PAY_UNIT_CHOICES = [("YEAR", "Per year"), ("HOUR", "Per hour")]

BOOLEAN_FIELDS = ("direct_apply",)


def row_key(kind: str, index: int, part: str) -> str:
    return f"{kind}-{index}-{part}"


def starting_rows(role: Role) -> dict[str, list[str]]:
    """The role's duties and qualification items, in the order the role page shows them (no
    queries beyond those of `Role.objects.for_job_ad()`)."""
    return {
        "duty": [duty.text for duty in role.duties.all()],
        "qual": [item for group in role.qualification_groups.all() for item in group.item_list],
    }


def _position(value: str | None, fallback: int) -> int:
    try:
        return int(value or "")
    except ValueError:
        return fallback


def submitted_data(params: Mapping[str, Any]) -> dict[str, str]:
    """A submitted form as the builder keeps it: the fields that hold something, and each kind
    of row put in the order of its position numbers, emptied rows dropped and renumbered."""
    data = {
        name: str(params.get(name, ""))
        for name in JobAdForm.base_fields
        if name not in BOOLEAN_FIELDS and params.get(name, "") != ""
    }
    data.update({name: "on" for name in BOOLEAN_FIELDS if params.get(name)})
    rows: dict[str, dict[int, dict[str, str]]] = {kind: {} for kind in ROW_KINDS}
    for key in params:
        if match := ROW_KEY.fullmatch(key):
            kind, index, part = match.groups()
            rows[kind].setdefault(int(index), {})[part] = str(params.get(key, ""))
    for kind, found in rows.items():
        kept = [
            (_position(row.get("position"), index + 1), index, row)
            for index, row in found.items()
            if row.get("text", "").strip()
        ]
        for new_index, (_, _, row) in enumerate(sorted(kept)[:MAX_ROWS]):
            data[row_key(kind, new_index, "text")] = row["text"]
            data[row_key(kind, new_index, "position")] = str(new_index + 1)
            if row.get("include"):
                data[row_key(kind, new_index, "include")] = "on"
    return data


@dataclass(frozen=True)
class RowFields:
    text: forms.BoundField
    include: forms.BoundField
    position: forms.BoundField


def _text(label: str, max_length: int, rows: int = 0, **kwargs) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(
        label=label, max_length=max_length, required=False, widget=widget, **kwargs
    )


class JobAdForm(forms.Form):
    company = _text("Company name", 200)
    website = forms.URLField(
        label="Company website", required=False, max_length=300, assume_scheme="https"
    )
    intro = _text("A short introduction to the company", 1500, rows=3)
    title = forms.CharField(
        label="Job title",
        max_length=120,
        help_text="The plain name of the job that people search for: no location, pay, "
        "all capitals or emoji.",
        error_messages={"required": "Give the job a title, such as the role's own."},
    )
    employment_type = forms.ChoiceField(
        label="Employment type",
        choices=[("", "Not stated"), *EMPLOYMENT_TYPES.items()],
        required=False,
    )
    workplace = forms.ChoiceField(
        label="Where the work is done",
        choices=Workplace.CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the job is on site, hybrid or remote."},
    )
    city = _text("City or metro area", 100, help_text="For on-site and hybrid jobs.")
    region = forms.ChoiceField(label="State", choices=STATE_CHOICES, required=False)
    applicants = _text(
        "Open to applicants in",
        300,
        help_text='For remote jobs: "United States", or states such as "California, Oregon",'
        " or countries, separated by commas.",
    )
    date_posted = forms.DateField(
        label="Posting starts",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leave empty for today.",
    )
    closes = forms.DateField(
        label="Applications close",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    pay_area = forms.ChoiceField(label="Pay data for", required=False)
    pay_min = forms.DecimalField(
        label="Lowest pay in dollars", required=False, max_digits=9, decimal_places=2
    )
    pay_max = forms.DecimalField(
        label="Highest pay in dollars", required=False, max_digits=9, decimal_places=2
    )
    pay_unit = forms.ChoiceField(label="Paid", choices=PAY_UNIT_CHOICES, required=False)
    benefits = _text("Benefits", 1500, rows=3)
    closing = _text("Closing paragraph", 1000, rows=3)
    apply_how = _text("How to apply", 1000, rows=2)
    apply_url = forms.URLField(
        label="Link to apply", required=False, max_length=500, assume_scheme="https"
    )
    apply_email = forms.EmailField(label="Email to apply", required=False, max_length=254)
    direct_apply = forms.BooleanField(
        label="Applicants apply on the page where this ad is posted",
        required=False,
        help_text="Tick it when your careers page has the application form itself "
        "(JobPosting's directApply).",
    )
    reference = _text("Job reference", 100, help_text="Your own code for the opening, if any.")

    def __init__(
        self,
        data: Mapping[str, str] | None = None,
        *,
        rows: Mapping[str, list[str]] | None = None,
        pay_areas: list | None = None,
        **kwargs,
    ) -> None:
        if data is not None:
            data = dict(data)
        super().__init__(data, **kwargs)
        pay_area = self.fields["pay_area"]
        assert isinstance(pay_area, forms.ChoiceField)
        pay_area.choices = pay_areas or [("us", "United States")]
        self.row_counts: dict[str, int] = {}
        for kind in ROW_KINDS:
            if data is None:
                texts = list((rows or {}).get(kind, []))[:MAX_ROWS]
            else:
                texts = [
                    data[row_key(kind, i, "text")]
                    for i in range(MAX_ROWS)
                    if row_key(kind, i, "text") in data
                ]
            count = len(texts) + (BLANK_ROWS if len(texts) < MAX_ROWS else 0)
            self.row_counts[kind] = count
            for index in range(count):
                self._add_row(kind, index, texts[index] if index < len(texts) else "")
                if data is not None and index >= len(texts):
                    # A blank row is ticked, so that what the reader types in it is kept.
                    data[row_key(kind, index, "include")] = "on"
        if data is not None:
            self.data = data

    def _add_row(self, kind: str, index: int, text: str) -> None:
        label = "Duty" if kind == "duty" else "Qualification"
        self.fields[row_key(kind, index, "text")] = forms.CharField(
            label=f"{label} {index + 1}",
            max_length=ROW_TEXT_MAX,
            required=False,
            initial=text,
        )
        self.fields[row_key(kind, index, "include")] = forms.BooleanField(
            label=f"Include {label.lower()} {index + 1}", required=False, initial=True
        )
        self.fields[row_key(kind, index, "position")] = forms.IntegerField(
            label=f"Position of {label.lower()} {index + 1}",
            required=False,
            min_value=1,
            max_value=999,
            initial=index + 1,
            widget=forms.NumberInput(attrs={"class": "position-input"}),
        )

    def rows(self, kind: str) -> list[RowFields]:
        return [
            RowFields(
                *(self[row_key(kind, index, part)] for part in ("text", "include", "position"))
            )
            for index in range(self.row_counts[kind])
        ]

    @property
    def duty_rows(self) -> list[RowFields]:
        return self.rows("duty")

    @property
    def qualification_rows(self) -> list[RowFields]:
        return self.rows("qual")

    @property
    def scalar_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.base_fields]

    def full_clean(self) -> None:
        super().full_clean()
        # Each field in error says so to assistive technology, and names its message.
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                described = [f"{self[name].auto_id}-error"]
                if self.fields[name].help_text:
                    described.append(f"{self[name].auto_id}_helptext")
                attrs["aria-describedby"] = " ".join(described)

    def clean_title(self) -> str:
        return self.cleaned_data["title"].strip()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if title := cleaned.get("title"):
            for problem in title_problems(title, cleaned.get("city", "")):
                self.add_error("title", problem)
        self._clean_dates(cleaned)
        self._clean_pay(cleaned)
        if cleaned.get("workplace") == Workplace.REMOTE:
            cleaned["applicant_areas"] = self._applicant_areas(cleaned.get("applicants", ""))
        return cleaned

    def _clean_dates(self, cleaned: dict[str, Any]) -> None:
        starts, closes = cleaned.get("date_posted"), cleaned.get("closes")
        if starts and closes and closes < starts:
            self.add_error(
                "closes",
                f"Applications close before the posting starts ({starts:%B %-d, %Y}): "
                "pick a closing date on or after it.",
            )

    def _clean_pay(self, cleaned: dict[str, Any]) -> None:
        low, high = cleaned.get("pay_min"), cleaned.get("pay_max")
        unit = cleaned.get("pay_unit") or "YEAR"
        cleaned["pay_unit"] = unit
        if "pay_min" in self.errors or "pay_max" in self.errors:
            return
        if (low is None) != (high is None):
            missing = "pay_max" if high is None else "pay_min"
            which = "highest" if high is None else "lowest"
            self.add_error(missing, f"Give the {which} pay too, or clear both for no range.")
            return
        if low is None or high is None:
            return
        floor, ceiling = PAY_BOUNDS[unit]
        per = "an hour" if unit == "HOUR" else "a year"
        for name, amount in (("pay_min", low), ("pay_max", high)):
            if not floor <= amount <= ceiling:
                hint = (
                    " Is it a yearly figure? Choose “Per year”."
                    if unit == "HOUR" and amount > ceiling
                    else " Is it an hourly figure? Choose “Per hour”."
                    if unit == "YEAR" and amount < floor
                    else ""
                )
                self.add_error(
                    name,
                    f"${amount:,} {per} is outside any plausible pay: give an amount between "
                    f"${floor:,} and ${ceiling:,} {per}.{hint}",
                )
        if low > high and not self.has_error("pay_min") and not self.has_error("pay_max"):
            self.add_error(
                "pay_max",
                f"The highest pay (${high:,}) is below the lowest (${low:,}): swap them.",
            )

    def _applicant_areas(self, text: str) -> list[ApplicantArea]:
        names = [name.strip() for name in text.split(",") if name.strip()]
        if not names:
            self.add_error(
                "applicants",
                'Say where applicants of a remote job may live: "United States", or the states '
                "or countries it is open to.",
            )
        areas = []
        for name in names:
            if is_united_states(name):
                areas.append(ApplicantArea(COUNTRY_US[1], "Country", COUNTRY_US[0]))
            elif code := state_code(name):
                areas.append(ApplicantArea(Place("", code).region_name, "State", code))
            else:
                areas.append(ApplicantArea(name, "Country"))
        return list(dict.fromkeys(areas))

    def kept_rows(self, kind: str) -> tuple[str, ...]:
        """The ticked rows' text, in the order of their position numbers."""
        chosen = []
        for index in range(self.row_counts[kind]):
            text = (self.cleaned_data.get(row_key(kind, index, "text")) or "").strip()
            if text and self.cleaned_data.get(row_key(kind, index, "include")):
                position = self.cleaned_data.get(row_key(kind, index, "position")) or index + 1
                chosen.append((position, index, text))
        return tuple(text for _, _, text in sorted(chosen))

    def job_ad(self, today: date) -> JobAd:
        """The ad the valid form describes."""
        data = self.cleaned_data
        workplace = data["workplace"]
        place = None
        if workplace != Workplace.REMOTE and (data["city"] or data["region"]):
            place = Place(data["city"].strip(), data["region"])
        pay = None
        if data.get("pay_min") is not None and data.get("pay_max") is not None:
            pay = PayRange(data["pay_min"], data["pay_max"], data["pay_unit"])
        return JobAd(
            title=data["title"],
            company=data["company"].strip(),
            website=data["website"],
            intro=data["intro"].strip(),
            workplace=workplace,
            place=place,
            applicant_areas=tuple(data.get("applicant_areas", ())),
            employment_type=data["employment_type"],
            date_posted=data["date_posted"] or today,
            closes=data["closes"],
            apply_url=data["apply_url"],
            apply_email=data["apply_email"],
            apply_how=data["apply_how"].strip(),
            direct_apply=data["direct_apply"],
            reference=data["reference"].strip(),
            pay=pay,
            duties=self.kept_rows("duty"),
            qualifications=self.kept_rows("qual"),
            benefits=data["benefits"].strip(),
            closing=data["closing"].strip(),
        )
