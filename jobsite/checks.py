"""System checks of the deployment that Django's own `check --deploy` does not know about."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def site_url_is_https(app_configs, **kwargs) -> list[Warning]:
    """Every canonical, sitemap and feed URL is built on SITE_URL: a plain-http one tells search
    engines and link previews to use an address that only redirects."""
    if settings.SITE_URL.startswith("https://"):
        return []
    return [
        Warning(
            f"SITE_URL is {settings.SITE_URL!r}, not https: canonical, sitemap and feed URLs "
            "would name an address that production redirects.",
            hint="Set SITE_URL to the public https address, e.g. https://roleatlas.example.",
            id="jobsite.W001",
        )
    ]
