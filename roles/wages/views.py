"""Pay pages: a role's pay by state (map and table), the occupation explorer and each
occupation's page. None is in the whole-page cache; each runs a fixed number of queries.

Indexing: an occupation's page is indexed when a published role covers it (it then links to
our writing about the job); the others carry `noindex, follow`, since alone they repeat BLS's
tables. The explorer's first page is indexed; filtered, sorted and later pages are not, and
name the first page as canonical.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Case, F, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from roles.formats.structured_data import Crumb, breadcrumbs
from roles.models import LINK_FIELDS, Role, TitleOrder
from roles.pagination import page_or_404
from roles.seo import PageMeta, meta_description, site_card_path
from roles.wages.figures import AreaPay
from roles.wages.models import Area, Occupation, Wage
from roles.wages.svg_map import VIEWBOX, state_map

OCCUPATIONS_PER_PAGE = 50
# A top-coded median is at least the release's top-code: it sorts as that, above the rest.
PAY_KEY = Case(
    When(
        annual_median__isnull=True,
        top_coded__contains="annual_median",
        then=F("release__top_code_annual"),
    ),
    default=F("annual_median"),
)
SORTS: dict[str, list[Any]] = {
    "title": ["occupation__title"],
    "pay": [PAY_KEY.desc(nulls_last=True), "occupation__title"],
    "employment": [F("employment").desc(nulls_last=True), "occupation__title"],
}


# What the area tables, the map and the national lead show of a wage row (wages/_area_table.html):
# an occupation's page reads about 500 rows, and the figures it does not show cost a third of
# its time on SQLite, as decimals built for nothing.
AREA_TABLE_COLUMNS = (
    "occupation_id",
    "area_id",
    "release_id",
    "employment",
    "hourly_median",
    "annual_median",
    "annual_p10",
    "annual_p90",
    "top_coded",
    "hourly_not_published",
)


def _state_rows(
    occupation: Occupation, metros_too: bool = True
) -> tuple[AreaPay | None, list[AreaPay], list[AreaPay]]:
    """The national figures, the states' and (`metros_too`) the metro areas' of the newest
    release (one query). A page that shows no metro area reads none: they are nine rows in
    ten, and each row is a Wage, an Area and a DataRelease built in Python."""
    national, states, metros = None, [], []
    wages = (
        Wage.objects.for_occupation(occupation.pk)
        .only(*AREA_TABLE_COLUMNS, "area__kind", "area__name", "area__state_fips", "release")
        .order_by("area__name")
    )
    if not metros_too:
        wages = wages.filter(area__kind__in=[Area.Kind.NATIONAL, Area.Kind.STATE])
    for wage in wages:
        pay = AreaPay(wage)
        if wage.area.kind == Area.Kind.NATIONAL:
            national = pay
        elif wage.area.kind == Area.Kind.STATE:
            states.append(pay)
        else:
            metros.append(pay)
    return national, states, metros


def _map_of(states: list[AreaPay]):
    values = {}
    for pay in states:
        if pay.area.state_fips:
            median = pay.annual_median
            values[pay.area.state_fips] = (median.amount, f"median {median} a year")
    return state_map(values)


@require_GET
def role_states(request: HttpRequest, category_slug: str, role_slug: str) -> HttpResponse:
    role = Role.objects.published().select_related("category", "soc").filter(slug=role_slug).first()
    if role is None or role.soc is None:
        raise Http404("No pay figures for this role")
    if role.category.slug != category_slug:
        return redirect("wages:role-states", category_slug=role.category.slug, role_slug=role.slug)
    national, states, _ = _state_rows(role.soc, metros_too=False)
    map_states, legend = _map_of(states)
    path = reverse(
        "wages:role-states", kwargs={"category_slug": category_slug, "role_slug": role_slug}
    )
    meta = PageMeta(
        title=f"{role.title} pay by state | {settings.SITE_NAME}",
        description=meta_description(
            "",
            f"Median pay for {role.title} in every U.S. state, from BLS wage statistics: a map "
            "and the full table.",
            "Figures by state with the national median beside them.",
        ),
        path=path,
        image_path=site_card_path(),
    )
    trail = [*breadcrumbs(category=role.category, role=role), Crumb("Pay by state", path)]
    return render(
        request,
        "wages/role_states.html",
        {
            "role": role,
            "occupation": role.soc,
            "nearest": role.soc_is_nearest,
            "national": national,
            "states": states,
            "state_rows": [national, *states] if national else states,
            "release": national.wage.release if national else None,
            "map_states": map_states,
            "legend": legend,
            "viewbox": VIEWBOX,
            "page_meta": meta,
            "breadcrumbs": trail,
        },
    )


@require_GET
def occupation_list(request: HttpRequest) -> HttpResponse:
    groups = list(Occupation.objects.filter(level=Occupation.Level.MAJOR).order_by("code"))
    states = list(Area.objects.filter(kind=Area.Kind.STATE).order_by("name"))
    group_code = request.GET.get("group", "")
    area_slug = request.GET.get("area", "")
    sort = request.GET.get("sort", "title")
    group = next((g for g in groups if g.code == group_code), None)
    area = next((a for a in states if a.slug == area_slug), None)
    if (group_code and group is None) or (area_slug and area is None) or sort not in SORTS:
        raise Http404("No such filter")
    wages = (
        Wage.objects.newest_release()
        .filter(occupation__level=Occupation.Level.DETAILED)
        .select_related("occupation", "release", "area")
        .order_by(*SORTS[sort])
    )
    wages = wages.filter(area=area) if area else wages.filter(area__kind=Area.Kind.NATIONAL)
    if group:
        wages = wages.filter(occupation__major_group=group)
    page = page_or_404(Paginator(wages, OCCUPATIONS_PER_PAGE), request)
    filters = {k: v for k, v in (("group", group_code), ("area", area_slug), ("sort", sort)) if v}
    if filters.get("sort") == "title":
        filters.pop("sort")
    path = reverse("wages:occupations")
    meta = PageMeta(
        title=f"Pay for every occupation{f' in {area.name}' if area else ''}"
        f"{f' (page {page.number})' if page.number > 1 else ''} | {settings.SITE_NAME}",
        description=(
            "Median pay and employment for every detailed U.S. occupation, from BLS "
            "wage statistics, by state and by occupation group."
        ),
        path=path,
        image_path=site_card_path(),
    )
    return render(
        request,
        "wages/occupation_list.html",
        {
            "page": page,
            "rows": [AreaPay(w) for w in page.object_list],
            "groups": groups,
            "states": states,
            "group": group,
            "area": area,
            "sort": sort,
            "release": page.object_list[0].release if page.object_list else None,
            "query_string": urlencode(filters) + "&" if filters else "",
            "indexed": not filters and page.number == 1,
            "page_meta": meta,
            "breadcrumbs": [Crumb("Home", reverse("roles:home")), Crumb("Occupations", path)],
        },
    )


@require_GET
def occupation_detail(request: HttpRequest, code: str) -> HttpResponse:
    occupation = Occupation.objects.select_related("parent").filter(code=code).first()
    if occupation is None:
        raise Http404("No such occupation")
    national, states, metros = _state_rows(occupation)
    roles = list(
        Role.objects.published()
        .filter(soc=occupation)
        .select_related("category")
        .only(*LINK_FIELDS, "soc_is_nearest")
        .order_by(TitleOrder())
    )
    map_states, legend = _map_of(states)
    path = occupation.get_absolute_url()
    meta = PageMeta(
        title=f"{occupation.title} (SOC {occupation.code}): pay by state and metro area"
        f" | {settings.SITE_NAME}",
        description=meta_description(
            "",
            f"Median pay and employment for {occupation.title} nationally, in every state and "
            "in metropolitan areas, from BLS wage statistics.",
            "Figures from the newest BLS release.",
        ),
        path=path,
        image_path=site_card_path(),
    )
    return render(
        request,
        "wages/occupation_detail.html",
        {
            "occupation": occupation,
            "national": national,
            "states": states,
            "state_rows": [national, *states] if national else states,
            "metros": metros,
            "release": national.wage.release if national else None,
            "roles": roles,
            "map_states": map_states,
            "legend": legend,
            "viewbox": VIEWBOX,
            "indexed": bool(roles),
            "page_meta": meta,
            "breadcrumbs": [
                Crumb("Home", reverse("roles:home")),
                Crumb("Occupations", reverse("wages:occupations")),
                Crumb(occupation.title, path),
            ],
        },
    )
