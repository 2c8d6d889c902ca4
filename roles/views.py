"""Public pages: thin views that ask the querysets and pick a template."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from roles.models import Category, Role

ROLES_PER_CATEGORY_PAGE = 50
RECENT_ROLES_ON_HOME = 6
RELATED_ROLES = 4


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "roles/home.html",
        {
            "categories": Category.objects.listed(),
            "recent_roles": Role.objects.recently_updated().with_card_facts()[
                :RECENT_ROLES_ON_HOME
            ],
        },
    )


def category_list(request: HttpRequest) -> HttpResponse:
    return render(request, "roles/category_list.html", {"categories": Category.objects.listed()})


def category_detail(request: HttpRequest, category_slug: str) -> HttpResponse:
    category = get_object_or_404(Category, slug=category_slug)
    roles = category.roles.published().with_card_facts().order_by("title")
    page = Paginator(roles, ROLES_PER_CATEGORY_PAGE).get_page(request.GET.get("page"))
    return render(request, "roles/category_detail.html", {"category": category, "page": page})


def role_detail(request: HttpRequest, category_slug: str, role_slug: str) -> HttpResponse:
    role = get_object_or_404(Role.objects.published().with_page_content(), slug=role_slug)
    if role.category.slug != category_slug:
        return redirect(role, permanent=True)
    return render(request, "roles/role_detail.html", role_page_context(role))


def role_page_context(role: Role) -> dict:
    """Everything the role page's template needs; the staff preview renders the same."""
    related_roles = (
        Role.objects.published()
        .filter(category=role.category_id)
        .exclude(pk=role.pk)
        .with_card_facts()
        .order_by("-content_updated_at")[:RELATED_ROLES]
    )
    return {"role": role, "related_roles": related_roles}


def role_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The role page as it will be published, for staff only, drafts and scheduled roles too.

    Anyone else gets the same 404 as for a missing role, so drafts do not leak their existence.
    """
    if not (request.user.is_active and request.user.is_staff):
        raise Http404
    role = get_object_or_404(Role.objects.with_page_content(), pk=pk)
    if role.published_at is None:
        # A draft without a date would be published now; show it so (in memory only).
        role.published_at = timezone.now()
    response = render(
        request,
        "roles/role_preview.html",
        {**role_page_context(role), "preview": True},
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response
