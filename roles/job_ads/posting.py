"""One job ad as the hiring manager wrote it: a plain value built from the form's cleaned data,
from which every export (roles/job_ads/exports.py) is rendered, so they cannot disagree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from roles.job_ads.places import US_STATES


class Workplace:
    ON_SITE = "onsite"
    HYBRID = "hybrid"
    REMOTE = "remote"
    CHOICES = [(ON_SITE, "On site"), (HYBRID, "Hybrid"), (REMOTE, "Remote")]


# schema.org JobPosting employmentType values Google documents, with the words readers see.
EMPLOYMENT_TYPES = {
    "FULL_TIME": "Full time",
    "PART_TIME": "Part time",
    "CONTRACTOR": "Contract",
    "TEMPORARY": "Temporary",
    "INTERN": "Internship",
}

PAY_UNITS = {"YEAR": "a year", "HOUR": "an hour"}


@dataclass(frozen=True)
class Place:
    city: str
    region: str  # a state's postal code

    @property
    def region_name(self) -> str:
        return US_STATES.get(self.region, self.region)

    def __str__(self) -> str:
        return ", ".join(part for part in (self.city, self.region_name) if part)


@dataclass(frozen=True)
class ApplicantArea:
    """Where a remote job's applicants may live: a U.S. state (by postal code) or a country."""

    name: str
    kind: str  # "State" or "Country", as schema.org names them
    code: str = ""


@dataclass(frozen=True)
class PayRange:
    minimum: Decimal
    maximum: Decimal
    unit: str  # "YEAR" or "HOUR"

    def _money(self, amount: Decimal) -> str:
        return f"${amount:,.2f}" if self.unit == "HOUR" else f"${amount:,.0f}"

    def __str__(self) -> str:
        if self.minimum == self.maximum:
            return f"{self._money(self.minimum)} {PAY_UNITS[self.unit]}"
        return f"{self._money(self.minimum)} to {self._money(self.maximum)} {PAY_UNITS[self.unit]}"


@dataclass(frozen=True)
class JobAd:
    title: str
    company: str = ""
    website: str = ""
    intro: str = ""
    workplace: str = Workplace.ON_SITE
    place: Place | None = None
    applicant_areas: tuple[ApplicantArea, ...] = ()
    employment_type: str = ""
    date_posted: date | None = None
    closes: date | None = None
    apply_url: str = ""
    apply_email: str = ""
    apply_how: str = ""
    direct_apply: bool = False
    reference: str = ""
    pay: PayRange | None = None
    duties: tuple[str, ...] = ()
    qualifications: tuple[str, ...] = ()
    benefits: str = ""
    closing: str = ""

    @property
    def employment_label(self) -> str:
        return EMPLOYMENT_TYPES.get(self.employment_type, "")

    @property
    def location_text(self) -> str:
        """Where the job is, in words: "Austin, Texas", "Hybrid: Austin, Texas", "Remote
        (United States)"."""
        if self.workplace == Workplace.REMOTE:
            areas = ", ".join(area.name for area in self.applicant_areas)
            return f"Remote ({areas})" if areas else "Remote"
        place = str(self.place) if self.place else ""
        if self.workplace == Workplace.HYBRID:
            return f"Hybrid: {place}" if place else "Hybrid"
        return place

    @property
    def is_remote(self) -> bool:
        return self.workplace == Workplace.REMOTE
