"""Every page type passes the Nu Html Checker (vnu-jar from npm, run with the machine's Java)
with zero errors. Add a page by adding a line to PAGES."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from datetime import UTC, timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from roles.job_ads import link_state
from roles.models import Role
from tests.factories import make_role

VNU_JAR = settings.BASE_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# name -> the URL to fetch, given a public role of the catalogue.
PAGES: dict[str, Callable[[Role], str]] = {
    "home": lambda role: "/",
    "category-list": lambda role: "/jobs/",
    "category": lambda role: role.category.get_absolute_url(),
    "role": lambda role: role.get_absolute_url(),
    "not-found": lambda role: "/jobs/no-such-category/",
    "gone": lambda role: "/jobs/taken-down/removed-role/",
    "temporarily unavailable": lambda role: "/jobs/taken-down/resting-role/",
    "search": lambda role: "/search/?q=architect",
    "search, misspelled": lambda role: "/search/?q=archtect",
    "compare": lambda role: "/compare/ai-solutions-architect/machine-learning-engineer/",
    "a-z": lambda role: "/roles/a-z/",
    "a-z letter": lambda role: "/roles/a-z/a/",
    "compare, no match": lambda role: f"/compare/?a={role.slug}&b=zqxwv",
    "compare, landing": lambda role: "/compare/",
    "about": lambda role: "/about/",
    "methodology": lambda role: "/about/methodology/",
    "compare, route in": lambda role: "/compare/registered-nurse/electrician/",
    "role, pay in a state": lambda role: role.get_absolute_url() + "?area=california",
    "pay by state": lambda role: role.get_absolute_url() + "pay-by-state/",
    "occupations": lambda role: "/occupations/?group=15-0000&sort=pay",
    "occupation": lambda role: "/occupations/15-2051/",
    "occupation without a role": lambda role: "/occupations/29-1211/",
    "job ad": lambda role: role.get_absolute_url() + "job-ad/",
    # Built, with a message on a field and every export shown.
    "job ad, built": lambda role: (
        role.get_absolute_url()
        + "job-ad/?s="
        + link_state.encode(
            {
                "title": role.title,
                "workplace": "remote",
                "applicants": "United States",
                "company": "</script><img src=x>",
                "pay_area": "us",
            }
        )
    ),
    "job ad, in error": lambda role: (
        role.get_absolute_url()
        + "job-ad/?s="
        + link_state.encode({"title": "DATA $1", "workplace": "onsite", "pay_min": "9"})
    ),
}


def nu_html_checker_errors(paths: list) -> list[dict]:
    """The checker's error messages for the files (one JVM start for all of them)."""
    if shutil.which("java") is None:
        pytest.skip("Java is not installed: needed to run the Nu Html Checker (vnu.jar)")
    if not VNU_JAR.exists():
        pytest.skip(f"{VNU_JAR} is missing: run `make node-tools` to install vnu-jar")
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--stdout", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    messages = json.loads(result.stdout)["messages"]
    return [m for m in messages if m["type"] in {"error", "non-document-error"}]


def test_every_page_type_is_valid_html(client, catalogue, tmp_path):
    role = Role.objects.published().get(slug="ai-solutions-architect")
    gone = make_role(slug="removed-role")
    gone.delete()
    make_role(slug="resting-role", taken_down_until=timezone.now() + timedelta(days=2))
    files = {}
    for name, url_for in PAGES.items():
        response = client.get(url_for(role))
        assert response.status_code in {200, 404, 410, 503}, name
        files[name] = tmp_path / f"{name}.html"
        files[name].write_bytes(response.content)
    errors = nu_html_checker_errors(list(files.values()))
    report = [
        f"{m['url'].rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']} "
        f"[{m.get('extract', '').strip()}]"
        for m in errors
    ]
    assert report == []


def test_role_page_after_an_admin_save_is_valid_html_with_machine_dates(
    client, catalogue, django_user_model, tmp_path
):
    """An admin save stores "last updated" to the microsecond: the page's <time datetime>,
    JSON-LD and sitemap dates must still be valid, to the millisecond in UTC."""
    from tests.html import form_fields, parse

    role = Role.objects.published().get(slug="ai-solutions-architect")
    editor = django_user_model.objects.create_superuser("boss", "boss@example.com", "pw")
    client.force_login(editor)
    url = f"/admin/roles/role/{role.pk}/change/"
    edited = form_fields(client.get(url), "role_form")
    edited["duties-0-text"] += " every quarter"
    # Text an editor types into the route in and the review: Markdown, markup-like signs.
    edited["entry_training"] = "Two years on the job & a *mentor*, 1 < 2 > 0.\r\n\r\n- a list"
    edited["reviewed_by"] = "Dana <Editor> & Co."
    edited["reviewed_on"] = "2026-11-30"
    assert client.post(url, edited).status_code == 302
    role.refresh_from_db()
    assert role.content_updated_at.microsecond, "an admin save keeps fractions of a second"
    client.logout()

    response = client.get(role.get_absolute_url())
    page = parse(response)
    moment = role.content_updated_at.astimezone(UTC)
    expected = moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    assert page.xpath("//time/@datetime")[0] == expected
    graph = json.loads(page.xpath("//script[@type='application/ld+json']/text()")[0])["@graph"]
    occupation = next(node for node in graph if node["@type"] == "Occupation")
    assert occupation["dateModified"] == expected
    sitemap = client.get("/sitemap-roles.xml").content.decode()
    assert f"<lastmod>{expected}</lastmod>" in sitemap
    file = tmp_path / "role-after-admin-save.html"
    file.write_bytes(response.content)
    assert nu_html_checker_errors([file]) == []
