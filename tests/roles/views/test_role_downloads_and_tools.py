from __future__ import annotations

import re

from django.contrib.staticfiles import finders

from roles.formats.markdown_io import parse_role
from roles.models import Role
from tests.factories import make_role
from tests.html import parse


def test_table_of_contents_links_to_every_section_on_the_page(client, role):
    make_role(category=role.category)  # so that "Related roles" appears too
    page = parse(client.get(role.get_absolute_url()))
    links = page.cssselect("nav.toc a")
    targets = [a.get("href") for a in links]
    assert targets == [
        "#glance",
        "#duties",
        "#overview",
        "#qualifications",
        "#how-to-become",
        "#outlook",
        "#cover-letter",
        "#faq",
        "#sources",
        "#related",
    ]
    for target, link in zip(targets, links, strict=True):
        heading = page.get_element_by_id(target[1:])
        assert heading.tag == "h2"
        assert heading.text_content() == link.text
        # Focusable by script and by the browser when the link is followed.
        assert heading.get("tabindex") == "-1"


def test_copy_buttons_carry_the_cover_letter_and_job_description_as_clean_text(client, role):
    role.cover_letter = "Dear **Hiring** Manager,\n\nI would *love* this job.\n\nRegards"
    role.save()
    page = parse(client.get(role.get_absolute_url()))
    buttons = {b.text: b.get("data-copy-source") for b in page.cssselect("button.copy-button")}
    assert buttons == {
        "Copy job description": "copy-job-description",
        "Copy cover letter": "copy-cover-letter",
        "Copy citation": "copy-citation",
    }
    letter = page.get_element_by_id("copy-cover-letter")
    assert letter.tag == "template"
    assert letter.text_content().strip() == (
        "Dear Hiring Manager,\n\nI would love this job.\n\nRegards"
    )
    description = page.get_element_by_id("copy-job-description").text_content()
    for duty in role.duties.all():
        assert f"- {duty.text}" in description
    assert "Qualifications:\nEducation:\n- A degree\n- Curiosity" in description
    assert "<" not in description


def test_copy_buttons_wait_for_the_script_so_they_never_appear_dead(client, role):
    page = parse(client.get(role.get_absolute_url()))
    assert all(b.get("hidden") is not None for b in page.cssselect("button.copy-button"))
    scripts = [s.get("src") for s in page.cssselect("script[src]")]
    assert any(src.endswith("js/role-tools.js") for src in scripts)


def test_role_downloads_as_plain_text(client, role):
    response = client.get(role.get_absolute_url().rstrip("/") + ".txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{role.slug}.txt"'
    text = response.content.decode()
    assert text.startswith(f"{role.title}\n{'=' * len(role.title)}\n")
    for heading in ["Duties and responsibilities", "Qualifications", "Sample cover letter"]:
        assert f"\n{heading}\n" in text
    assert "Typical education: A degree" in text
    assert "<p>" not in text
    links = parse(client.get(role.get_absolute_url())).cssselect("a[download]")
    assert role.get_absolute_url().rstrip("/") + ".txt" in [a.get("href") for a in links]


def test_role_downloads_as_markdown_in_the_import_format(client, role):
    url = role.get_absolute_url().rstrip("/") + ".md"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{role.slug}.md"'
    parsed = parse_role(response.content.decode(), f"{role.slug}.md")
    assert parsed.fields["title"] == role.title
    assert parsed.fields["summary"] == role.summary
    links = parse(client.get(role.get_absolute_url())).cssselect("a[download]")
    assert url in [a.get("href") for a in links]
    draft = make_role(category=role.category, status=Role.Status.DRAFT)
    assert client.get(draft.get_absolute_url().rstrip("/") + ".md").status_code == 404


def test_plain_text_of_a_draft_is_a_404_and_of_a_misfiled_address_a_redirect(client, role):
    draft = make_role(category=role.category, status=Role.Status.DRAFT)
    assert client.get(draft.get_absolute_url().rstrip("/") + ".txt").status_code == 404
    # As for the page itself: the role's address in the category it is in now.
    response = client.get(f"/jobs/elsewhere/{role.slug}.txt")
    assert response.status_code == 301
    assert response["Location"] == role.get_absolute_url().rstrip("/") + ".txt"


def test_print_stylesheet_hides_navigation_and_buttons():
    with open(finders.find("css/site.css")) as stylesheet:
        css = stylesheet.read()
    selectors, declarations = re.search(r"@media print\s*\{\s*([^{}]+)\{([^}]*)\}", css).groups()
    assert "display: none" in declarations
    hidden = {s.strip() for s in selectors.split(",")}
    assert {".site-header", ".site-footer", ".toc", ".role-tools", ".copy-button"} <= hidden


def test_templates_have_no_inline_scripts_or_styles(client, role):
    for url in ["/", role.get_absolute_url(), "/search/?q=role", "/roles/a-z/"]:
        page = parse(client.get(url))
        assert not page.cssselect("[style], style")
        assert all(
            s.get("src") or s.get("type") == "application/ld+json" for s in page.cssselect("script")
        )
        assert not [el for el in page.iter() if any(a.startswith("on") for a in el.attrib)]
