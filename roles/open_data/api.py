"""The read-only JSON API under /api/v1/ (django-ninja: typed schemas, OpenAPI generated from
them at /api/v1/openapi.json, documented at /api/v1/docs/).

Every operation reads published data only (Role.objects.published(), complete data releases),
is cached under the catalogue's state (roles/open_data/caching.py), carries an ETag and
Cache-Control and answers 304 to a matching If-None-Match. Every error is JSON in one shape
(schemas.Error): an unknown slug or code is a 404, a malformed or unknown parameter a 400
naming it, a page past the last a 404 `page_out_of_range`; never a traceback. The rate limit
(roles/open_data/rate_limit.py) runs before all of this.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from django.db import InterfaceError, OperationalError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from ninja import NinjaAPI, Path, Query
from ninja.decorators import decorate_view
from ninja.errors import HttpError, ValidationError

from roles.models import Category, Role, TitleOrder
from roles.open_data import documents, schemas
from roles.open_data.caching import cached_operation
from roles.redirects import moved_role
from roles.seo import absolute_url
from roles.wages.models import Area, DataRelease, Occupation, Wage

logger = logging.getLogger("roles.open_data")

DESCRIPTION = """\
RoleAtlas's published catalogue as JSON: categories, roles with every section of their pages,
their facts with sources, and BLS OEWS pay by occupation and area. Read-only, no key needed.
Only what readers can see is here: never drafts, scheduled roles or roles taken down.

Responses carry an `ETag`: send it back in `If-None-Match` to get `304 Not Modified`. Lists are
paginated with `page` and `per_page`. Errors are JSON with `status`, `code` and `message`.
Each client may make a limited number of requests a minute (`429` with `Retry-After` past it);
for the whole catalogue, download the bulk files at /data/ instead.

Role text is RoleAtlas's own (see /data/manifest.json for its licence); pay figures are the U.S.
Bureau of Labor Statistics' and in the public domain: cite BLS as the source.
"""


class OpenDataAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Any) -> str:
        return str(operation.view_func.__name__)  # "list_roles", not the module's path too


api = OpenDataAPI(
    title="RoleAtlas open data API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    # Both served by roles/open_data/views.py: the schema with an ETag like every answer, the
    # documentation as a page of our own, under the site's CSP.
    openapi_url=None,
    docs_url=None,
)

PER_PAGE = 50
MAX_PER_PAGE = 100
SOC_CODE = r"^\d\d-\d{4}$"
ERRORS: dict[int, Any] = {400: schemas.Error, 404: schemas.Error, 429: schemas.Error}

SocCode = Annotated[str, Path(pattern=SOC_CODE, description='A 2018 SOC code, "15-2051".')]
PageNumber = Annotated[int, Query(1, ge=1, le=1_000_000, description="Page number, from 1.")]
PerPage = Annotated[
    int, Query(PER_PAGE, ge=1, le=MAX_PER_PAGE, description=f"Items a page, 1-{MAX_PER_PAGE}.")
]


class ApiError(HttpError):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(status, message)
        self.code = code


def error_response(
    request: HttpRequest, status: int, code: str, message: str, errors: list | None = None
) -> HttpResponse:
    body = {"status": status, "code": code, "message": message, "errors": errors or []}
    return api.create_response(request, body, status=status)


@api.exception_handler(ApiError)
def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return error_response(request, exc.status_code, exc.code, exc.message)


@api.exception_handler(ValidationError)
def _bad_parameters(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [{"parameter": str(error["loc"][-1]), "message": error["msg"]} for error in exc.errors]
    message = "; ".join(f"{e['parameter']}: {e['message']}" for e in errors)
    return error_response(request, 400, "bad_request", f"Bad parameter. {message}.", errors)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(request, 404, "not_found", str(exc) or "Not found.")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error_response(request, exc.status_code, "error", str(exc))


@api.exception_handler(Exception)
def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    if isinstance(exc, OperationalError | InterfaceError):
        logger.error("database unavailable: %s", exc, exc_info=exc)
        response = error_response(
            request, 503, "unavailable", "The database is unavailable; try again shortly."
        )
        response["Retry-After"] = "30"
        return response
    logger.error("open data API error", exc_info=exc)
    return error_response(request, 500, "server_error", "Something went wrong on our side.")


def known_parameters_only(run: Callable[..., HttpResponseBase]) -> Callable[..., Any]:
    """A parameter the operation does not take is a 400 naming the ones it does: a misspelt
    filter (`?categroy=`) would otherwise answer the whole unfiltered list."""
    operation = run.__self__  # type: ignore[attr-defined]  # decorate_view passes Operation.run
    allowed = sorted({param.alias for param in operation.signature.params})
    path_names = operation.signature.path_params_names

    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        unknown = sorted(set(request.GET) - set(allowed) - set(path_names))
        if unknown:
            takes = ", ".join(n for n in allowed if n not in path_names) or "no parameters"
            return error_response(
                request,
                400,
                "bad_request",
                f"Unknown parameter {', '.join(unknown)}; this address takes {takes}.",
                [{"parameter": name, "message": "Unknown parameter."} for name in unknown],
            )
        return run(request, *args, **kwargs)

    return wrapper


def read(path: str, response: Any, **options: Any) -> Callable:
    """A GET operation: documented with its error answers, strict about its parameters and
    cached under the catalogue's state."""

    def decorator(func: Callable) -> Callable:
        func = decorate_view(known_parameters_only, cached_operation)(func)
        return api.get(path, response={200: response, **ERRORS}, **options)(func)

    return decorator


