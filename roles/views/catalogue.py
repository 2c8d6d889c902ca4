"""The catalogue's pages: home, every category, one category."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from roles import ai_impact, seo
from roles.career_paths import category_ladder
from roles.formats import structured_data
from roles.models import Category, Fact, PreviousCategorySlug, Role, TitleOrder
from roles.page_cache import page_cache_scope
from roles.pagination import page_or_404
from roles.views.conditional import conditional_page
from roles.wages.pay import sorted_roles

ROLES_PER_CATEGORY_PAGE = 50
RECENT_ROLES_ON_HOME = 6
# What a role card (includes/role_card.html) shows of its role, with its prefetched facts: not
# the overview, route in, cover letter and the other long texts of the role page.
CARD_FIELDS = ("title", "slug", "summary", "soc", "soc_is_nearest", "category__slug")


@page_cache_scope(lambda: None)
def home(request: HttpRequest) -> HttpResponse:
    meta = seo.home_meta()
    return render(
        request,
        "roles/home.html",
        {
            "categories": Category.objects.listed(),
            "recent_roles": Role.objects.recently_updated()
            .with_card_facts()
            .only(*CARD_FIELDS)[:RECENT_ROLES_ON_HOME],
            "page_meta": meta,
            "structured_data": structured_data.to_json_ld(structured_data.home_graph(meta)),
        },
    )


@page_cache_scope(lambda: None)
def category_list(request: HttpRequest) -> HttpResponse:
    meta = seo.category_list_meta()
    trail = [*structured_data.breadcrumbs(), structured_data.Crumb("Jobs", meta.path)]
    return render(
        request,
        "roles/category_list.html",
        {
            "categories": Category.objects.listed(),
            "page_meta": meta,
            "breadcrumbs": trail,
            "structured_data": structured_data.to_json_ld(
                structured_data.collection_graph(meta, trail)
            ),
        },
    )


@page_cache_scope(lambda category_slug: category_slug, paginated=True)
# conditional_page: a strong ETag from the rendered page, so a revalidation gets 304 whenever
# nothing a reader sees has changed, including related roles and the category's name.
@conditional_page
def category_detail(request: HttpRequest, category_slug: str) -> HttpResponse:
    category = Category.objects.filter(slug=category_slug).first()
    if category is None:
        moved = get_object_or_404(PreviousCategorySlug, slug=category_slug)
        return redirect(moved.category, permanent=True)
    roles = category.roles.published().with_card_facts().only(*CARD_FIELDS)
    roles = sorted_roles(roles, request.GET.get("sort"))
    page = page_or_404(Paginator(roles, ROLES_PER_CATEGORY_PAGE), request)
    meta = seo.category_meta(category, page)
    trail = structured_data.breadcrumbs(category=category)
    graph = structured_data.category_graph(
        category, meta, trail, page.object_list, first=page.start_index()
    )
    return render(
        request,
        "roles/category_detail.html",
        {
            "category": category,
            "page": page,
            "page_meta": meta,
            "breadcrumbs": trail,
            "structured_data": structured_data.to_json_ld(graph),
            "sort": request.GET.get("sort", ""),
            "query_string": "sort=pay&" if request.GET.get("sort") else "",
            "ladder": category_ladder(category),
        },
    )


@page_cache_scope(lambda: None)
def ai_impact_scale(request: HttpRequest) -> HttpResponse:
    """The scale every "AI impact" fact uses, with the published roles at each level."""
    meta = seo.ai_impact_meta()
    facts = (
        Fact.objects.filter(kind=Fact.Kind.AI_IMPACT, role__in=Role.objects.published())
        .select_related("role__category")
        .order_by(TitleOrder("role__title"))
    )
    trail = [*structured_data.breadcrumbs(), structured_data.Crumb("AI impact scale", meta.path)]
    return render(
        request,
        "roles/ai_impact.html",
        {
            "levels": ai_impact.roles_by_level(facts),
            "page_meta": meta,
            "breadcrumbs": trail,
            "structured_data": structured_data.to_json_ld(
                structured_data.collection_graph(meta, trail)
            ),
        },
    )
