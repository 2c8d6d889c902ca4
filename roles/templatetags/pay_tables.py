"""`{% area_rows rows %}`: the rows of a pay table by area (wages/_area_table.html).

Written in Python rather than as template nodes: an occupation's page shows about 500 areas,
and rendered node by node their rows were two thirds of the page's time (20 ms of 35 on this
machine, profiled). The markup is the partial's, cell for cell; every value is escaped."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from roles.wages.figures import AreaPay

register = template.Library()

NOT_SHOWN = "—"


def _row(pay: AreaPay) -> str:
    hourly = escape(pay.hourly_median) if pay.hourly_published else NOT_SHOWN
    spread = f"{escape(pay.low)} to {escape(pay.high)}" if pay.has_range else NOT_SHOWN
    return (
        f'\n        <tr><th scope="row">{escape(pay.area.display_name)}</th>'
        f'<td class="num">{escape(pay.annual_median)}</td><td class="num">{hourly}</td>'
        f'<td class="num">{spread}</td><td class="num">{escape(pay.employment)}</td></tr>\n      '
    )


@register.simple_tag
def area_rows(rows: Iterable[AreaPay]) -> SafeString:
    return mark_safe("".join(_row(pay) for pay in rows))
