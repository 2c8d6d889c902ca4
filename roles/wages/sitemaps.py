"""The sitemap section of the pay pages that are indexed: the occupation explorer's first page
and each occupation covered by a published role (see roles/wages/views.py on indexing)."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse

from roles.models import Role
from roles.sitemaps import SiteURLSitemap
from roles.wages.models import DataRelease, Occupation

EXPLORER = "explorer"


class OccupationSitemap(SiteURLSitemap):
    """Two queries: the newest release (its load date is every entry's lastmod: the figures
    are what changes) and the occupations that published roles cover."""

    _release: DataRelease | None = None
    _release_read = False

    def _newest_release(self) -> DataRelease | None:
        if not self._release_read:
            self._release, self._release_read = DataRelease.objects.newest(), True
        return self._release

    def items(self) -> list:
        if self._newest_release() is None:
            return []
        covered = Occupation.objects.filter(roles__in=Role.objects.published()).distinct()
        return [EXPLORER, *covered.order_by("code")]

    def location(self, item) -> str:
        return reverse("wages:occupations") if item == EXPLORER else item.get_absolute_url()

    def lastmod(self, item) -> datetime | None:
        return self._release.loaded_at if self._release else None

    def get_latest_lastmod(self) -> datetime | None:
        release = self._newest_release()
        return release.loaded_at if release else None
