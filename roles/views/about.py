"""The pages that say who publishes the site and how its pages are made."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from roles import ai_impact, seo, trust
from roles.formats import structured_data
from roles.models import Role
from roles.page_cache import page_cache_scope
from roles.wages.models import DataRelease


def _page(
    request: HttpRequest, template: str, name: str, meta: seo.PageMeta, page_type: str, **context
) -> HttpResponse:
    trail = [*structured_data.breadcrumbs(), structured_data.Crumb(name, meta.path)]
    return render(
        request,
        template,
        {
            **context,
            "page_meta": meta,
            "breadcrumbs": trail,
            "structured_data": structured_data.to_json_ld(
                structured_data.page_graph(page_type, meta, trail)
            ),
        },
    )


@page_cache_scope(lambda: None)
def about(request: HttpRequest) -> HttpResponse:
    return _page(request, "roles/about.html", "About", seo.about_meta(), "AboutPage")


@page_cache_scope(lambda: None)
def methodology(request: HttpRequest) -> HttpResponse:
    """How pages are written and reviewed, and the sources and vintages of their figures, as
    loaded (the pay release) and as the content checks enforce them (projections)."""
    today = timezone.localdate()
    reviewed = Role.objects.published().reviewed_since(today - trust.REVIEW_INTERVAL).count()
    return _page(
        request,
        "roles/methodology.html",
        "Methodology",
        seo.methodology_meta(),
        "WebPage",
        release=DataRelease.objects.newest(),
        projections_name=trust.PROJECTIONS_NAME,
        projections_url=trust.PROJECTIONS_URL,
        levels=ai_impact.LEVELS,
        published=Role.objects.published().count(),
        reviewed=reviewed,
        review_interval_months=trust.REVIEW_INTERVAL.days * 12 // 365,
    )
