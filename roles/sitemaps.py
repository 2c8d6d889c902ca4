"""The sitemap sections, listed by the sitemap index at /sitemap.xml.

Every URL is built on settings.SITE_URL. The roles section is split into pages of
settings.SITEMAP_ROLES_PER_PAGE, ordered by primary key so that a page holds the same roles
between the index being read and the page being fetched.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import cached_property
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from roles.models import Category, Role
from roles.paths import role_paths


class SiteURLSitemap(Sitemap):
    """Absolute URLs on SITE_URL, whatever host the sitemap was requested on."""

    @property
    def protocol(self) -> str:  # type: ignore[override]  # read-only: Django only reads it
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc


def latest_public_change() -> datetime | None:
    """When a listing page last changed: a role edited or going public, or a category edited.
    One query, whatever the number of roles: the latest of each category's newest edit and
    publish date of its published roles, two index probes per category (a MAX over the
    published roles read them all: 11 ms at 10,000 roles)."""
    latest = Category.objects.with_latest_role_change().aggregate(
        edited=Max("role_edited"), public=Max("role_public"), category=Max("updated_at")
    )
    return max((d for d in latest.values() if d is not None), default=None)


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

    @cached_property
    def _latest_change(self) -> datetime | None:
        return latest_public_change()

    def lastmod(self, item: str) -> datetime | None:
        return self._latest_change

    def get_latest_lastmod(self) -> datetime | None:
        return self._latest_change


class CategorySitemap(SiteURLSitemap):
    """Categories with published roles: the ones the site links to. One query, read once for
    the index's lastmod and page count alike."""

    @cached_property
    def _categories(self) -> list[Category]:
        listed = Category.objects.with_published_roles().with_latest_role_change()
        return list(listed.order_by("pk"))

    def items(self) -> list[Category]:
        return self._categories

    def lastmod(self, category: Category) -> datetime:
        return max(category.updated_at, category.role_edited, category.role_public)  # type: ignore[attr-defined]  # with_latest_role_change()

    def get_latest_lastmod(self) -> datetime | None:
        return max((self.lastmod(c) for c in self.items()), default=None)


class RoleSitemap(SiteURLSitemap):
    """Published roles by primary key, SITEMAP_ROLES_PER_PAGE a page, read as rows of the
    three values an entry needs rather than as model instances."""

    @property
    def limit(self) -> int:  # type: ignore[override]  # read-only: Django only reads it
        return settings.SITEMAP_ROLES_PER_PAGE

    def items(self):
        return (
            Role.objects.published()
            .order_by("pk")
            .values("slug", "category__slug", "content_updated_at")
        )

    @cached_property
    def _path(self) -> Callable[[str, str], str]:
        return role_paths()

    def location(self, row: dict) -> str:
        return self._path(row["category__slug"], row["slug"])

    def lastmod(self, row: dict) -> datetime:
        return row["content_updated_at"]

    def get_latest_lastmod(self) -> datetime | None:
        return Role.objects.published().aggregate(latest=Max("content_updated_at"))["latest"]


SITEMAPS = {"pages": PagesSitemap, "categories": CategorySitemap, "roles": RoleSitemap}

# Pay pages: the occupation explorer and the occupations published roles cover.
from roles.wages.sitemaps import OccupationSitemap  # noqa: E402

SITEMAPS["occupations"] = OccupationSitemap
