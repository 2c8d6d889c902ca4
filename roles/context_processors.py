from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from roles.seo import SITE_DESCRIPTION


def site(request: HttpRequest) -> dict[str, str]:
    """Site-wide values every template may use; no database access, so error pages can use it."""
    return {
        "site_name": settings.SITE_NAME,
        "site_description": SITE_DESCRIPTION,
        "feed_url": f"{settings.SITE_URL}{reverse('roles:feed')}",
    }
