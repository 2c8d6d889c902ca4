"""In a real browser, under the strict Content-Security-Policy: the admin keeps working, and
hostile text in every field is shown without running."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from roles.models import Fact, Role
from tests.chromium import page, site, watch  # noqa: F401 (fixtures)
from tests.factories import make_role
from tests.naughty import CLASSIC_VECTORS, blns

pytestmark = pytest.mark.browser

PASSWORD = "velvet-harbour-lantern-42"


def test_admin_login_edit_and_inline_row_work_under_the_csp(page, site):  # noqa: F811
    User.objects.create_superuser("editor", "editor@roleatlas.example", PASSWORD)
    role = make_role(title="Data Engineer")
    seen = watch(page)

    response = page.goto(f"{site}/admin/")
    assert "Content-Security-Policy" in {k.title(): v for k, v in response.headers.items()}
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{site}/admin/")

    page.goto(f"{site}/admin/roles/role/{role.pk}/change/")
    facts_before = role.facts.count()
    # "Add another Fact" is created by the admin's inline JavaScript: it only appears, and
    # only adds a row, if static scripts run under the policy.
    page.click("#facts-group .add-row a")
    row = page.locator("#facts-group tr.form-row.dynamic-facts").last
    row.locator("select[name$='-kind']").select_option("certifications")
    row.locator("input[name$='-label']").fill("Key certifications")
    row.locator("textarea[name$='-value'], input[name$='-value']").fill("Cloud architect")
    # The "+" beside the category opens a popup that reports back to this window through
    # window.opener: it must survive Cross-Origin-Opener-Policy and the CSP.
    with page.expect_popup() as popup_info:
        page.click("#add_id_category")
    popup = popup_info.value
    popup.fill("#id_name", "Data Platforms")  # the slug fills itself in (prepopulate.js)
    popup.click("input[name=_save]")
    popup.wait_for_event("close")
    assert page.locator("#id_category option:checked").inner_text() == "Data Platforms"
    page.click("input[name=_save]")
    page.wait_for_url(f"{site}/admin/roles/role/")
    assert "was changed successfully" in page.inner_text(".messagelist")

    assert role.facts.count() == facts_before + 1
    assert Fact.objects.filter(role=role, label="Key certifications").exists()
    assert Role.objects.get(pk=role.pk).category.slug == "data-platforms"
    assert seen.trouble == []


def test_admin_refuses_to_be_framed(page, site):  # noqa: F811
    """frame-ancestors 'none' and X-Frame-Options DENY: another page cannot frame the admin."""
    seen = watch(page)
    page.goto(f"{site}/jobs/")
    page.set_content(f'<iframe src="{site}/admin/login/"></iframe>')
    page.wait_for_timeout(500)
    framed = page.frames[-1]
    assert framed != page.main_frame
    assert framed.query_selector("#id_password") is None  # the login form did not load
    assert any("frame-ancestors" in error for error in seen.console_errors), seen


def browser_payloads() -> list[str]:
    """The classic vectors and the naughty strings meant to run script."""
    scripty = [
        text
        for text in blns()
        if any(marker in text.lower() for marker in ("<script", "onerror", "javascript:", "alert("))
    ]
    return CLASSIC_VECTORS + scripty[:60]


def test_hostile_text_in_every_field_is_shown_and_never_runs(page, site):  # noqa: F811
    payloads = browser_payloads()
    joined = "\n\n".join(payloads)
    role = make_role(
        title="<script>alert('xss-title')</script>",
        summary="<img src=x onerror=alert('xss-summary')> " + payloads[0],
        overview=joined,
        career_outlook=joined,
        cover_letter=joined,
        meta_description="\"><script>alert('xss-meta')</script>",
    )
    role.category.description = joined
    role.category.name = "<svg onload=alert('xss-category')>"
    role.category.save()
    for n, text in enumerate(payloads):
        role.facts.create(label=text[:100], value=text, position=10 + n)
        role.duties.create(text=text, position=10 + n)
        role.faqs.create(question=text[:300], answer=text, position=10 + n)
    role.qualification_groups.create(heading=payloads[1][:200], items="\n".join(payloads))

    seen = watch(page)
    for url in (role.get_absolute_url(), role.category.get_absolute_url(), "/", "/jobs/"):
        page.goto(f"{site}{url}")
        page.wait_for_load_state("load")
        page.mouse.move(10, 10)
        page.mouse.move(300, 300)  # would fire any injected onmouseover
        assert page.evaluate("typeof window.__xss") == "undefined"
    page.goto(f"{site}{role.get_absolute_url()}")
    text = page.inner_text("main")
    assert "<script>alert('xss-title')</script>" in text
    assert "<img src=x onerror=alert('xss-summary')>" in text
    assert seen.trouble == [], seen
    assert Role.objects.get(pk=role.pk).title == "<script>alert('xss-title')</script>"
