"""The sitemap sections, listed by the sitemap index at /sitemap.xml.

Every URL is built on settings.SITE_URL. The roles section is split into pages of
settings.SITEMAP_ROLES_PER_PAGE, ordered by primary key so that a page holds the same roles
between the index being read and the page being fetched.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from roles.models import Category, Role


class SiteURLSitemap(Sitemap):
    """Absolute URLs on SITE_URL, whatever host the sitemap was requested on."""

    @property
    def protocol(self) -> str:  # type: ignore[override]  # read-only: Django only reads it
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc


def latest_public_change() -> datetime | None:
    """When a listing page last changed: a role edited or going public, or a category edited."""
    roles = Role.objects.published().aggregate(
        edited=Max("content_updated_at"), public=Max("published_at")
    )
    categories = Category.objects.aggregate(edited=Max("updated_at"))
    dates = [d for d in (*roles.values(), categories["edited"]) if d is not None]
    return max(dates, default=None)


class PagesSitemap(SiteURLSitemap):
    def items(self) -> list[str]:
        return [
            "roles:home",
            "roles:category-list",
            "roles:about",
            "roles:methodology",
            "roles:ai-impact",
        ]

    def location(self, item: str) -> str:
        return reverse(item)

    def lastmod(self, item: str) -> datetime | None:
        return latest_public_change()

    def get_latest_lastmod(self) -> datetime | None:
        return latest_public_change()


class CategorySitemap(SiteURLSitemap):
    """Categories with published roles: the ones the site links to."""

    def items(self):
        return Category.objects.listed().with_latest_role_change().order_by("pk")

    def lastmod(self, category: Category) -> datetime:
        return max(category.updated_at, category.role_edited, category.role_public)  # type: ignore[attr-defined]  # with_latest_role_change()

    def get_latest_lastmod(self) -> datetime | None:
        return max((self.lastmod(c) for c in self.items()), default=None)


class RoleSitemap(SiteURLSitemap):
    @property
    def limit(self) -> int:  # type: ignore[override]  # read-only: Django only reads it
        return settings.SITEMAP_ROLES_PER_PAGE

    def items(self):
        return (
            Role.objects.published()
            .select_related("category")
            .only("slug", "content_updated_at", "category__slug")
            .order_by("pk")
        )

    def lastmod(self, role: Role) -> datetime:
        return role.content_updated_at

    def get_latest_lastmod(self) -> datetime | None:
        return Role.objects.published().aggregate(latest=Max("content_updated_at"))["latest"]


SITEMAPS = {"pages": PagesSitemap, "categories": CategorySitemap, "roles": RoleSitemap}

# Pay pages: the occupation explorer and the occupations published roles cover.
from roles.wages.sitemaps import OccupationSitemap  # noqa: E402

SITEMAPS["occupations"] = OccupationSitemap