def paginated(
    request: HttpRequest, items: QuerySet, page: int, per_page: int, document: Callable
) -> dict[str, Any]:
    """One page of `items` as documents, with the count and the neighbours' addresses: two
    queries (the count and the page) plus what `items` prefetches."""
    count = items.count()
    pages = max(1, math.ceil(count / per_page))
    if page > pages:
        noun = "page" if pages == 1 else "pages"
        raise ApiError(
            404,
            "page_out_of_range",
            f"Page {page} does not exist: there {'is' if pages == 1 else 'are'} {pages} "
            f"{noun} of {per_page}.",
        )
    start = (page - 1) * per_page

    def address(number: int) -> str:
        params = request.GET.copy()
        params["page"] = str(number)
        return absolute_url(f"{request.path}?{urlencode(sorted(params.items()))}")

    return {
        "count": count,
        "page": page,
        "per_page": per_page,
        "pages": pages,
        "next": address(page + 1) if page < pages else None,
        "previous": address(page - 1) if page > 1 else None,
        "results": [document(item) for item in items[start : start + per_page]],
    }


# Categories


@read("/categories", schemas.CategoryPage, summary="Categories with published roles")
def list_categories(request: HttpRequest, page: PageNumber, per_page: PerPage) -> Any:
    categories = Category.objects.listed()
    return paginated(request, categories, page, per_page, documents.category_document)


@read("/categories/{slug}", schemas.Category, summary="One category")
def get_category(request: HttpRequest, slug: str) -> Any:
    category = Category.objects.listed().filter(slug=slug).first()
    if category is None:
        raise ApiError(404, "not_found", f"No category with published roles has slug {slug!r}.")
    return documents.category_document(category)


# Roles


def _category_or_error(slug: str) -> Category:
    category = Category.objects.listed().filter(slug=slug).first()
    if category is None:
        raise ApiError(
            400,
            "bad_request",
            f"category: no category with published roles has slug {slug!r}; "
            f"see {reverse('api-v1:list_categories')}.",
        )
    return category


