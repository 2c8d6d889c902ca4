"""A role's addresses: its page, the staff preview, the answers for moved and removed roles,
and its .txt and .md downloads."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import conditional_page

from roles import seo
from roles.formats import markdown_io, structured_data
from roles.formats.plain_text import render_role_text
from roles.models import PreviousRoleSlug, RemovedRole, Role
from roles.page_cache import page_cache_scope, role_version
from roles.page_cache.middleware import depends_on

RELATED_ROLES = 4
# "Compare with..." suggests roles of the same category; any other role can be typed.
COMPARE_SUGGESTIONS = 20


@page_cache_scope(lambda category_slug, role_slug: category_slug)
@conditional_page
def role_detail(request: HttpRequest, category_slug: str, role_slug: str) -> HttpResponse:
    role = Role.objects.published().with_page_content().filter(slug=role_slug).first()
    if role is None:
        return role_elsewhere(request, role_slug)
    if role.category.slug != category_slug:
        return redirect(role, permanent=True)
    context = role_page_context(role)
    # Roles of other categories it lists are not covered by its category's version.
    depends_on(
        request,
        [role_version(r.pk) for r in context["related_roles"] if r.category_id != role.category_id],
    )
    return render(request, "roles/role_detail.html", context)


def role_page_context(role: Role) -> dict:
    """Everything the role page's template needs; the staff preview renders the same."""
    related_roles = Role.objects.published().related_to(role, RELATED_ROLES)
    meta = seo.role_meta(role)
    trail = structured_data.breadcrumbs(category=role.category, role=role)
    faqs = structured_data.faq_entries(role)
    return {
        "role": role,
        "related_roles": related_roles,
        "compare_suggestions": compare_suggestions(role),
        "page_meta": meta,
        "breadcrumbs": trail,
        "faqs": faqs,
        "structured_data": structured_data.to_json_ld(
            structured_data.role_graph(role, meta, trail, faqs)
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


def _download(role: Role, text: str, extension: str, content_type: str) -> HttpResponse:
    response = HttpResponse(text, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{role.slug}.{extension}"'
    return response


def _published_role(category_slug: str, role_slug: str) -> Role:
    return get_object_or_404(
        Role.objects.published().with_page_content(), slug=role_slug, category__slug=category_slug
    )


def role_text(request: HttpRequest, category_slug: str, role_slug: str) -> HttpResponse:
    role = _published_role(category_slug, role_slug)
    return _download(role, render_role_text(role), "txt", "text/plain")


def role_markdown(request: HttpRequest, category_slug: str, role_slug: str) -> HttpResponse:
    """The role in the documented Markdown format (docs/content-format.md), the same file
    `export_roles` writes, so a reader's download can be imported back."""
    role = _published_role(category_slug, role_slug)
    return _download(role, markdown_io.render_role(role), "md", "text/markdown")
