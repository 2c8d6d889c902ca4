"""/llms.txt follows the llms.txt proposal (llmstxt.org) and lists every published role's
Markdown version, current with the catalogue."""

from __future__ import annotations

import re

from roles.models import Role
from tests.factories import make_role

LINK = re.compile(r"^- \[(?P<name>[^\]]+)\]\((?P<url>[^)]+)\)(?:: (?P<note>.+))?$")


def test_llms_txt_has_the_proposals_structure(client, shown):
    response = client.get("/llms.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "# RoleAtlas"
    assert lines[1] == "" and lines[2].startswith("> ")
    headings = [line for line in lines if line.startswith("#")]
    assert headings[0] == "# RoleAtlas"
    assert all(h.startswith("## ") for h in headings[1:])
    assert {"## Site", "## Open data", "## Visible work", "## Optional"} <= set(headings)
    assert headings[-1] == "## Optional"
    first_section = lines.index(headings[1])
    for line in lines[first_section:]:
        assert line == "" or line.startswith("## ") or LINK.match(line), line


def test_llms_txt_links_every_published_roles_markdown_which_answers(client, shown):
    make_role(category=shown.category, slug="tug-master", title="Tug Master")
    text = client.get("/llms.txt").content.decode()
    links = [m["url"] for line in text.splitlines() if (m := LINK.match(line))]
    for role in Role.objects.published():
        url = f"http://127.0.0.1:8000/jobs/{role.category.slug}/{role.slug}.md"
        assert url in links
        assert client.get(url.removeprefix("http://127.0.0.1:8000")).status_code == 200
