"""The builder's page: pay from the wage data, a link that re-opens the whole form, downloads,
and headers that keep it out of caches and search engines."""

from __future__ import annotations

import extruct
import pytest

from roles.job_ads import link_state
from roles.models import Role
from roles.wages.models import Wage
from tests.catalogue import first_generated_role_with_pay, generated_catalogue
from tests.html import form_fields, parse, visible_text
from tests.roles.job_ads.conftest import BUILDER, HOSTILE, ON_SITE, REMOTE, ROLE_PAGE, state_of


def wage(area_slug: str) -> Wage:
    return Wage.objects.newest_release().get(occupation="15-2051", area__slug=area_slug)


def test_role_page_links_to_the_builder_and_carries_no_job_posting(client, catalogue):
    response = client.get(ROLE_PAGE)
    link = parse(response).xpath("//a[normalize-space()='Write a job ad from this role']")
    assert [a.get("href") for a in link] == [BUILDER]
    types = {
        item.get("@type")
        for document in extruct.extract(response.content.decode(), syntaxes=["json-ld"])["json-ld"]
        for item in document.get("@graph", [document])
    }
    assert "Occupation" in types
    assert "JobPosting" not in types


def test_every_role_page_carries_no_job_posting(client, catalogue):
    for role in Role.objects.published().select_related("category"):
        assert b"JobPosting" not in client.get(role.get_absolute_url()).content, role.slug


def test_builder_opens_prefilled_from_the_role_with_the_national_middle_half(builder_form):
    national = wage("us")
    assert builder_form["title"] == "Data Scientist"
    assert builder_form["pay_min"] == str(national.annual_p25)
    assert builder_form["pay_max"] == str(national.annual_p75)
    role = Role.objects.get(slug="data-scientist")
    assert builder_form["duty-0-text"] == role.duties.all()[0].text
    assert builder_form["duty-0-include"] == "on"


@pytest.mark.parametrize("area", ["california", "texas", "new-york-newark-jersey-city-ny-nj"])
@pytest.mark.parametrize("unit", ["YEAR", "HOUR"])
def test_pay_is_filled_with_the_areas_25th_to_75th_percentile(build, area, unit):
    _, page = build(pay_area=area, pay_unit=unit, fill_pay="1")
    fields = form_fields(page, "job-ad-form")
    row = wage(area)
    low, high = (
        (row.hourly_p25, row.hourly_p75) if unit == "HOUR" else (row.annual_p25, row.annual_p75)
    )
    assert (fields["pay_min"], fields["pay_max"]) == (str(low), str(high))
    text = visible_text(page)
    assert f"the middle half of Data Scientists (15-2051) earn ${row.annual_p25:,} to" in text
    assert "Source: U.S. Bureau of Labor Statistics" in text or "Source: BLS" in text
    assert "May 2025" in text


def test_an_area_without_figures_says_so(build, monkeypatch):
    Wage.objects.filter(occupation="15-2051", area__slug="texas").delete()
    # Texas is no longer on offer for this occupation; the choice is refused, not a 404.
    _, page = build(pay_area="texas")
    assert "Select a valid choice" in visible_text(page)


def test_a_role_without_soc_code_says_there_are_no_figures(client, catalogue):
    role = Role.objects.get(slug="data-scientist")
    Role.objects.filter(pk=role.pk).update(soc=None)
    page = client.get(BUILDER)
    assert "This role has no SOC occupation code" in visible_text(page)
    assert form_fields(page, "job-ad-form")["pay_min"] == ""


def test_no_range_says_that_many_states_and_cities_require_one(client, catalogue):
    text = visible_text(client.get(BUILDER))
    assert "Many U.S. states and cities require one in job postings: as of October 2025" in text


@pytest.mark.parametrize("posting", [ON_SITE, REMOTE], ids=["on site", "remote"])
def test_shareable_link_reopens_the_whole_form(client, builder_form, build, posting):
    first_blank = sum(
        1
        for name in builder_form
        if name.startswith("duty-") and name.endswith("-text") and builder_form[name]
    )
    changes = {
        **posting,
        "duty-0-text": "Our own first duty",
        "duty-1-include": None,
        f"duty-{first_blank}-text": "A duty we added",
        f"duty-{first_blank}-position": "1",
        "qual-0-position": "99",
    }
    redirect, page = build(**changes)
    assert len("http://testserver" + redirect["Location"]) < 6000
    again = client.get(redirect["Location"])
    fields = form_fields(again, "job-ad-form")
    assert fields == form_fields(page, "job-ad-form")
    for name, value in posting.items():
        assert fields.get(name, "") == value, name
    # Reordered by the numbers: the added duty shares number 1 and comes after the first.
    assert [fields[f"duty-{i}-text"] for i in range(2)] == ["Our own first duty", "A duty we added"]
    assert fields["duty-2-text"] == builder_form["duty-1-text"]
    assert "duty-2-include" not in fields  # unticked, it stays unticked
    assert fields["qual-0-text"] == builder_form["qual-1-text"]
    shown = parse(again).xpath("//textarea[@id='export-link']")[0].text_content()
    assert shown == "http://testserver" + redirect["Location"]


