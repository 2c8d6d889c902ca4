"""Reading pages the way a reader or crawler does: parsed HTML, visible text."""

from __future__ import annotations

import re

import lxml.html


def parse(response) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(response.content.decode())


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def visible_text(response) -> str:
    """The page's text with scripts and styles removed and all whitespace folded."""
    tree = parse(response)
    for node in tree.xpath("//script | //style"):
        node.drop_tree()
    # text_content() would glue adjacent block elements together; give each text node room.
    return normalise(" ".join(tree.itertext()))


def form_fields(response, form_id: str | None = None) -> dict[str, str]:
    """The values a browser would submit from a page's form, unchanged.

    Used to drive the admin like an editor: load the form, change a few fields, post it back.
    """
    tree = parse(response)
    form = tree.get_element_by_id(form_id) if form_id else tree.forms[0]
    data: dict[str, str] = {}
    for field in form.inputs:
        name = field.get("name")
        if not name or field.get("type") in {"submit", "button", "file"}:
            continue
        if field.tag == "select":
            selected = field.xpath(".//option[@selected]")
            data[name] = selected[0].get("value", "") if selected else ""
        elif field.get("type") in {"checkbox", "radio"}:
            if field.get("checked") is not None:
                data[name] = field.get("value", "on")
        elif field.tag == "textarea":
            data[name] = field.text_content().removeprefix("\n") if field.text else ""
        else:
            data[name] = field.get("value", "")
    return data
