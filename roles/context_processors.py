from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, str]:
    """Site-wide values every template may use; no database access, so error pages can use it."""
    return {"site_name": settings.SITE_NAME}
