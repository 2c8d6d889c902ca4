"""Public pages: thin views that ask the querysets and pick a template."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from roles.cache import page_cache_scope
from roles.models import Category, Role

ROLES_PER_CATEGORY_PAGE = 50
RECENT_ROLES_ON_HOME = 6
RELATED_ROLES = 4


@page_cache_scope(lambda: None)
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


@page_cache_scope(lambda: None)
def category_list(request: HttpRequest) -> HttpResponse:
    return render(request, "roles/category_list.html", {"categories": Category.objects.listed()})


@page_cache_scope(lambda category_slug: category_slug)
def category_detail(request: HttpRequest, category_slug: str) -> HttpResponse:
    category = get_object_or_404(Category, slug=category_slug)
    roles = category.roles.published().with_card_facts().order_by("title")
    page = Paginator(roles, ROLES_PER_CATEGORY_PAGE).get_page(request.GET.get("page"))
    return render(request, "roles/category_detail.html", {"category": category, "page": page})


@page_cache_scope(lambda category_slug, role_slug: category_slug)
def role_detail(request: HttpRequest, category_slug: str, role_slug: str) -> HttpResponse:
    role = get_object_or_404(Role.objects.published().with_page_content(), slug=role_slug)
    if role.category.slug != category_slug:
        return redirect(role, permanent=True)
    related_roles = (
        Role.objects.published()
        .filter(category=role.category_id)
        .exclude(pk=role.pk)
        .with_card_facts()
        .order_by("-content_updated_at")[:RELATED_ROLES]
    )
    return render(request, "roles/role_detail.html", {"role": role, "related_roles": related_roles})
