"""The role page's key-figures panel: pay, growth and the way in, each linking to the part of
the page that says more. Built from what the page already has (prefetched facts, its pay)."""

from __future__ import annotations

from dataclasses import dataclass

from roles.content import SECTION
from roles.models import Fact, Role


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: str
    anchor: str
    note: str = ""


def headline(fact_value: str) -> str:
    """A fact's first clause: "5 percent, 2024-34, faster than average; about 189,100 openings
    a year" -> "5 percent, 2024-34, faster than average"."""
    return fact_value.split(";")[0].strip()


def key_figures(role: Role, pay=None) -> list[KeyFigure]:
    def anchor(section: str) -> str:
        return section if SECTION[section].has_content(role) else "glance"

    figures = []
    if pay is not None and pay.national is not None and pay.national.annual_median.published:
        release = pay.release.label if pay.release else ""
        figures.append(
            KeyFigure(
                "Median pay", f"{pay.national.annual_median} a year", "pay", f"U.S., {release}"
            )
        )
    if growth := role.fact(Fact.Kind.GROWTH):
        figures.append(KeyFigure("Growth", headline(growth), anchor("outlook")))
    if role.typical_education:
        figures.append(
            KeyFigure("Entry education", headline(role.typical_education), anchor("how-to-become"))
        )
    if credential := role.fact(Fact.Kind.CERTIFICATIONS):
        figures.append(
            KeyFigure("License or certification", headline(credential), anchor("how-to-become"))
        )
    return figures
