"""Public pages: thin views that ask the querysets and pick a template."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import conditional_page

from roles import seo, structured_data
from roles.cache import page_cache_scope
from roles.models import Category, PreviousCategorySlug, PreviousRoleSlug, RemovedRole, Role
from roles.wages.pay import role_pay, sorted_roles
from roles.wages.structured_data import add_pay

ROLES_PER_CATEGORY_PAGE = 50
RECENT_ROLES_ON_HOME = 6
RELATED_ROLES = 4
# "Compare with..." suggests roles of the same category; any other role can be typed.
COMPARE_SUGGESTIONS = 20


@page_cache_scope(lambda: None)
def home(request: HttpRequest) -> HttpResponse:
    meta = seo.home_meta()
    return render(
        request,
        "roles/home.html",
        {
            "categories": Category.objects.listed(),
            "recent_roles": Role.objects.recently_updated().with_card_facts()[
                :RECENT_ROLES_ON_HOME
            ],
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


@page_cache_scope(lambda category_slug: category_slug)
# conditional_page: a strong ETag from the rendered page, so a revalidation gets 304 whenever
# nothing a reader sees has changed, including related roles and the category's name.
@conditional_page
def category_detail(request: HttpRequest, category_slug: str) -> HttpResponse:
    category = Category.objects.filter(slug=category_slug).first()
    if category is None:
        moved = get_object_or_404(PreviousCategorySlug, slug=category_slug)
        return redirect(moved.category, permanent=True)
    roles = sorted_roles(category.roles.published().with_card_facts(), request.GET.get("sort"))
    page = Paginator(roles, ROLES_PER_CATEGORY_PAGE).get_page(request.GET.get("page"))
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
            "sort": request.GET.get("sort", ""),
            "query_string": "sort=pay&" if request.GET.get("sort") else "",
            "page_meta": meta,
            "breadcrumbs": trail,
            "structured_data": structured_data.to_json_ld(graph),
        },
    )


@page_cache_scope(lambda category_slug, role_slug: category_slug)
@conditional_page
def role_detail(request: HttpRequest, category_slug: str, role_slug: str) -> HttpResponse:
    role = Role.objects.published().with_page_content().filter(slug=role_slug).first()
    if role is None:
        return role_elsewhere(request, role_slug)
    if role.category.slug != category_slug:
        return redirect(role, permanent=True)
    return render(
        request, "roles/role_detail.html", role_page_context(role, request.GET.get("area"))
    )


def role_page_context(role: Role, area: str | None = None) -> dict:
    """Everything the role page's template needs; the staff preview renders the same."""
    related_roles = Role.objects.published().related_to(role, RELATED_ROLES)
    meta = seo.role_meta(role)
    trail = structured_data.breadcrumbs(category=role.category, role=role)
    faqs = structured_data.faq_entries(role)
    pay = role_pay(role, area)
    return {
        "role": role,
        "related_roles": related_roles,
        "compare_suggestions": compare_suggestions(role),
        "page_meta": meta,
        "breadcrumbs": trail,
        "faqs": faqs,
        "pay": pay,
        "structured_data": structured_data.to_json_ld(
            add_pay(structured_data.role_graph(role, meta, trail, faqs), pay)
        ),
    }


def compare_suggestions(role: Role) -> QuerySet:
    """Titles the role page's "Compare with..." box offers: other roles of its category, a
    bounded list whatever the size of the catalogue."""
    return (
        Role.objects.published()
        .alongside(role)
        .order_by("title")
        .values_list("title", flat=True)[:COMPARE_SUGGESTIONS]
    )


def role_elsewhere(request: HttpRequest, role_slug: str) -> HttpResponse:
    """A role address with no public role: 301 if the role moved to a new slug, 410 Gone if it
    was taken down, else 404.

    Gone rather than a redirect to the category: a crawler drops the URL at once instead of
    treating the category as a soft 404, and the reader still gets the category link.
    """
    moved = PreviousRoleSlug.objects.filter(slug=role_slug, role__in=Role.objects.published())
    if moved := moved.select_related("role__category").first():
        return redirect(moved.role, permanent=True)
    removed = RemovedRole.objects.select_related("category").filter(slug=role_slug).first()
    if removed is None:
        raise Http404("No such role")
    return render(request, "roles/role_gone.html", {"removed": removed}, status=410)


def role_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The role page as it will be published, for staff only, drafts and scheduled roles too.

    Anyone else gets the same 404 as for a missing role, so drafts do not leak their existence.
    """
    if not (request.user.is_active and request.user.is_staff):
        raise Http404
    role = get_object_or_404(Role.objects.with_page_content(), pk=pk)
    if role.published_at is None:
        role.published_at = timezone.now()
    response = render(
        request,
        "roles/role_preview.html",
        {**role_page_context(role), "preview": True},
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response
