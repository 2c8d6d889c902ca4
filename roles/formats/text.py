"""Editors' Markdown, rendered and sanitised once per distinct text.

Rendering and sanitising are most of an uncached role page's CPU time (five fields plus every FAQ
answer). The result depends only on the text and the MARKDOWNIFY settings, so it is memoised by
the text itself: an edit is a new key, and nothing ever needs invalidating. A role's stored page
document (roles/documents.py) carries its texts rendered at write time; reading it hands them to
the memo (`remember_rendered`), so a page's first view in a process renders nothing.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from functools import partial
from itertools import islice
from typing import Any

import bleach
import markdown
from bleach import css_sanitizer
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

_rendered: dict[str, SafeString] = {}
_keeping = threading.Lock()


def render_markdown(text: str) -> SafeString:
    text = text or ""
    html = _rendered.get(text)
    if html is None:
        html = _renderer.render(text)
        _keep({text: html})
    return html


class _Renderer(threading.local):
    """django-markdownify's `markdownify` filter with its parser and sanitiser built once per
    thread, not per text: 0.79 ms a text instead of 1.09 over the 63,232 distinct texts of
    10,000 generated roles (2026-12-03). Same settings (MARKDOWNIFY["default"]), same defaults,
    same output: identical for all of those texts, and tests/roles/formats/test_text.py
    compares them."""

    def __init__(self) -> None:
        config: dict[str, Any] = settings.MARKDOWNIFY["default"]
        self.markdown = markdown.Markdown(
            extensions=config.get("MARKDOWN_EXTENSIONS", []),
            extension_configs=config.get("MARKDOWN_EXTENSION_CONFIGS", {}),
        )
        linkify = config.get("LINKIFY_TEXT", {"PARSE_URLS": True})
        filters = None
        if linkify.get("PARSE_URLS"):
            link = partial(
                bleach.linkifier.LinkifyFilter,
                callbacks=linkify.get("CALLBACKS", []),
                skip_tags=linkify.get("SKIP_TAGS", []),
                parse_email=linkify.get("PARSE_EMAIL", False),
            )
            filters = [link]
        self.cleaner = None
        if config.get("BLEACH", True):
            styles = config.get("WHITELIST_STYLES", css_sanitizer.ALLOWED_CSS_PROPERTIES)
            self.cleaner = bleach.Cleaner(
                tags=config.get("WHITELIST_TAGS", bleach.sanitizer.ALLOWED_TAGS),
                attributes=config.get("WHITELIST_ATTRS", bleach.sanitizer.ALLOWED_ATTRIBUTES),
                css_sanitizer=css_sanitizer.CSSSanitizer(allowed_css_properties=styles),
                protocols=config.get("WHITELIST_PROTOCOLS", bleach.sanitizer.ALLOWED_PROTOCOLS),
                strip=config.get("STRIP", True),
                filters=filters,
            )

    def render(self, text: str) -> SafeString:
        html = self.markdown.reset().convert(text)
        if self.cleaner is not None:
            html = self.cleaner.clean(html)
        return mark_safe(html)


_renderer = _Renderer()


def remember_rendered(rendered: Mapping[str, str]) -> None:
    """Texts rendered by `render_markdown` elsewhere (in the process that wrote a role's
    document), so that this process need not render them again."""
    new = {text: mark_safe(html) for text, html in rendered.items() if text not in _rendered}
    if new:
        _keep(new)


def _keep(rendered: dict[str, SafeString]) -> None:
    with _keeping:
        _rendered.update(rendered)
        excess = len(_rendered) - settings.MARKDOWN_MEMO_TEXTS
        if excess > 0:  # the oldest go first: a dict keeps its insertion order
            for text in list(islice(_rendered, excess)):
                del _rendered[text]


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
