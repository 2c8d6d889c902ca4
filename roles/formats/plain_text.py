"""A role as clean plain text: for the .txt download and the page's "Copy" buttons.

Markdown sections are rendered and their tags stripped, so a reader gets words, not syntax.
"""

from __future__ import annotations

import html
import re

from django.utils.html import strip_tags

from roles.career_paths import CareerPath, career_path
from roles.content import SECTION, entry_route, sections_shown
from roles.formats.text import render_markdown
from roles.models import Role

_BLOCK_END = re.compile(r"</(p|h[1-6]|blockquote|pre|ul|ol)>|<br\s*/?>", re.IGNORECASE)
_LIST_ITEM = re.compile(r"<li>", re.IGNORECASE)


def markdown_to_text(source: str) -> str:
    rendered = str(render_markdown(source or ""))
    rendered = _LIST_ITEM.sub("- ", _BLOCK_END.sub("\n\n", rendered))
    text = html.unescape(strip_tags(rendered))
    lines = [line.strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def cover_letter_text(role: Role) -> str:
    return markdown_to_text(role.cover_letter)


def job_description_text(role: Role) -> str:
    """The duties and qualifications, as one would paste them into a job advert."""
    parts = [f"{role.title}", "", "Duties and responsibilities:"]
    parts += [f"- {duty.text}" for duty in role.duties.all()]
    parts += ["", "Qualifications:"]
    for group in role.qualification_groups.all():
        parts.append(f"{group.heading}:")
        parts += [f"- {item}" for item in group.item_list]
    return "\n".join(parts).strip()


def _heading(text: str) -> list[str]:
    return ["", text, "=" * len(text), ""]


def _path_lines(path: CareerPath) -> list[str]:
    lines = []
    for heading, links in (("Comes from", path.comes_from), ("Moves to", path.moves_to)):
        if links:
            lines += [f"{heading}:"]
            lines += [f"- {link.role.title}: {link.what_it_takes}" for link in links]
            lines += [""]
    return lines


def _section_lines(role: Role, anchor: str, path: CareerPath) -> list[str]:
    if anchor == "career-path":
        return _path_lines(path)
    if anchor == "glance":
        return [f"{fact.label}: {fact.value}" for fact in role.facts.all()]
    if anchor == "duties":
        return [f"- {duty.text}" for duty in role.duties.all()]
    if anchor == "qualifications":
        lines = []
        for group in role.qualification_groups.all():
            lines += [f"{group.heading}:", *(f"- {item}" for item in group.item_list), ""]
        return lines
    if anchor == "how-to-become":
        lines = []
        for stage, text in entry_route(role):
            lines += [f"{stage.title}:", markdown_to_text(text), ""]
        return lines
    if anchor == "cover-letter":
        return [cover_letter_text(role)]
    if anchor == "faq":
        lines = []
        for faq in role.faqs.all():
            lines += [faq.question, markdown_to_text(faq.answer), ""]
        return lines
    return [markdown_to_text(getattr(role, SECTION[anchor].source))]


def render_role_text(role: Role) -> str:
    """The whole role page as plain text, in the page's order, without its empty sections."""
    lines = [role.title, "=" * len(role.title), "", role.category.name, ""]
    if alternates := [a.title for a in role.alternate_titles.all()]:
        lines += [f"Also called: {', '.join(alternates)}", ""]
    lines += [role.summary]
    path = career_path(role)
    for section in sections_shown(role, has_career_path=bool(path)):
        lines += _heading(section.title)
        lines += _section_lines(role, section.anchor, path)
    lines += ["", f"Last updated {role.content_updated_at:%B %-d, %Y}"]
    if role.reviewed_on:
        lines.append(f"Last reviewed {role.reviewed_on:%B %-d, %Y} by {role.reviewed_by}")
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
