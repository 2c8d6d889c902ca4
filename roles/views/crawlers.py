"""What crawlers and link-preview services fetch besides the pages: robots.txt, the sitemap
index and the social card images."""

from __future__ import annotations

from django.contrib.sitemaps.views import SitemapIndexItem
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.views.decorators.http import require_safe

from roles import social_cards
from roles.models import Category, Role
from roles.redirects import moved_role
from roles.seo import absolute_url
from roles.sitemaps import SITEMAPS

CARD_MAX_AGE = 24 * 60 * 60


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Allow: /",
        "",
        f"Sitemap: {absolute_url(reverse('roles:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def sitemap_index(request: HttpRequest) -> TemplateResponse:
    """Every page of every sitemap section, so the whole catalogue is reachable however many
    roles there are (one query per section, plus one count per paged section)."""
    entries = []
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        url = absolute_url(reverse("roles:sitemap-section", kwargs={"section": section}))
        lastmod = sitemap.get_latest_lastmod()
        for page in range(1, sitemap.paginator.num_pages + 1):
            entries.append(SitemapIndexItem(url if page == 1 else f"{url}?p={page}", lastmod))  # type: ignore[arg-type]  # Django annotates last_mod as bool
    return TemplateResponse(
        request, "roles/sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )


def card_response(request: HttpRequest, title: str, kicker: str) -> HttpResponse:
    etag = f'"{social_cards.fingerprint(title, kicker)}"'
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        response = not_modified
    else:
        response = HttpResponse(social_cards.card_png(title, kicker), content_type="image/png")
        response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=CARD_MAX_AGE)
    return response


@require_safe
def role_card(request: HttpRequest, role_slug: str) -> HttpResponse:
    role = Role.objects.published().select_related("category").filter(slug=role_slug).first()
    if role is None:
        moved = moved_role(role_slug)
        if moved is None:
            raise Http404("No such role")
        return redirect("roles:role-card", role_slug=moved.slug, permanent=True)
    return card_response(request, role.title, role.category.name)


@require_safe
def category_card(request: HttpRequest, category_slug: str) -> HttpResponse:
    category = get_object_or_404(Category, slug=category_slug)
    return card_response(request, category.name, "Job category")


@require_safe
def site_card(request: HttpRequest) -> HttpResponse:
    return card_response(request, social_cards.SITE_CARD_TITLE, social_cards.SITE_CARD_KICKER)
