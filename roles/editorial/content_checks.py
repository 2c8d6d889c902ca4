"""Editorial checks on a role: what a reader or search engine would find missing or wrong.

Each check returns plain `Problem`s, shown in the admin's role list (a column and a filter) and
on the role's edit form. Checks read the role's prefetched rows where they exist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.http.request import validate_host
from django.urls import Resolver404, resolve

from roles.content import SECTIONS, entry_route
from roles.editorial import connection_checks, guide_checks
from roles.formats.text import unrendered_markup
from roles.models import Category, Role
from roles.wages import content_checks as wages_content_checks

META_DESCRIPTION_LENGTH = (50, 160)

# Markdown links, autolinks and hrefs to /jobs/ pages, relative or on a host of the site's own
# (ALLOWED_HOSTS, SITE_URL); links to other sites are not ours to check.
_JOBS_LINK = re.compile(r"""(?:\]\(|href=["']|<)(?:https?://([^/\s)"'>]+))?(/jobs/[^\s)"'>#?]*)""")


@dataclass(frozen=True)
class Problem:
    code: str
    message: str

    def __str__(self) -> str:
        return self.message


def missing_sections(role: Role) -> list[Problem]:
    return [
        Problem("missing_section", f"Missing section: {section.title}.")
        for section in SECTIONS
        if not section.has_content(role)
    ]


def meta_description_length(role: Role) -> list[Problem]:
    low, high = META_DESCRIPTION_LENGTH
    length = len(role.meta_description.strip())
    if length == 0:
        return [Problem("meta_description", "Meta description is empty (the summary is used).")]
    if not low <= length <= high:
        return [
            Problem(
                "meta_description",
                f"Meta description is {length} characters; aim for {low}-{high}.",
            )
        ]
    return []


def duplicate_faq_questions(role: Role) -> list[Problem]:
    seen: set[str] = set()
    problems = []
    for faq in role.faqs.all():
        key = " ".join(faq.question.lower().split())
        if key in seen:
            problems.append(Problem("duplicate_faq", f'Duplicate FAQ question: "{faq.question}".'))
        seen.add(key)
    return problems


def internal_links(text: str) -> list[str]:
    """Paths of links into the site's /jobs/ pages in a piece of Markdown, in order."""
    return [
        path
        for host, path in _JOBS_LINK.findall(text)
        if not host or validate_host(host.lower(), _own_hosts())
    ]


def _own_hosts() -> list[str]:
    hosts = list(settings.ALLOWED_HOSTS)
    site_url = getattr(settings, "SITE_URL", "")  # the public address, where one is set
    if site_url:
        hosts.append(urlsplit(site_url).hostname or "")
    return hosts


def link_target_exists(path: str) -> bool:
    """Whether a /jobs/ path leads to a published role or a listed category."""
    try:
        match = resolve(path if path.endswith("/") else path + "/")
    except Resolver404:
        return False
    if match.url_name == "detail":
        return (
            Role.objects.published()
            .filter(slug=match.kwargs["role_slug"], category__slug=match.kwargs["category_slug"])
            .exists()
        )
    if match.url_name == "category":
        return Category.objects.listed().filter(slug=match.kwargs["category_slug"]).exists()
    return match.url_name == "category-list"


def broken_internal_links(role: Role) -> list[Problem]:
    texts = [role.summary, role.overview, role.career_outlook, role.cover_letter]
    texts += [text for _, text in entry_route(role)]
    texts += [faq.answer for faq in role.faqs.all()]
    paths = dict.fromkeys(path for text in texts for path in internal_links(text))
    return [
        Problem("broken_link", f"Link to {path} points to no published role.")
        for path in paths
        if not link_target_exists(path)
    ]


def markup_readers_would_see(role: Role) -> list[Problem]:
    """Markdown the sanitiser would show as literal tags (saved before the admin refused it,
    or imported)."""
    texts = [(s.title, getattr(role, s.source)) for s in SECTIONS if s.source in MARKDOWN_TEXT]
    texts += [(f"How to become one, {stage.title}", text) for stage, text in entry_route(role)]
    texts += [(f'FAQ "{faq.question}"', faq.answer) for faq in role.faqs.all()]
    return [
        Problem("unrendered_markup", f"{where}: {problem}.")
        for where, text in texts
        for problem in unrendered_markup(text)
    ]


MARKDOWN_TEXT = {"overview", "career_outlook", "cover_letter"}

CHECKS = [
    missing_sections,
    meta_description_length,
    duplicate_faq_questions,
    broken_internal_links,
    markup_readers_would_see,
]
CHECKS += wages_content_checks.CHECKS  # figures: sources, horizons, one figure per SOC code
CHECKS += guide_checks.CHECKS  # the editorial guide's lengths, facts and shared sentences
CHECKS += connection_checks.CHECKS  # alternate titles, career paths, pinned and hidden roles


def check_role(role: Role) -> list[Problem]:
    """Every problem found on a role, in the order of CHECKS."""
    return [problem for check in CHECKS for problem in check(role)]
