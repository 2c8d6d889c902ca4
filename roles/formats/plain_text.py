"""A role as clean plain text: for the .txt download and the page's "Copy" buttons.

Markdown sections are rendered and their tags stripped, so a reader gets words, not syntax.
"""

from __future__ import annotations

import html
import re

from django.utils.html import strip_tags

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


def render_role_text(role: Role) -> str:
    """The whole role page as plain text, in the page's order."""
    lines = [role.title, "=" * len(role.title), "", role.category.name, "", role.summary]
    facts = list(role.facts.all())
    if facts:
        lines += _heading("Role at a glance")
        lines += [f"{fact.label}: {fact.value}" for fact in facts]
    lines += _heading("Duties and responsibilities")
    lines += [f"- {duty.text}" for duty in role.duties.all()]
    lines += [*_heading("Overview"), markdown_to_text(role.overview)]
    lines += _heading("Qualifications")
    for group in role.qualification_groups.all():
        lines += [f"{group.heading}:", *(f"- {item}" for item in group.item_list), ""]
    lines += [*_heading("Career outlook"), markdown_to_text(role.career_outlook)]
    lines += [*_heading("Sample cover letter"), cover_letter_text(role)]
    faqs = list(role.faqs.all())
    if faqs:
        lines += _heading("Frequently asked questions")
        for faq in faqs:
            lines += [faq.question, markdown_to_text(faq.answer), ""]
    lines += ["", f"Last updated {role.content_updated_at:%B %-d, %Y}"]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
