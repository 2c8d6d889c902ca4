"""The open data addresses outside the API's own: a role's `.json` beside its page, the API's
documentation page, the bulk downloads at /data/ and /llms.txt."""

from __future__ import annotations

import gzip
import json
import re
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from roles.models import Role
from roles.open_data import bulk, llms_txt, schemas
from roles.open_data.api import api, error_response, role_detail_document
from roles.open_data.caching import finish, stored_answer
from roles.open_data.documentation import operations, schema_entries
from roles.page_cache import page_cache_scope
from roles.redirects import published_or_moved
from roles.seo import PageMeta, site_card_path
from roles.views.conditional import conditional_page

JSON = "application/json"


def json_response(data: Any, status: int = 200) -> HttpResponse:
    text = json.dumps(data, ensure_ascii=False, cls=api.renderer.encoder_class)  # type: ignore[attr-defined]
    return HttpResponse(text, status=status, content_type=f"{JSON}; charset=utf-8")


@require_safe
@page_cache_scope(lambda category_slug, role_slug: category_slug)
@conditional_page
def role_json(request: HttpRequest, category_slug: str, role_slug: str) -> HttpResponse:
    """The role in full, the API's own document of it (`/api/v1/roles/<slug>`), beside the
    page's `.md` and `.txt`; cached with the page, under its category's version."""
    role = published_or_moved(
        Role.objects.with_page_document(), category_slug, role_slug, "roles:detail-json"
    )
    if isinstance(role, HttpResponse):
        return role
    area = (request.GET.get("area") or "").strip() or None
    document = role_detail_document(role, area)
    # Validated and written as the API writes it, so the two are the same document.
    valid = schemas.RoleDetail.model_validate(document).model_dump()
    response = json_response(valid)
    response["Cache-Control"] = settings.OPEN_DATA_CACHE_CONTROL
    return response


@require_safe
def api_docs(request: HttpRequest) -> HttpResponse:
    """The API's reference, rendered on the server from the very schema it serves, so the two
    cannot disagree: no script, no CDN, nothing the site's CSP would have to allow."""
    schema = openapi_schema()
    meta = PageMeta(
        title=f"Open data API | {settings.SITE_NAME}",
        description=(
            f"{settings.SITE_NAME}'s read-only JSON API: categories, roles in full, BLS pay by "
            "occupation and area, data releases. OpenAPI schema and examples."
        ),
        path=request.path,
        image_path=site_card_path(),
    )
    context = {
        "page_meta": meta,
        "info": schema["info"],
        "operations": operations(schema),
        "schemas": schema_entries(schema),
        "rate_limit": settings.API_RATE_LIMIT,
        "rate_window": settings.API_RATE_WINDOW,
        "site_url": settings.SITE_URL,
    }
    response = render(request, "open_data/api_docs.html", context)
    return finish(request, response)  # type: ignore[return-value]


@require_safe
def openapi_json(request: HttpRequest) -> HttpResponseBase:
    """The OpenAPI 3.1 document the API is generated from (and its docs page rendered from)."""
    return stored_answer(
        request, ("openapi", request.get_full_path()), lambda: json_response(openapi_schema())
    )


def openapi_schema() -> dict[str, Any]:
    return dict(api.get_openapi_schema())


def api_not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """An address under /api/ that names no operation: JSON, as every API answer is."""
    return error_response(
        request,
        404,
        "not_found",
        f"No API operation at {request.path}; see /api/v1/docs/ and /api/v1/openapi.json.",
    )


# Bulk downloads


@require_safe
def data_index(request: HttpRequest) -> HttpResponse:
    bundle = bulk.current_bundle()
    manifest = json.loads(bundle.manifest)
    meta = PageMeta(
        title=f"Open data downloads | {settings.SITE_NAME}",
        description=(
            f"Every published role on {settings.SITE_NAME} as JSON Lines and CSV: facts, duties, "
            "qualifications, FAQs and BLS pay, with checksums and licences."
        ),
        path=request.path,
        image_path=site_card_path(),
    )
    response = render(request, "open_data/data_index.html", {"page_meta": meta, **manifest})
    return finish(request, response)  # type: ignore[return-value]


@require_safe
def data_manifest(request: HttpRequest) -> HttpResponseBase:
    bundle = bulk.current_bundle()
    response = HttpResponse(bundle.manifest, content_type=f"{JSON}; charset=utf-8")
    # Of the files it describes, not of its own bytes: a manifest rebuilt for the same data
    # (another instance, an expired cache entry) differs only in its generated_at.
    response["ETag"] = f'W/"{bundle.fingerprint()}"'
    return finish(request, response)


ACCEPTS_GZIP = re.compile(r"(?:^|,)\s*gzip\s*(?:;\s*q=(?!0(?:\.0*)?\s*(?:,|$))[0-9.]+)?\s*(?:,|$)")


def accepts_gzip(request: HttpRequest) -> bool:
    """Whether Accept-Encoding allows gzip (and not with q=0)."""
    return ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "").lower()) is not None


@require_safe
def data_file(request: HttpRequest, name: str) -> HttpResponseBase:
    """A bulk file, gzipped when the client accepts it (and always as `<name>.gz`), with the
    checksum of its content as a weak ETag, the same whatever the encoding."""
    bundle = bulk.current_bundle()
    download = name.endswith(".gz")
    data_file = bundle.files.get(name.removesuffix(".gz"))
    if data_file is None:
        raise Http404("No such file")
    etag = f'W/"{data_file.sha256[:32]}"'
    if download:
        response = HttpResponse(data_file.gzipped, content_type="application/gzip")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    else:
        media_type = f"{data_file.media_type}; charset=utf-8"
        if data_file.media_type == bulk.CSV:
            media_type += "; header=present"
        if accepts_gzip(request):
            response = HttpResponse(data_file.gzipped, content_type=media_type)
            response["Content-Encoding"] = "gzip"
        else:
            response = HttpResponse(gzip.decompress(data_file.gzipped), content_type=media_type)
        patch_vary_headers(response, ["Accept-Encoding"])
    response["ETag"] = etag
    return finish(request, response)


# llms.txt


@require_safe
@page_cache_scope(lambda: None)
@conditional_page
def llms_txt_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse(llms_txt.render(), content_type="text/plain; charset=utf-8")
