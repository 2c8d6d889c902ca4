"""Editors write Markdown; readers must never receive script from it."""

from __future__ import annotations

import pytest

from roles.models import Role
from tests.html import parse, visible_text

HOSTILE = {
    "script": "Hello <script>alert('x')</script> world",
    "event handler": 'Look <img src="x.png" onerror="alert(1)"> here',
    "javascript link": "[click me](javascript:alert(1))",
    "data link": "[click me](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "raw html link": '<a href="javascript:alert(1)" onclick="alert(2)">x</a>',
    "svg": "<svg onload=alert(1)><circle r=1 /></svg>",
    "style": '<p style="background:url(javascript:alert(1))">styled</p>',
    "iframe": '<iframe src="https://example.com"></iframe>',
}


def _overview(client, role, markdown):
    Role.objects.filter(pk=role.pk).update(overview=markdown)
    response = client.get(role.get_absolute_url())
    assert response.status_code == 200
    return parse(response).cssselect("#overview ~ .prose")[0], response


@pytest.mark.parametrize("name", HOSTILE)
def test_markdown_never_delivers_executable_html(client, role, name):
    overview, _ = _overview(client, role, HOSTILE[name])
    for node in overview.iter():
        assert node.tag not in {"script", "img", "svg", "iframe", "style"}
        for attribute, value in node.attrib.items():
            assert not attribute.startswith("on"), f"{attribute} survived"
            assert attribute != "style"
            assert not value.strip().lower().startswith(("javascript:", "data:"))


def test_escaped_markup_stays_readable_as_text(client, role):
    _, response = _overview(client, role, HOSTILE["script"])
    assert "<script>alert('x')</script>" in visible_text(response)


def test_ordinary_markdown_renders(client, role):
    overview, _ = _overview(
        client, role, "Some **bold** text and a [link](https://example.org/a).\n\n- one\n- two"
    )
    assert overview.cssselect("strong")[0].text == "bold"
    assert overview.cssselect("a")[0].get("href") == "https://example.org/a"
    assert [li.text for li in overview.cssselect("li")] == ["one", "two"]


def test_rendered_markdown_is_reused_per_text_and_follows_edits():
    from roles.formats.text import render_markdown

    first = render_markdown("Some *memoised* text <script>x()</script>")
    assert render_markdown("Some *memoised* text <script>x()</script>") is first
    assert "<em>memoised</em>" in first and "<script>" not in first
    assert "<em>edited</em>" in render_markdown("Some *edited* text")


MARKDOWN_OF_EVERY_KIND = {
    **HOSTILE,
    "headings and rules": "### Heading\n\n#### Smaller\n\n---\n\nText",
    "lists and quotes": "1. one\n2. two\n\n* three\n\n> quoted\n> more",
    "code": "Use `make run`.\n\n    indented code\n\nafter",
    "a bare address": "See www.bls.gov/ooh and https://example.org/a?b=1&c=2 for more.",
    "entities and hard breaks": "Fish &amp; chips & peas < 3  \nnew line",
    "a table": "| a | b |\n|---|---|\n| 1 | 2 |",
    "empty": "",
}


@pytest.mark.parametrize("name", MARKDOWN_OF_EVERY_KIND)
def test_markdown_renders_exactly_as_django_markdownify_would(name):
    """render_markdown builds its parser and sanitiser once per thread; the filter it replaces
    builds them per call, with the same settings. Same output, and again on reuse."""
    from markdownify.templatetags.markdownify import markdownify

    from roles.formats.text import _renderer

    text = MARKDOWN_OF_EVERY_KIND[name]
    assert _renderer.render(text) == markdownify(text)
    assert _renderer.render(text) == markdownify(text)
