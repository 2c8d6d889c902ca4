"""A role's addresses: its page, the staff preview, the answers for moved and removed roles,
and its .txt and .md downloads."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import http_date

from roles import seo, trust
from roles.career_paths import career_path
from roles.content import SECTION, entry_route, sections_shown
from roles.formats import markdown_io, structured_data
from roles.formats.plain_text import render_role_text
from roles.key_figures import key_figures
from roles.models import RemovedRole, Role, TitleOrder
from roles.page_cache import page_cache_scope, role_version
from roles.page_cache.middleware import depends_on
from roles.redirects import moved_role, published_or_moved
from roles.related import related_roles
from roles.views.conditional import conditional_page
from roles.wages.downloads import pay_markdown, pay_text
from roles.wages.pay import role_pay
from roles.wages.structured_data import add_pay

RELATED_ROLES = 6
# "Compare with..." suggests roles of the same category; any other role can be typed.
COMPARE_SUGGESTIONS = 20


@page_cache_scope(lambda category_slug, role_slug: category_slug)
@conditional_page
def role_detail(request: HttpRequest, category_slug: str, role_slug: str) -> HttpResponse:
    role = Role.objects.published().with_page_document().filter(slug=role_slug).first()
    if role is None:
        return role_elsewhere(request, role_slug)
    if role.category.slug != category_slug:
        return redirect(role, permanent=True)
    context = role_page_context(role, request.GET.get("area"))
    # Roles of other categories it names are not covered by its category's version.
    shown = [*context["career_path"].roles, *(s.role for s in context["related_roles"])]
    depends_on(request, [role_version(r.pk) for r in shown if r.category_id != role.category_id])
    return render(request, "roles/role_detail.html", context)


def role_page_context(role: Role, area: str | None = None) -> dict:
    """Everything the role page's template needs; the staff preview renders the same."""
    path = career_path(role)
    meta = seo.role_meta(role)
    trail = structured_data.breadcrumbs(category=role.category, role=role)
    faqs = structured_data.faq_entries(role)
    sections = sections_shown(role, has_career_path=bool(path))
    pay = role_pay(role, area)
    return {
        "role": role,
        "sections": sections,
        "shown": {section.anchor for section in sections},
        "titles": {anchor.replace("-", "_"): s.title for anchor, s in SECTION.items()},
        "career_path": path,
        "related_roles": related_roles(role, path, RELATED_ROLES),
        "compare_suggestions": compare_suggestions(role),
        "page_meta": meta,
        "breadcrumbs": trail,
        "faqs": faqs,
        "pay": pay,
        "key_figures": key_figures(role, pay),
        "entry_route": entry_route(role),
        "sources": trust.role_sources(role, pay),
        "citation": trust.citation(role, settings.SITE_NAME),
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
        .order_by(TitleOrder())
        .values_list("title", flat=True)[:COMPARE_SUGGESTIONS]
    )


def role_elsewhere(request: HttpRequest, role_slug: str) -> HttpResponse:
    """A role address with no public role: 301 if the role moved to a new slug, 503 if it is
    taken down for a while, 410 Gone if it was taken down for good, else 404.

    Gone rather than a redirect to the category: a crawler drops the URL at once instead of
    treating the category as a soft 404, and the reader still gets the category link.
    """
    if moved := moved_role(role_slug):
        return redirect(moved, permanent=True)
    down = Role.objects.taken_down().select_related("category").filter(slug=role_slug).first()
    if down is not None:
        return role_unavailable(request, down)
    removed = RemovedRole.objects.select_related("category").filter(slug=role_slug).first()
    if removed is None:
        raise Http404("No such role")
    return render(request, "roles/role_gone.html", {"removed": removed}, status=410)


def role_unavailable(request: HttpRequest, role: Role) -> HttpResponse:
    """503 with Retry-After, the date the page comes back: crawlers keep the URL and its
    standing and return then (a 410 would have them drop it, a 404 would too, in time)."""
    assert role.taken_down_until is not None  # a taken_down() role
    response = render(request, "roles/role_unavailable.html", {"role": role}, status=503)
    response["Retry-After"] = http_date(role.taken_down_until.timestamp())
    # Not stored by a CDN past the takedown's end, nor for long before it.
    patch_cache_control(response, public=True, max_age=0, s_maxage=60)
    return response


def role_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The role page as it will be published, for staff only, drafts and scheduled roles too.

    Anyone else gets the same 404 as for a missing role, so drafts do not leak their existence.
    """
    role = _previewed_role(request, pk)
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


def _download(role: Role, text: str, extension: str, content_type: str) -> HttpResponse:
    response = HttpResponse(text, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{role.slug}.{extension}"'
    return response


def role_text(request: HttpRequest, category_slug: str, role_slug: str) -> HttpResponse:
    role = published_or_moved(
        Role.objects.with_page_document(), category_slug, role_slug, "roles:detail-text"
    )
    if isinstance(role, HttpResponse):
        return role
    return _download(role, render_role_text(role) + pay_text(role), "txt", "text/plain")


def role_markdown(request: HttpRequest, category_slug: str, role_slug: str) -> HttpResponse:
    """The role in the documented Markdown format (docs/content-format.md), the same file
    `export_roles` writes, so a reader's download can be imported back."""
    role = published_or_moved(
        Role.objects.with_page_document(), category_slug, role_slug, "roles:detail-markdown"
    )
    if isinstance(role, HttpResponse):
        return role
    text = markdown_io.render_role(role) + pay_markdown(role)
    return _download(role, text, "md", "text/markdown")


def _previewed_role(request: HttpRequest, pk: int) -> Role:
    """A role of any status for staff; the same 404 as for a missing role for anyone else."""
    if not (request.user.is_active and request.user.is_staff):
        raise Http404
    return get_object_or_404(Role.objects.with_page_content(), pk=pk)


def preview_text(request: HttpRequest, pk: int) -> HttpResponse:
    """The preview's plain-text download, drafts included (staff only)."""
    role = _previewed_role(request, pk)
    response = _download(role, render_role_text(role), "txt", "text/plain")
    response["Cache-Control"] = "private, no-store"
    return response


def preview_markdown(request: HttpRequest, pk: int) -> HttpResponse:
    role = _previewed_role(request, pk)
    response = _download(role, markdown_io.render_role(role), "md", "text/markdown")
    response["Cache-Control"] = "private, no-store"
    return response
