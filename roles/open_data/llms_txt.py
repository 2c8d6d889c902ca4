"""/llms.txt as the llms.txt proposal (llmstxt.org) lays it out: an H1 with the site's name, a
blockquote summary, a paragraph of how to read the site, then H2 sections of links, `- [name](url):
notes`. Each published role is listed under its category by its Markdown version (the page's
address with `.md`), which is the proposal's own convention; an "Optional" section ends it.

The view is in the page cache under the site listing's version, so it is current with every
edit and every scheduled go-live, as the home page is.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse

from roles.models import Category, Role, TitleOrder
from roles.seo import absolute_url, cut_on_word

NOTE_LENGTH = 160


def _link(name: str, url: str, note: str = "") -> str:
    name = name.replace("[", "(").replace("]", ")")
    return f"- [{name}]({url})" + (f": {note}" if note else "")


def _note(text: str) -> str:
    return cut_on_word(" ".join(text.split()), NOTE_LENGTH)


def _section(title: str, links: Iterable[str]) -> list[str]:
    return [f"## {title}", "", *links, ""]


def render() -> str:
    """Two queries: the listed categories and the published roles."""
    categories = list(Category.objects.listed())
    roles = (
        Role.objects.published()
        .select_related("category")
        .only("title", "slug", "summary", "category__slug", "category__name")
        .order_by(TitleOrder(), "pk")
    )
    by_category: dict[int, list[Role]] = {c.pk: [] for c in categories}
    for role in roles:
        by_category.setdefault(role.category_id, []).append(role)
    count = sum(len(v) for v in by_category.values())

    def url(name: str, **kwargs: str) -> str:
        return absolute_url(reverse(name, kwargs=kwargs or None))

    lines = [
        f"# {settings.SITE_NAME}",
        "",
        f"> {settings.SITE_NAME} publishes career role pages: what a job involves, what "
        "employers ask for, where the career goes, a sample cover letter and an FAQ, with U.S. "
        f"pay from the Bureau of Labor Statistics. {count} roles in {len(categories)} "
        "categories.",
        "",
        "Every role page has a Markdown version at its address with `.md` (linked below), "
        "plain text with `.txt` and JSON with `.json`. The whole catalogue is also a read-only "
        "JSON API and bulk JSON Lines and CSV files (see Open data).",
        "",
        *_section(
            "Site",
            [
                _link("Home", url("roles:home"), "categories and recently updated roles"),
                _link("All categories", url("roles:category-list")),
                _link("Roles A-Z", url("roles:role-index")),
                _link("Occupations and pay", url("wages:occupations"), "BLS OEWS pay by area"),
                _link("AI impact scale", url("roles:ai-impact"), "how AI impact is rated"),
            ],
        ),
        *_section(
            "Open data",
            [
                _link("API documentation", url("open_data:api-docs")),
                _link("OpenAPI schema", url("open_data:openapi")),
                _link("Bulk downloads", url("open_data:index"), "JSON Lines and CSV"),
                _link("Bulk download manifest", url("open_data:manifest")),
            ],
        ),
    ]
    for category in categories:
        listed = by_category.get(category.pk, [])
        links = [
            _link(
                role.title,
                url(
                    "roles:detail-markdown",
                    category_slug=category.slug,
                    role_slug=role.slug,
                ),
                _note(role.summary),
            )
            for role in listed
        ]
        lines += _section(category.name, links)
    lines += _section(
        "Optional",
        [
            _link("Atom feed", url("roles:feed"), "new and updated roles"),
            _link("Sitemap", url("roles:sitemap")),
        ],
    )
    return "\n".join(lines).rstrip("\n") + "\n"
