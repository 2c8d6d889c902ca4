"""The template filters for a role's text: editors' Markdown rendered as the site renders it,
and the plain-text versions behind the page's "Copy" buttons."""

from __future__ import annotations

from django import template

from roles.formats import plain_text
from roles.formats.text import render_markdown
from roles.models import Role

register = template.Library()
register.filter("render_markdown", render_markdown)


@register.filter
def job_description_text(role: Role) -> str:
    return plain_text.job_description_text(role)


@register.filter
def cover_letter_text(role: Role) -> str:
    return plain_text.cover_letter_text(role)
