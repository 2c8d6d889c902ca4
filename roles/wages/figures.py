"""OEWS rows as a reader sees them: money that knows when it is top-coded, and a pay range
drawn to scale.

A figure at or above the release's top-code is withheld by BLS; it is shown as "$X or more"
with the release's own top-code value, never as a plain number.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import cached_property

from roles.wages.models import Area, Wage

PERCENTILES = (
    ("p10", "10th"),
    ("p25", "25th"),
    ("median", "Median"),
    ("p75", "75th"),
    ("p90", "90th"),
)


@dataclass(frozen=True)
class Money:
    """One wage figure: its value, or the top-code it reaches, or nothing published."""

    value: Decimal | int | None
    top_code: Decimal | int | None = None
    hourly: bool = False

    @property
    def published(self) -> bool:
        return self.value is not None or self.top_code is not None

    @property
    def is_top_coded(self) -> bool:
        return self.value is None and self.top_code is not None

    @property
    def amount(self) -> Decimal | int | None:
        """The value to draw: the figure, or the top-code it is at least."""
        return self.value if self.value is not None else self.top_code

    def _format(self, amount) -> str:
        return f"${amount:,.2f}" if self.hourly else f"${int(amount):,}"

    def __str__(self) -> str:
        if self.value is not None:
            return self._format(self.value)
        if self.top_code is not None:
            return f"{self._format(self.top_code)} or more"
        return "Not published"


@dataclass(frozen=True)
class AreaPay:
    """The figures of one occupation in one area, ready for a template. Those a table row
    shows more than once (the medians, the range's ends) are worked out once per row."""

    wage: Wage

    @property
    def area(self) -> Area:
        return self.wage.area

    def money(self, figure: str) -> Money:
        hourly = figure.startswith("hourly_")
        release = self.wage.release
        top_code = None
        if self.wage.is_top_coded(figure):
            top_code = release.top_code_hourly if hourly else release.top_code_annual
        return Money(getattr(self.wage, figure), top_code, hourly)

    @cached_property
    def annual_median(self) -> Money:
        return self.money("annual_median")

    @cached_property
    def hourly_median(self) -> Money:
        return self.money("hourly_median")

    @property
    def annual_mean(self) -> Money:
        return self.money("annual_mean")

    @property
    def employment(self) -> str:
        if self.wage.employment is None:
            return "Not published"
        return f"{self.wage.employment:,}"

    @cached_property
    def annual_percentiles(self) -> list[tuple[str, Money]]:
        return [(label, self.money(f"annual_{key}")) for key, label in PERCENTILES]

    @property
    def hourly_percentiles(self) -> list[tuple[str, Money]]:
        return [(label, self.money(f"hourly_{key}")) for key, label in PERCENTILES]

    @cached_property
    def low(self) -> Money:
        return self.money("annual_p10")

    @cached_property
    def high(self) -> Money:
        return self.money("annual_p90")

    @property
    def highest_published(self) -> Decimal | int:
        """The largest annual amount the row shows (a top-code counts as its value)."""
        amounts = [m.amount for _, m in self.annual_percentiles if m.amount is not None]
        return max(amounts, default=0)

    @property
    def has_range(self) -> bool:
        return self.low.published and self.high.published

    @property
    def hourly_published(self) -> bool:
        return not self.wage.hourly_not_published and self.hourly_median.published

    def middle_half(self, hourly: bool) -> tuple[Decimal | int, Decimal | int] | None:
        """The 25th and 75th percentiles, per hour or per year, when BLS publishes both as
        figures: a top-coded percentile is a floor, not a figure to put in a pay range, and an
        occupation paid by the year has no hourly ones."""
        if hourly and self.wage.hourly_not_published:
            return None
        unit = "hourly" if hourly else "annual"
        low, high = (getattr(self.wage, f"{unit}_{key}") for key in ("p25", "p75"))
        if low is None or high is None:
            return None
        return low, high


# The range chart's drawing box (SVG user units): the bar spans WIDTH minus the margins.
CHART_WIDTH = 600
CHART_MARGIN = 12


@dataclass(frozen=True)
class RangeChart:
    """The 10th-90th percentile range of one area, with the 25th-75th box and the median, on a
    scale shared with the charts beside it (so that two areas compare at a glance)."""

    pay: AreaPay
    scale_max: int

    def x(self, amount) -> float:
        usable = CHART_WIDTH - 2 * CHART_MARGIN
        return round(CHART_MARGIN + usable * float(amount) / max(self.scale_max, 1), 1)

    def _x_of(self, key: str) -> float | None:
        money = self.pay.money(f"annual_{key}")
        return self.x(money.amount) if money.amount is not None else None

    @property
    def drawable(self) -> bool:
        return self.pay.has_range

    @property
    def p10(self) -> float | None:
        return self._x_of("p10")

    @property
    def p90(self) -> float | None:
        """The bar's right end: the 90th percentile, or for a top-coded one the top-code (or
        the 75th percentile if that is higher), where the open-ended arrow starts."""
        if self.open_ended:
            return self.x(self.pay.highest_published)
        return self._x_of("p90")

    @property
    def p25(self) -> float | None:
        return self._x_of("p25")

    @property
    def p75(self) -> float | None:
        return self._x_of("p75")

    @property
    def median(self) -> float | None:
        return self._x_of("median")

    @property
    def open_ended(self) -> bool:
        """The 90th percentile is top-coded: the bar ends in an arrow, not a cap."""
        return self.pay.high.is_top_coded

    @property
    def range_width(self) -> float:
        return round((self.p90 or 0) - (self.p10 or 0), 1)

    @property
    def box_width(self) -> float | None:
        if self.p25 is None or self.p75 is None:
            return None
        return round(self.p75 - self.p25, 1)

    @property
    def width(self) -> int:
        return CHART_WIDTH

    @property
    def arrow_points(self) -> str:
        end = self.p90 or 0
        return f"{end},14 {end + 10},22 {end},30"

    @property
    def description(self) -> str:
        low, high, median = self.pay.low, self.pay.high, self.pay.annual_median
        return (
            f"{self.pay.area.display_name}: the middle 80 percent of workers earn from {low} "
            f"to {high} a year; the median is {median}."
        )


def charts(pays: list[AreaPay]) -> list[RangeChart]:
    """Range charts for areas shown side by side, all on the scale of the highest 90th
    percentile (or top-code) among them."""
    highs = [p.highest_published for p in pays]
    scale = int(max(highs, default=0) * Decimal("1.05")) or 1
    return [RangeChart(p, scale) for p in pays]
