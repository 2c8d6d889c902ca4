"""Plain-text versions of a role for the page's "Copy" buttons."""

from __future__ import annotations

from django import template

from roles import plain_text
from roles.models import Role

register = template.Library()


@register.filter
def job_description_text(role: Role) -> str:
    return plain_text.job_description_text(role)


@register.filter
def cover_letter_text(role: Role) -> str:
    return plain_text.cover_letter_text(role)
