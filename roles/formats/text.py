"""Editors' Markdown, rendered and sanitised once per distinct text.

Rendering and sanitising are most of an uncached role page's CPU time (five fields plus every FAQ
answer). The result depends only on the text and the MARKDOWNIFY settings, so it is memoised by
the text itself: an edit is a new key, and nothing ever needs invalidating.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import markdown
from django.conf import settings
from django.utils.safestring import SafeString
from markdownify.templatetags.markdownify import markdownify

# Distinct texts kept per process; a role page has about ten, so this holds a few hundred roles.
MEMOISED_TEXTS = 2048


@lru_cache(maxsize=MEMOISED_TEXTS)
def render_markdown(text: str) -> SafeString:
    return markdownify(text or "")


_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)\b")
# What an editor should do instead, for the markup people reach for most.
_ADVICE = {
    "h1": "a section is already a heading: use ### or #### for a heading inside it",
    "h2": "a section is already a heading: use ### or #### for a heading inside it",
    "img": "images are not shown on role pages",
    "table": "tables are not shown: use a list",
}


def unrendered_markup(text: str) -> list[str]:
    """What a reader would see as literal markup in `text`: each HTML tag the Markdown makes
    (or the editor typed) that the sanitiser does not allow, with advice. [] when all is well."""
    config: dict[str, Any] = settings.MARKDOWNIFY["default"]
    allowed = set(config["WHITELIST_TAGS"])
    html = markdown.markdown(text or "", extensions=config.get("MARKDOWN_EXTENSIONS", []))
    found = dict.fromkeys(tag.lower() for tag in _TAG.findall(html))
    return [
        f"<{tag}> would show as text ({_ADVICE.get(tag, 'the site does not render it')})"
        for tag in found
        if tag not in allowed
    ]
