"""The pay range the builder suggests: the 25th to 75th percentile of the role's occupation in
the area the hiring manager picks (the nation, a state or a metro area), from the newest OEWS
release, with its source; see roles/wages/pay.py."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404

from roles.models import Role
from roles.wages.figures import AreaPay
from roles.wages.models import DataRelease
from roles.wages.pay import OccupationPay, occupation_pay

NATIONAL = "us"


@dataclass(frozen=True)
class PayGuide:
    role: Role
    pay: OccupationPay | None

    @property
    def figures(self) -> AreaPay | None:
        """The picked area's row, the nation's when none was picked; None when the release has
        no figures there."""
        if self.pay is None or self.pay.missing_area is not None:
            return None
        return self.pay.local or self.pay.national

    @property
    def area_name(self) -> str:
        if self.pay is not None and self.pay.missing_area is not None:
            return self.pay.missing_area.display_name
        return self.figures.area.display_name if self.figures else "United States"

    @property
    def release(self) -> DataRelease | None:
        return self.pay.release if self.pay else None

    def middle_half(self, unit: str) -> tuple[Decimal | int, Decimal | int] | None:
        return self.figures.middle_half(hourly=unit == "HOUR") if self.figures else None

    @property
    def annual_range(self) -> str:
        figures = self.middle_half("YEAR")
        return f"${figures[0]:,.0f} to ${figures[1]:,.0f} a year" if figures else ""

    @property
    def hourly_range(self) -> str:
        figures = self.middle_half("HOUR")
        return f"${figures[0]:,.2f} to ${figures[1]:,.2f} an hour" if figures else ""

    @property
    def choices(self) -> list:
        """The areas with figures for the occupation, as grouped choices for a <select>."""
        choices: list = [(NATIONAL, "United States")]
        if self.pay is None:
            return choices
        if self.pay.states:
            choices.append(("States and territories", [(a.slug, a.name) for a in self.pay.states]))
        if self.pay.metros:
            choices.append(
                (
                    "Metropolitan and nonmetropolitan areas",
                    [(a.slug, a.name) for a in self.pay.metros],
                )
            )
        return choices


def pay_guide(role: Role, area_slug: str | None = None) -> PayGuide:
    """Two queries for a role with an SOC code (roles/wages/pay.py), none without. An area slug
    that names no area falls back to the nation; the form then says the choice is invalid."""
    if role.soc is None:
        return PayGuide(role, None)
    if area_slug == NATIONAL:
        area_slug = None
    try:
        return PayGuide(role, occupation_pay(role.soc, area_slug, nearest=role.soc_is_nearest))
    except Http404:
        return PayGuide(role, occupation_pay(role.soc, None, nearest=role.soc_is_nearest))


def with_pay_filled(data: dict[str, str], guide: PayGuide) -> dict[str, str]:
    """The form's data with its pay range set to the guide's 25th-75th percentile in the unit
    chosen; unchanged when the release has no such figures (the page says why)."""
    unit = data.get("pay_unit") or "YEAR"
    figures = guide.middle_half(unit)
    if figures is None:
        return data
    low, high = figures
    return {**data, "pay_unit": unit, "pay_min": str(low), "pay_max": str(high)}