def _moment(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


@read("/roles", schemas.RolePage, summary="Published roles, filtered")
def list_roles(
    request: HttpRequest,
    page: PageNumber,
    per_page: PerPage,
    category: Annotated[str | None, Query(None, description="A category's slug.")],
    soc: Annotated[
        str | None, Query(None, pattern=SOC_CODE, description='A 2018 SOC code, "15-1252".')
    ],
    updated_since: Annotated[
        datetime | None,
        Query(
            None,
            description="Roles whose content changed at or after this moment (ISO 8601; UTC "
            "when no offset is given).",
        ),
    ],
    search: Annotated[
        str | None,
        Query(None, max_length=200, description="Words, as in the site's search; best first."),
    ],
) -> Any:
    """Published roles in title order (or best match first with `search`)."""
    roles = Role.objects.published().select_related("category", "soc")
    if category is not None:
        roles = roles.filter(category=_category_or_error(category))
    if soc is not None:
        roles = roles.filter(soc=soc)
    if updated_since is not None:
        roles = roles.filter(content_updated_at__gte=_moment(updated_since))
    if search is not None and search.strip():
        roles = roles.search(search)
    else:
        roles = roles.order_by(TitleOrder(), "pk")
    return paginated(request, roles, page, per_page, documents.role_summary)


def role_pay(role: Role, area_slug: str | None) -> dict[str, Any] | None:
    """The role's pay in the newest release, nationally and in `area_slug`: one query, and one
    more for an area without figures (to tell it from an unknown one, a 400)."""
    occupation = documents.occupation_reference(role)
    if occupation is None:
        return None
    wanted = Q(area__kind=Area.Kind.NATIONAL)
    if area_slug:
        wanted |= Q(area__slug=area_slug)
    rows = list(Wage.objects.for_occupation(role.soc_id).filter(wanted))  # type: ignore[arg-type]
    national = next((w for w in rows if w.area.kind == Area.Kind.NATIONAL), None)
    local = next((w for w in rows if area_slug and w.area.slug == area_slug), None)
    if area_slug and local is None and not Area.objects.filter(slug=area_slug).exists():
        raise ApiError(
            400,
            "bad_request",
            f"area: no area has slug {area_slug!r}; see {reverse('api-v1:list_areas')}.",
        )
    release = rows[0].release if rows else DataRelease.objects.newest()
    return {
        "occupation": occupation,
        "release": documents.release_document(release) if release else None,
        "national": documents.wage_document(national) if national else None,
        "area": documents.wage_document(local) if local and local is not national else None,
    }


def role_detail_document(role: Role, area_slug: str | None = None) -> dict[str, Any]:
    """The role in full with its pay: the API's role and the page's `.json` alike."""
    return {**documents.role_document(role), "pay": role_pay(role, area_slug)}


@read("/roles/{slug}", schemas.RoleDetail, summary="One role in full")
def get_role(
    request: HttpRequest,
    slug: str,
    area: Annotated[
        str | None,
        Query(None, description="An area's slug (see /areas): its pay beside the nation's."),
    ],
) -> Any:
    """Every section of the role's page, its facts with their sources, and its pay. A role
    that changed its slug answers 301 to its new address."""
    role = Role.objects.published().with_page_document().filter(slug=slug).first()
    if role is None:
        moved = moved_role(slug)
        if moved is not None and moved.is_public:
            target = reverse("api-v1:get_role", kwargs={"slug": moved.slug})
            query = request.GET.urlencode()
            return redirect(f"{target}?{query}" if query else target, permanent=True)
        raise ApiError(404, "not_found", f"No published role has slug {slug!r}.")
    return role_detail_document(role, (area or "").strip() or None)


# Occupations, areas and wages


def _occupation_or_404(code: str) -> Occupation:
    occupation = Occupation.objects.filter(code=code).first()
    if occupation is None:
        raise ApiError(404, "not_found", f"No 2018 SOC occupation has code {code!r}.")
    return occupation


def _release_or_newest(release_id: int | None) -> DataRelease:
    releases = DataRelease.objects.filter(complete=True)
    release = (
        releases.filter(pk=release_id).first()
        if release_id is not None
        else DataRelease.objects.newest()
    )
    if release is None:
        what = f"no complete data release has id {release_id}" if release_id else "no pay data"
        raise ApiError(404, "not_found", f"release: {what}; see {reverse('api-v1:list_releases')}.")
    return release


@read("/occupations", schemas.OccupationPage, summary="2018 SOC occupations")
def list_occupations(
    request: HttpRequest,
    page: PageNumber,
    per_page: PerPage,
    level: Annotated[
        Literal["total", "major", "minor", "broad", "detailed"],
        Query("detailed", description="The level of the SOC hierarchy."),
    ],
    group: Annotated[
        str | None,
        Query(None, pattern=r"^\d\d-0000$", description='A major group\'s code, "15-0000".'),
    ],
) -> Any:
    occupations = Occupation.objects.filter(level=level).order_by("code")
    if group is not None:
        occupations = occupations.filter(major_group=group)
    return paginated(request, occupations, page, per_page, documents.occupation_document)


@read(
    "/occupations/{code}",
    schemas.OccupationDetail,
    summary="One occupation, its national pay and the roles that name it",
)
def get_occupation(request: HttpRequest, code: SocCode) -> Any:
    occupation = _occupation_or_404(code)
    release = DataRelease.objects.newest()
    national = Wage.objects.for_occupation(code).national().first() if release is not None else None
    roles = (
        Role.objects.published()
        .filter(soc=code)
        .select_related("category", "soc")
        .order_by(TitleOrder(), "pk")
    )
    return {
        **documents.occupation_document(occupation),
        "release": documents.release_document(release) if release else None,
        "national": documents.wage_document(national) if national else None,
        "roles": [documents.role_summary(role) for role in roles],
    }


@read("/occupations/{code}/wages", schemas.WagePage, summary="An occupation's pay by area")
def list_occupation_wages(
    request: HttpRequest,
    code: SocCode,
    page: PageNumber,
    per_page: PerPage,
    kind: Annotated[
        Literal["national", "state", "metro"] | None,
        Query(None, description="Only areas of this kind."),
    ],
    release: Annotated[
        int | None, Query(None, ge=1, description="A data release's id; the newest by default.")
    ],
) -> Any:
    """The occupation's figures in every area of a release (the newest by default), by area
    name, the nation first."""
    _occupation_or_404(code)
    chosen = _release_or_newest(release)
    wages = (
        Wage.objects.filter(release=chosen, occupation=code)
        .select_related("area")
        .order_by("area__kind", "area__name")
    )
    if kind is not None:
        wages = wages.filter(area__kind=kind)
    return paginated(request, wages, page, per_page, documents.wage_document)


@read("/areas", schemas.AreaPage, summary="Areas with pay figures")
def list_areas(
    request: HttpRequest,
    page: PageNumber,
    per_page: PerPage,
    kind: Annotated[
        Literal["national", "state", "metro"] | None,
        Query(None, description="Only areas of this kind."),
    ],
) -> Any:
    areas = Area.objects.order_by("kind", "name")
    if kind is not None:
        areas = areas.filter(kind=kind)
    return paginated(request, areas, page, per_page, documents.area_document)


@read("/releases", list[schemas.DataRelease], summary="Pay data releases, newest first")
def list_releases(request: HttpRequest) -> Any:
    """Every complete release loaded; figures elsewhere come from the newest."""
    return [documents.release_document(r) for r in DataRelease.objects.newest_first()]
