"""Paths of role pages for pages that list many roles (sitemaps, the A-Z index), built from one
`reverse()` per request rather than one per role."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

# Stand-ins reversed in place of real slugs; each appears once in the path reverse() builds.
_CATEGORY, _ROLE = "category-slug-placeholder", "role-slug-placeholder"


def role_paths() -> Callable[[str, str], str]:
    """A function of (category slug, role slug) to the path `Role.get_absolute_url()` gives.

    reverse() runs once, with placeholders, and each path is the result with the slugs put in
    their place: a reverse() per role was 60% of the time of a sitemap page of 5,000 roles.
    Slugs hold only ASCII letters, digits, "-" and "_", which reverse() leaves as they are."""
    path = reverse("roles:detail", kwargs={"category_slug": _CATEGORY, "role_slug": _ROLE})
    before, rest = path.split(_CATEGORY)
    between, after = rest.split(_ROLE)
    return lambda category, role: f"{before}{category}{between}{role}{after}"
