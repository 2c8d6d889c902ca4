"""The pay section of a role page: the role's occupation in the newest release, nationally and
in the area a reader picked (`?area=<slug>`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F, OuterRef, Q, Subquery
from django.http import Http404

from roles.models import TitleOrder
from roles.wages.figures import AreaPay, RangeChart, charts
from roles.wages.models import Area, DataRelease, Occupation, Wage


@dataclass
class AreaChoice:
    slug: str
    name: str
    selected: bool = False


@dataclass
class OccupationPay:
    occupation: Occupation
    nearest: bool = False
    release: DataRelease | None = None
    national: AreaPay | None = None
    local: AreaPay | None = None
    # An area the reader picked for which the release has no figures for this occupation.
    missing_area: Area | None = None
    states: list[AreaChoice] = field(default_factory=list)
    metros: list[AreaChoice] = field(default_factory=list)

    @property
    def shown(self) -> list[AreaPay]:
        return [p for p in (self.local, self.national) if p is not None]

    @property
    def charts(self) -> list[RangeChart]:
        return charts(self.shown)

    @property
    def panels(self) -> list[tuple[AreaPay, RangeChart]]:
        return list(zip(self.shown, self.charts, strict=True))

    @property
    def top_code_text(self) -> str:
        """The release's top-code as a sentence fragment, e.g. "$239,200 a year"."""
        release = self.release
        if release is None or release.top_code_annual is None:
            return ""
        text = f"${release.top_code_annual:,} a year"
        if release.top_code_hourly is not None:
            text += f" (${release.top_code_hourly:,.2f} an hour)"
        return text

    @property
    def top_coded_anywhere(self) -> bool:
        return any(p.wage.top_coded for p in self.shown)

    @property
    def chosen_slug(self) -> str:
        if self.local:
            return self.local.area.slug
        return self.missing_area.slug if self.missing_area else ""


def published_figures() -> Q:
    return Q(annual_median__isnull=False) | ~Q(top_coded="")


def occupation_pay(
    occupation: Occupation, area_slug: str | None = None, nearest: bool = False
) -> OccupationPay:
    """Two queries: the national row with the picked area's, and the areas on offer.

    Raises Http404 for an area slug that names no area at all."""
    area_slug = (area_slug or "").strip()
    pay = OccupationPay(occupation, nearest=nearest)
    wanted = Q(area__kind=Area.Kind.NATIONAL)
    if area_slug:
        wanted |= Q(area__slug=area_slug)
    rows = list(Wage.objects.for_occupation(occupation.pk).filter(wanted))
    for row in rows:
        if row.area.kind == Area.Kind.NATIONAL:
            pay.national = AreaPay(row)
        if area_slug and row.area.slug == area_slug and row.area.kind != Area.Kind.NATIONAL:
            pay.local = AreaPay(row)
        pay.release = row.release
    if area_slug and area_slug != "us" and pay.local is None:
        pay.missing_area = Area.objects.filter(slug=area_slug).first()
        if pay.missing_area is None:
            raise Http404("No such area")
    offered = (
        Wage.objects.for_occupation(occupation.pk)
        .filter(published_figures())
        .exclude(area__kind=Area.Kind.NATIONAL)
        .order_by("area__name")
        .values_list("area__slug", "area__name", "area__kind")
    )
    for slug, name, kind in offered:
        choice = AreaChoice(slug, name, selected=slug == pay.chosen_slug)
        (pay.states if kind == Area.Kind.STATE else pay.metros).append(choice)
    return pay


def role_pay(role, area_slug: str | None = None) -> OccupationPay | None:
    """The pay section of a role page, or None for a role without an SOC code."""
    if role.soc_id is None:
        return None
    return occupation_pay(role.soc, area_slug, nearest=role.soc_is_nearest)


@dataclass
class ComparedPay:
    """Pay rows for the compare page: both roles' figures in the same area."""

    area: Area | None  # None: the nation
    rows: list[tuple[str, str, str]]
    release: DataRelease | None
    states: list[AreaChoice]


def _cell(pay: AreaPay | None, attribute: str) -> str:
    if pay is None:
        return "—"
    if attribute == "range":
        return f"{pay.low} to {pay.high}" if pay.has_range else "—"
    if attribute == "hourly_median" and not pay.hourly_published:
        return "—"
    return str(getattr(pay, attribute))


def compare_pay(left, right, area_slug: str | None = None) -> ComparedPay | None:
    """Both roles' figures for one area (the nation by default), in two queries; None when
    neither role has an SOC code. An unknown area is a 404."""
    codes = {role.soc_id for role in (left, right) if role.soc_id}
    if not codes:
        return None
    area_slug = (area_slug or "").strip()
    states = list(Area.objects.filter(kind=Area.Kind.STATE).order_by("name"))
    area = None
    if area_slug and area_slug != "us":
        area = next((a for a in states if a.slug == area_slug), None)
        if area is None:
            raise Http404("No such state")
    where = Q(area=area) if area else Q(area__kind=Area.Kind.NATIONAL)
    wages = Wage.objects.newest_release().filter(where, occupation__in=codes)
    by_code = {w.occupation_id: AreaPay(w) for w in wages.select_related("area", "release")}
    pays = [by_code.get(role.soc_id) for role in (left, right)]

    def occupation(role) -> str:
        if role.soc is None:
            return "—"
        label = f"{role.soc.title} ({role.soc.code})"
        return f"Nearest: {label}" if role.soc_is_nearest else label

    where_name = area.name if area else "United States"
    rows = [
        ("SOC occupation", occupation(left), occupation(right)),
        *(
            (label.format(where=where_name), _cell(pays[0], attr), _cell(pays[1], attr))
            for label, attr in (
                ("Median pay per year, {where}", "annual_median"),
                ("Median pay per hour, {where}", "hourly_median"),
                ("Middle 80 percent earn, {where}", "range"),
                ("Jobs, {where}", "employment"),
            )
        ),
    ]
    release = next((p.wage.release for p in pays if p is not None), None)
    choices = [AreaChoice(s.slug, s.name, selected=s == area) for s in states]
    return ComparedPay(area, rows, release, choices)


# By title as readers expect (TitleOrder: case-insensitive, locale-aware where it can be).
ROLE_SORTS = {"": (TitleOrder(),), "pay": (F("median_pay").desc(nulls_last=True), TitleOrder())}


def with_median_pay(roles):
    """Roles annotated with `median_pay`, the national median annual pay of their SOC code in
    the newest release (NULL without a code or a published median): a subquery, no extra
    query."""
    national = Wage.objects.newest_release().filter(
        area__kind=Area.Kind.NATIONAL, occupation=OuterRef("soc")
    )
    return roles.annotate(median_pay=Subquery(national.values("annual_median")[:1]))


def sorted_roles(roles, sort: str | None):
    """Roles in the order a reader asked for: by title (default) or by median pay, highest
    first. An unknown order is a 404."""
    sort = sort or ""
    if sort not in ROLE_SORTS:
        raise Http404("No such order")
    return with_median_pay(roles).order_by(*ROLE_SORTS[sort])


def ranked_or_by_pay(results, sort: str | None):
    """Search results in their ranking, or by median pay (highest first) when the reader
    asked for `sort=pay`; any other order is a 404."""
    if not sort:
        return results
    if sort != "pay":
        raise Http404("No such order")
    return with_median_pay(results).order_by(*ROLE_SORTS["pay"])
