"""What each page tells search engines and link previews: title, description, canonical URL,
Open Graph and Twitter card image. Views build one `PageMeta` per page; templates/base.html
renders it through includes/page_meta.html, so every tag comes from the same values."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.paginator import Page
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.http import urlencode

from roles import social_cards
from roles.formats.text import render_markdown
from roles.models import Category, Role

if TYPE_CHECKING:
    from roles.a_to_z import Letter

DESCRIPTION_MIN = 50
DESCRIPTION_MAX = 160
SITE_DESCRIPTION = (
    "Clear, practical job descriptions: duties, qualifications, career outlook and sample cover"
    " letters."
)


def absolute_url(path: str) -> str:
    """`path` on the public site (settings.SITE_URL), whatever host the request came on."""
    return f"{settings.SITE_URL}{path}"


def plain_text(markdown: str) -> str:
    """Markdown as the words a reader sees, whitespace folded."""
    return re.sub(r"\s+", " ", strip_tags(render_markdown(markdown))).strip()


def cut_on_word(text: str, limit: int) -> str:
    """`text` shortened to at most `limit` characters on a word boundary, with an ellipsis."""
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.-\u2013\u2014")
    return f"{cut}…"


def meta_description(written: str, source: str, padding: str) -> str:
    """The editor's meta description if written, else the start of `source`; topped up with
    `padding` (a sentence about the page) when shorter than search engines like, and kept
    within 50-160 characters."""
    text = cut_on_word(written or source, DESCRIPTION_MAX)
    if len(text) < DESCRIPTION_MIN:
        text = cut_on_word(f"{text.rstrip('.')}. {padding}" if text else padding, DESCRIPTION_MAX)
    return text


@dataclass(frozen=True)
class PageMeta:
    title: str
    description: str
    path: str
    image_path: str
    og_type: str = "website"

    @property
    def canonical_url(self) -> str:
        return absolute_url(self.path)

    @property
    def image_url(self) -> str:
        return absolute_url(self.image_path)

    image_width = social_cards.WIDTH
    image_height = social_cards.HEIGHT


def _card_path(url_name: str, title: str, kicker: str, **kwargs) -> str:
    # The fingerprint in the query string changes with the card's text, so link-preview services
    # that cache images by URL fetch the new card after a rename.
    return f"{reverse(url_name, kwargs=kwargs)}?v={social_cards.fingerprint(title, kicker)}"


def site_card_path() -> str:
    return _card_path(
        "roles:site-card", social_cards.SITE_CARD_TITLE, social_cards.SITE_CARD_KICKER
    )


def home_meta() -> PageMeta:
    return PageMeta(
        title=f"{settings.SITE_NAME}: job descriptions, duties, qualifications and career outlooks",
        description=SITE_DESCRIPTION,
        path=reverse("roles:home"),
        image_path=site_card_path(),
    )


def category_list_meta() -> PageMeta:
    return PageMeta(
        title=f"All job categories | {settings.SITE_NAME}",
        description=(
            f"Every job category on {settings.SITE_NAME}: roles with their duties, qualifications,"
            " career outlooks and sample cover letters."
        ),
        path=reverse("roles:category-list"),
        image_path=site_card_path(),
    )


def ai_impact_meta() -> PageMeta:
    return PageMeta(
        title=f"The AI impact scale | {settings.SITE_NAME}",
        description=(
            "How every role page rates AI impact: five levels from Minimal to Very high, judged "
            "task by task from a role's duties, and the roles at each level."
        ),
        path=reverse("roles:ai-impact"),
        image_path=site_card_path(),
    )


def about_meta() -> PageMeta:
    return PageMeta(
        title=f"About {settings.SITE_NAME}",
        description=(
            f"Who publishes {settings.SITE_NAME}, why, and what its career pages promise readers: "
            "independent writing, public figures with their sources, and dated reviews."
        ),
        path=reverse("roles:about"),
        image_path=site_card_path(),
    )


def methodology_meta() -> PageMeta:
    return PageMeta(
        title=f"How we write and check role pages | {settings.SITE_NAME}",
        description=(
            "How each role page is written and reviewed, where its pay and projection figures "
            "come from and how current they are, and how the AI impact scale is applied."
        ),
        path=reverse("roles:methodology"),
        image_path=site_card_path(),
    )


def category_meta(category: Category, page: Page) -> PageMeta:
    path = category.get_absolute_url()
    title = f"{category.name} jobs: roles, duties and qualifications"
    if page.number > 1:
        path = f"{path}?page={page.number}"
        title = f"{title} (page {page.number})"
    return PageMeta(
        title=f"{title} | {settings.SITE_NAME}",
        description=meta_description(
            category.meta_description,
            plain_text(category.description),
            f"{category.name} jobs: duties, qualifications and career outlooks for each role.",
        ),
        path=path,
        image_path=_card_path(
            "roles:category-card", category.name, "Job category", category_slug=category.slug
        ),
    )


def role_meta(role: Role) -> PageMeta:
    """One query to tell a role from a namesake in another category, whose title it must not
    share."""
    name = role.title
    if Role.objects.published().namesakes_of(role).exists():
        name = f"{role.title} ({role.category.name})"
    return PageMeta(
        title=f"{name}: job description, duties and qualifications | {settings.SITE_NAME}",
        description=meta_description(
            role.meta_description,
            role.summary,
            f"{role.title}: duties, qualifications, career outlook and a sample cover letter.",
        ),
        path=role.get_absolute_url(),
        image_path=_card_path(
            "roles:role-card", role.title, role.category.name, role_slug=role.slug
        ),
        og_type="article",
    )


def role_index_meta(letter: Letter | None = None, page_number: int = 1) -> PageMeta:
    if letter is None:
        title, path = "All roles A\u2013Z", reverse("roles:role-index")
        description = (
            f"Every job description on {settings.SITE_NAME} from A to Z, each with its"
            " category: duties, qualifications, career outlook and a sample cover letter."
        )
    else:
        start = letter.label
        title, path = f"Roles starting with {start}", letter.url
        description = (
            f"{letter.count} job description{'s' if letter.count != 1 else ''} on"
            f" {settings.SITE_NAME} whose titles start with {start}, from A to Z, each with"
            " its category."
        )
        if page_number > 1:
            title, path = f"{title} (page {page_number})", f"{path}?page={page_number}"
    return PageMeta(
        title=f"{title} | {settings.SITE_NAME}",
        description=cut_on_word(description, DESCRIPTION_MAX),
        path=path,
        image_path=site_card_path(),
    )


def compare_meta(left: Role, right: Role) -> PageMeta:
    return PageMeta(
        title=f"{left.title} vs {right.title}: compare roles | {settings.SITE_NAME}",
        description=meta_description(
            "",
            f"{left.title} and {right.title} side by side: education, experience, duties and"
            " qualifications.",
            "Compare two roles on one page.",
        ),
        path=reverse("roles:compare", kwargs={"slug_a": left.slug, "slug_b": right.slug}),
        image_path=site_card_path(),
    )


def compare_landing_meta() -> PageMeta:
    return PageMeta(
        title=f"Compare two roles | {settings.SITE_NAME}",
        description=meta_description(
            "",
            "Pick two roles to see their education, experience, pay, duties and"
            " qualifications side by side.",
            "",
        ),
        path=reverse("roles:compare-pick"),
        image_path=site_card_path(),
    )


def search_meta(query: str) -> PageMeta:
    """Search pages are not indexed (robots noindex) but are shared: a preview says what was
    searched for."""
    path = reverse("roles:search")
    return PageMeta(
        title=f"{f'Search: {query}' if query else 'Search roles'} | {settings.SITE_NAME}",
        description=meta_description(
            "",
            f"Job descriptions on {settings.SITE_NAME} matching “{query}”." if query else "",
            f"Search {settings.SITE_NAME}'s job descriptions by title, duties, qualifications"
            " and more.",
        ),
        path=f"{path}?{urlencode({'q': query})}" if query else path,
        image_path=site_card_path(),
    )
