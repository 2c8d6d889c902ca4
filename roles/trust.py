"""What a role page says about itself: where its figures come from, who last reviewed it, and
how to cite it. The methodology page (templates/roles/methodology.html) explains the same
sources for the whole site."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.dateformat import format as format_date

from roles import seo
from roles.models import Role

# Where growth, openings and typical entry education come from (docs/editorial-guide.md).
PROJECTIONS_NAME = "BLS Employment Projections, 2024\u201334"
PROJECTIONS_URL = "https://www.bls.gov/emp/"
# A review older than this is overdue (the admin's review filter; the methodology page
# promises a review at least this often).
REVIEW_INTERVAL = timedelta(days=365)
# Markdown links in a role's text that leave the site: sources named in the text itself.
_EXTERNAL_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")


@dataclass
class Source:
    """One source the page draws on, and what the page takes from it."""

    name: str
    url: str = ""
    as_of: date | None = None
    supports: list[str] = field(default_factory=list)


def role_sources(role: Role, pay=None) -> list[Source]:
    """Every source of a figure on the page, once each, in the order the page shows them: the
    pay release, then the sources of its "at a glance" facts, then sources its text links to.
    Uses prefetched rows; `pay` is roles.wages.pay.role_pay()'s answer for the page."""
    found: dict[tuple[str, str], Source] = {}

    def add(name: str, url: str, what: str, as_of: date | None = None) -> None:
        source = found.setdefault((name.strip(), url.strip()), Source(name.strip(), url.strip()))
        source.as_of = source.as_of or as_of
        if what not in source.supports:
            source.supports.append(what)

    if pay is not None and pay.release is not None:
        release = pay.release
        add(
            f"{release.source_name}, {release.label}",
            release.url,
            f"Pay ({pay.occupation.title}, SOC {pay.occupation.code})",
            release.published_on,
        )
    for fact in role.facts.all():
        if fact.source_name:
            add(fact.source_name, fact.source_url, fact.label, fact.as_of)
    texts = [
        ("Overview", role.overview),
        ("Career outlook", role.career_outlook),
        *((faq.question, faq.answer) for faq in role.faqs.all()),
    ]
    for where, text in texts:
        for name, url in _EXTERNAL_LINK.findall(text or ""):
            add(name, url, where)
    return list(found.values())


def citation(role: Role, site_name: str) -> str:
    """One line to cite the page by: publisher, title, date of the content, stable URL (a
    renamed or moved role's old address answers 301 to its new one)."""
    updated = format_date(role.content_updated_at, "F j, Y")
    return (
        f"{site_name}. “{role.title}.” {role.category.name}, last updated {updated}. "
        f"{seo.absolute_url(role.get_absolute_url())}"
    )
