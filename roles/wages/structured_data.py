"""Pay in a role page's JSON-LD: the `Occupation` node gets its SOC code as a `CategoryCode`
and `estimatedSalary` as a `MonetaryAmountDistribution` for the area shown (the picked area,
else the nation), with `occupationLocation` naming that area."""

from __future__ import annotations

from roles.wages.figures import AreaPay
from roles.wages.models import Area
from roles.wages.pay import OccupationPay

SOC_CODE_SET = {
    "@type": "CategoryCodeSet",
    "name": "2018 Standard Occupational Classification",
    "url": "https://www.bls.gov/soc/2018/",
}
# schema.org property -> our percentile.
DISTRIBUTION = {
    "percentile10": "annual_p10",
    "percentile25": "annual_p25",
    "median": "annual_median",
    "percentile75": "annual_p75",
    "percentile90": "annual_p90",
}


def _location(area: Area) -> dict:
    if area.kind == Area.Kind.NATIONAL:
        return {"@type": "Country", "name": "United States"}
    if area.kind == Area.Kind.STATE:
        return {"@type": "State", "name": area.name}
    return {"@type": "Place", "name": area.name}


def salary(area_pay: AreaPay) -> dict:
    """The annual pay distribution; a top-coded percentile is left out, never given as a
    number, since BLS publishes only that it is at least the top-code."""
    distribution: dict[str, str | int] = {
        "@type": "MonetaryAmountDistribution",
        "name": "base",
        "currency": "USD",
        "duration": "P1Y",
    }
    for prop, figure in DISTRIBUTION.items():
        value = area_pay.money(figure).value
        if value is not None:
            distribution[prop] = int(value)
    return distribution


def add_pay(graph: list[dict], pay: OccupationPay | None) -> list[dict]:
    """The role page's graph with the pay added to its Occupation node (no queries)."""
    if pay is None:
        return graph
    occupation = next((node for node in graph if node.get("@type") == "Occupation"), None)
    if occupation is None:
        return graph
    occupation["occupationalCategory"] = {
        "@type": "CategoryCode",
        "codeValue": pay.occupation.code,
        "name": pay.occupation.title,
        "inCodeSet": SOC_CODE_SET,
    }
    shown = pay.local or pay.national
    if shown is not None and shown.annual_median.value is not None:
        occupation["estimatedSalary"] = [salary(shown)]
        occupation["occupationLocation"] = [_location(shown.area)]
    return graph
