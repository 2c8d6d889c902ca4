"""Moments as machines read them on the site's pages: `<time datetime>`, JSON-LD dates and the
sitemap's lastmod."""

from __future__ import annotations

from datetime import UTC, date, datetime


def machine_datetime(value: datetime | date | None) -> str:
    """`value` in UTC with a Z, to the millisecond ("2026-12-01T19:21:37.431Z", or to the
    second when it has no fractions): a valid global date and time string for HTML, ISO 8601
    for JSON-LD and a W3C datetime for sitemaps.

    Django's `date:"c"` and isoformat() give the microseconds an admin save stores, six digits
    where HTML allows at most three. Milliseconds rather than seconds, so that two edits in one
    second still move the sitemap's lastmod."""
    if value is None:
        return ""
    if not isinstance(value, datetime):
        return value.isoformat()  # a day, which all three take as it is
    timespec = "milliseconds" if value.microsecond else "seconds"
    return value.astimezone(UTC).isoformat(timespec=timespec).replace("+00:00", "Z")
