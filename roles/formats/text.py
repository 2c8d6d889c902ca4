"""Editors' Markdown, rendered and sanitised once per distinct text.

Rendering and sanitising are most of an uncached role page's CPU time (five fields plus every FAQ
answer). The result depends only on the text and the MARKDOWNIFY settings, so it is memoised by
the text itself: an edit is a new key, and nothing ever needs invalidating.
"""

from __future__ import annotations

from functools import lru_cache

from django.utils.safestring import SafeString
from markdownify.templatetags.markdownify import markdownify

# Distinct texts kept per process; a role page has about ten, so this holds a few hundred roles.
MEMOISED_TEXTS = 2048


@lru_cache(maxsize=MEMOISED_TEXTS)
def render_markdown(text: str) -> SafeString:
    return markdownify(text or "")