def test_a_form_in_error_keeps_what_was_typed_and_shows_no_export(build):
    _, page = build(title="DATA SCIENTIST", pay_min="90000", pay_max="70000", intro="Typed")
    fields = form_fields(page, "job-ad-form")
    assert (fields["title"], fields["pay_min"], fields["intro"]) == (
        "DATA SCIENTIST",
        "90000",
        "Typed",
    )
    tree = parse(page)
    title_error = tree.xpath("//p[@id='id_title-error']")[0].text_content()
    assert "not all capitals" in title_error
    assert tree.xpath("//input[@id='id_title']/@aria-invalid") == ["true"]
    assert "swap them" in tree.xpath("//p[@id='id_pay_max-error']")[0].text_content()
    assert not tree.xpath("//textarea[@id='export-json-ld']")


def test_hostile_text_is_escaped_on_the_page_and_in_downloads(client, build):
    redirect, page = build(**{**ON_SITE, "company": HOSTILE, "intro": HOSTILE})
    tree = parse(page)
    assert not tree.xpath("//main//img")
    assert "</script><img" not in page.content.decode()
    state = state_of(redirect["Location"])
    for fmt, content_type in [
        ("txt", "text/plain"),
        ("md", "text/markdown"),
        ("html", "text/html"),
        ("json", "application/ld+json"),
    ]:
        download = client.get(BUILDER, {"s": state, "format": fmt})
        assert download["Content-Type"] == f"{content_type}; charset=utf-8"
        assert download["Content-Disposition"] == (
            f'attachment; filename="job-ad-data-scientist.{fmt}"'
        )
        body = download.content.decode()
        if fmt == "txt":
            assert HOSTILE in body
        else:
            assert "<img" not in body


def test_builder_page_itself_carries_no_job_posting_markup(build):
    _, page = build(**ON_SITE)
    found = extruct.extract(page.content.decode(), syntaxes=["json-ld"])["json-ld"]
    assert all("JobPosting" not in str(document) for document in found)
    # It is shown as text, for copying.
    assert '"@type": "JobPosting"' in parse(page).xpath("//textarea[@id='export-json-ld']")[0].text


def test_builder_names_missing_properties_in_words(build):
    _, page = build(company="", city="", region="")
    text = visible_text(page)
    assert "Required: the hiring organization (hiringOrganization) needs a name" in text
    assert "Required: where the job is done (jobLocation) is missing" in text


def test_builder_is_never_cached_or_indexed(client, build):
    redirect, page = build(**ON_SITE)
    for response in (client.get(BUILDER), redirect, page):
        assert response["Cache-Control"] == "private, no-store"
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert "X-Page-Cache" not in response
    assert parse(page).xpath("//meta[@name='robots']/@content") == ["noindex, nofollow"]


@pytest.mark.page_cache
def test_page_cache_neither_stores_nor_serves_the_builder(client, catalogue):
    first = client.get(BUILDER)
    second = client.get(BUILDER)
    assert "X-Page-Cache" not in first and "X-Page-Cache" not in second
    assert second["Cache-Control"] == "private, no-store"


def test_builder_is_in_no_sitemap(client, catalogue):
    for section in ("pages", "categories", "roles", "occupations"):
        assert b"job-ad" not in client.get(f"/sitemap-{section}.xml").content


def test_damaged_link_starts_again_from_the_role(client, catalogue):
    page = client.get(BUILDER, {"s": "garbage!!"})
    assert page.status_code == 200
    assert "This link is damaged" in visible_text(page)
    assert form_fields(page, "job-ad-form")["title"] == "Data Scientist"


def test_an_ad_too_long_for_a_link_keeps_everything_typed(client, builder_form):
    # Text that does not compress: the state would pass the link limit.
    noise = "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(1400))
    data = {
        **builder_form,
        "intro": noise[:1500],
        "benefits": noise[-1500:],
        "closing": noise[200:1200],
    }
    page = client.get(BUILDER, data)
    assert page.status_code == 200
    assert "too long to fit in a shareable link" in visible_text(page)
    assert form_fields(page, "job-ad-form")["intro"] == noise[:1500]
    assert len(link_state.encode({"intro": noise[:1500]})) > 0


def test_old_address_of_a_moved_role_redirects_to_its_builder(client, catalogue):
    response = client.get("/jobs/artificial-intelligence/data-scientist/job-ad/")
    assert response.status_code == 301
    assert response["Location"] == BUILDER


def test_unknown_role_is_a_404(client, catalogue):
    assert client.get("/jobs/data-and-analytics/no-such-role/job-ad/").status_code == 404


# The role with its category and occupation, its duties, its qualification groups, then the
# pay figures of the area and the areas on offer (roles/wages/pay.py).
BUILDER_QUERIES = 5


@pytest.mark.parametrize("size", [10, 1000])
@pytest.mark.parametrize("state", [False, True], ids=["blank", "filled"])
def test_builder_query_count_is_the_same_at_10_and_1000_roles(
    client, db, django_assert_num_queries, size, state
):
    generated_catalogue(size)
    role = first_generated_role_with_pay()
    url = role.get_absolute_url() + "job-ad/"
    params = (
        {
            "s": link_state.encode(
                {"title": "Analyst", "workplace": "onsite", "pay_area": "california"}
            )
        }
        if state
        else {}
    )
    with django_assert_num_queries(BUILDER_QUERIES):
        response = client.get(url, params)
    assert response.status_code == 200
