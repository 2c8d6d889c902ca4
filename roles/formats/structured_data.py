"""schema.org JSON-LD for the public pages, built from the same values the templates show.

The view computes each shared piece once (the breadcrumb trail, the FAQ entries with their
rendered answers) and passes it both to the template and to the builders here, so the visible
page and the structured data cannot drift apart.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from roles.formats.dates import machine_datetime
from roles.formats.text import render_markdown
from roles.models import Category, Role
from roles.seo import PageMeta, absolute_url, plain_text

# Qualification groups about these are requirements, not skills (see `skills`).
NOT_SKILL_HEADINGS = ("education", "experience", "certification")


@dataclass(frozen=True)
class Crumb:
    name: str
    path: str


@dataclass(frozen=True)
class FaqEntry:
    question: str
    answer_html: SafeString


def breadcrumbs(*, category: Category | None = None, role: Role | None = None) -> list[Crumb]:
    """Home, then the category, then the role, as far as the page goes; the last crumb is the
    page itself."""
    trail = [Crumb("Home", reverse("roles:home"))]
    if category is not None:
        trail.append(Crumb(category.name, category.get_absolute_url()))
    if role is not None:
        trail.append(Crumb(role.title, role.get_absolute_url()))
    return trail


def faq_entries(role: Role) -> list[FaqEntry]:
    """The role's questions with their answers rendered once, for the page and for FAQPage."""
    return [FaqEntry(faq.question, render_markdown(faq.answer)) for faq in role.faqs.all()]


def skills(role: Role) -> list[str]:
    """Items of the qualification groups that name skills (not education, experience or
    certifications), in the order shown."""
    return [
        item
        for group in role.qualification_groups.all()
        if not group.heading.lower().startswith(NOT_SKILL_HEADINGS)
        for item in group.item_list
    ]


def breadcrumb_list(trail: list[Crumb]) -> dict:
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": n,
                "name": crumb.name,
                "item": absolute_url(crumb.path),
            }
            for n, crumb in enumerate(trail, start=1)
        ],
    }


def role_graph(role: Role, meta: PageMeta, trail: list[Crumb], faqs: list[FaqEntry]) -> list[dict]:
    """Occupation, BreadcrumbList and FAQPage for a role page (no queries beyond those the
    page itself needs when `role` comes from `with_page_content()`)."""
    page: dict[str, str] = {"@type": "WebPage", "@id": meta.canonical_url}
    if role.reviewed_on:
        page["lastReviewed"] = role.reviewed_on.isoformat()
    occupation = {
        "@type": "Occupation",
        "name": role.title,
        "description": role.summary,
        "occupationalCategory": role.category.name,
        "qualifications": [
            f"{group.heading}: {'; '.join(group.item_list)}"
            for group in role.qualification_groups.all()
        ],
        "responsibilities": [duty.text for duty in role.duties.all()],
        "mainEntityOfPage": page,
        "url": meta.canonical_url,
        "image": meta.image_url,
        "datePublished": machine_datetime(role.published_at),
        "dateModified": machine_datetime(role.content_updated_at),
    }
    if alternates := [a.title for a in role.alternate_titles.all()]:
        occupation["alternateName"] = alternates
    if role.typical_education:
        occupation["educationRequirements"] = role.typical_education
    if role.typical_experience:
        occupation["experienceRequirements"] = role.typical_experience
    if role_skills := skills(role):
        occupation["skills"] = role_skills
    graph = [occupation, breadcrumb_list(trail)]
    if faqs:
        graph.append(
            {
                "@type": "FAQPage",
                "url": meta.canonical_url,
                "mainEntity": [
                    {
                        "@type": "Question",
                        "name": entry.question,
                        "acceptedAnswer": {"@type": "Answer", "text": str(entry.answer_html)},
                    }
                    for entry in faqs
                ],
            }
        )
    return graph


def category_graph(
    category: Category, meta: PageMeta, trail: list[Crumb], roles: Iterable[Role], first: int
) -> list[dict]:
    """CollectionPage with an ItemList of the roles listed on this page of the category;
    `first` is the position of the first of them in the whole list."""
    items = [
        {
            "@type": "ListItem",
            "position": n,
            "name": role.title,
            "url": absolute_url(role.get_absolute_url()),
        }
        for n, role in enumerate(roles, start=first)
    ]
    return [
        {
            "@type": "CollectionPage",
            "name": category.name,
            "description": plain_text(category.description) or meta.description,
            "url": meta.canonical_url,
            "image": meta.image_url,
            "mainEntity": {
                "@type": "ItemList",
                "numberOfItems": len(items),
                "itemListElement": items,
            },
        },
        breadcrumb_list(trail),
    ]


def home_graph(meta: PageMeta) -> list[dict]:
    home = absolute_url(reverse("roles:home"))
    return [
        {
            "@type": "WebSite",
            "@id": f"{home}#website",
            "name": settings.SITE_NAME,
            "url": home,
            "description": meta.description,
            "inLanguage": "en",
            "publisher": {"@id": f"{home}#organization"},
        },
        {
            "@type": "Organization",
            "@id": f"{home}#organization",
            "name": settings.SITE_NAME,
            "url": home,
            "logo": meta.image_url,
        },
    ]


def page_graph(page_type: str, meta: PageMeta, trail: list[Crumb]) -> list[dict]:
    """A page of `page_type` (schema.org: "CollectionPage", "AboutPage", "WebPage")."""
    return [
        {"@type": page_type, "name": meta.title, "url": meta.canonical_url},
        breadcrumb_list(trail),
    ]


def collection_graph(meta: PageMeta, trail: list[Crumb]) -> list[dict]:
    """A plain listing page such as "All job categories"."""
    return page_graph("CollectionPage", meta, trail)


# As django.utils.html.json_script does: nothing in the data can close the <script> element.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003C", ">": "\\u003E", "&": "\\u0026"})


def to_json_ld(graph: list[dict], indent: int | None = None) -> SafeString:
    """The graph as the body of a <script type="application/ld+json"> element; `indent` lays
    it out for people to read (the job-ad builder's export)."""
    data = {"@context": "https://schema.org", "@graph": graph}
    separators = (",", ": ") if indent else (",", ":")
    return mark_safe(
        json.dumps(data, ensure_ascii=False, indent=indent, separators=separators).translate(
            _SCRIPT_SAFE
        )
    )
