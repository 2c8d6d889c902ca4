"""What a reader sees of pay: on a role page (national and a picked area), on the pay-by-state
page with its map, in the occupation explorer and on an occupation's page."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group, User
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.db.models.signals import post_init

from roles.models import Role
from roles.wages.figures import AreaPay
from roles.wages.models import Area, Occupation, Wage
from tests.factories import make_role
from tests.html import parse

DATA_SCIENTIST = "/jobs/data-and-analytics/data-scientist/"


def text_of(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|template)\b.*?</\1>", " ", html, flags=re.S)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    # Tags around inline words leave spaces before punctuation: "( May 15, 2026 )."
    return re.sub(r"\(\s+", "(", re.sub(r"\s+([).,])", r"\1", text))


@pytest.fixture
def site(catalogue):
    """The shipped roles with the sample pay release (see tests/conftest.py)."""


def test_role_page_shows_national_median_pay(client, site):
    text = text_of(client.get(DATA_SCIENTIST))
    assert "Occupation: Data Scientists (SOC 15-2051)" in text
    assert "Median pay, per year $120,230" in text
    assert "Median pay, per hour $57.80" in text
    assert "Middle 80 percent earn $67,240 to $199,130" in text
    assert "Jobs held (employment) 262,440" in text
    assert "May 2025 (published May 15, 2026)" in text
    assert "leave out the self-employed" in text


def test_role_page_pay_comes_before_the_duties(client, site):
    html = client.get(DATA_SCIENTIST).content.decode()
    assert html.index('id="pay"') < html.index('id="duties"')


def test_role_page_links_the_source_release(client, site):
    html = client.get(DATA_SCIENTIST).content.decode()
    assert '<a href="https://www.bls.gov/oes/tables.htm">U.S. Bureau of Labor Statistics' in html


def test_range_is_drawn_to_scale_without_inline_styles(client, site):
    html = client.get(DATA_SCIENTIST).content.decode()
    chart = re.search(r'<svg class="pay-range".*?</svg>', html, re.S).group(0)
    assert "style=" not in chart
    spread = re.search(r'class="pay-range__spread" x="([\d.]+)" y="16" width="([\d.]+)"', chart)
    start, width = float(spread.group(1)), float(spread.group(2))
    # 10th and 90th percentiles, $67,240 and $199,130, on a scale to 105 % of the higher.
    scale = 576 / int(199130 * 1.05)
    assert start == pytest.approx(12 + 67240 * scale, abs=0.2)
    assert width == pytest.approx((199130 - 67240) * scale, abs=0.3)


def test_reader_picks_a_state_and_sees_it_beside_the_national_figures(client, site):
    response = client.get(DATA_SCIENTIST + "?area=california")
    text = text_of(response)
    assert response.status_code == 200
    assert "California Median pay, per year $141,590" in text
    assert "United States Median pay, per year $120,230" in text
    assert '<option value="california" selected>' in response.content.decode()


def test_area_form_works_without_javascript(client, site):
    html = client.get(DATA_SCIENTIST).content.decode()
    form = re.search(r'<form class="pay-area" method="get" action="([^"]+)">', html)
    assert form.group(1) == DATA_SCIENTIST
    assert 'name="area"' in html
    assert '<option value="san-jose-sunnyvale-santa-clara-ca">' in html


def test_unknown_area_answers_404(client, site):
    assert client.get(DATA_SCIENTIST + "?area=atlantis").status_code == 404


def test_area_without_figures_says_so_and_shows_the_nation(client, site):
    # The sample has no database architects (the data engineer's code) in eastern Ohio.
    url = "/jobs/data-and-analytics/data-engineer/?area=eastern-ohio-nonmetropolitan-area"
    text = text_of(client.get(url))
    assert "BLS publishes no figures for this occupation in Eastern Ohio" in text
    assert "United States Median pay, per year" in text


def test_proxy_code_is_labelled_nearest_occupation(client, site):
    text = text_of(client.get("/jobs/artificial-intelligence/mlops-engineer/"))
    assert "Nearest occupation: Software Developers (SOC 15-1252)" in text


def test_top_coded_wage_shows_as_or_more_never_as_a_plain_number(client, pay_data, category):
    role = make_role(category=category, soc_id="11-1011")
    response = client.get(role.get_absolute_url() + "?area=eastern-ohio-nonmetropolitan-area")
    text = text_of(response)
    assert "$239,200 or more" in text
    assert "Middle 80 percent earn $84,630 to $239,200 or more" in text
    # The top-code appears plainly only in the sentence that explains it.
    assert text.count("$239,200") == text.count("$239,200 or more") + 1
    assert "does not publish wages at or above $239,200 a year ($115.00 an hour)" in text


def test_role_without_soc_code_has_no_pay_section(client, role):
    assert 'id="pay"' not in client.get(role.get_absolute_url()).content.decode()


@pytest.mark.page_cache
def test_area_request_is_never_served_the_national_page_from_cache(client, site):
    client.get(DATA_SCIENTIST)
    assert client.get(DATA_SCIENTIST)["X-Page-Cache"] == "hit"
    response = client.get(DATA_SCIENTIST + "?area=texas")
    assert response["X-Page-Cache"] == "bypass"
    assert "Texas Median pay" in text_of(response)


def test_pay_by_state_page_has_a_map_and_the_full_table(client, site):
    response = client.get(DATA_SCIENTIST + "pay-by-state/")
    html = response.content.decode()
    text = text_of(response)
    assert response.status_code == 200
    assert html.count('<path class="pay-map__') == 51
    assert "<title>California: median $141,590 a year</title>" in html
    assert "style=" not in html.split("<main", 1)[1]
    for state in ("California", "New York", "Texas", "Washington"):
        assert f"{state} $" in text
    assert "United States $120,230" in text


def test_pay_by_state_page_reads_no_metro_area_it_does_not_show(client, site):
    """Metro areas are nine rows in ten of an occupation's figures, each built into objects
    in Python; the pay-by-state page shows none of them."""
    shown = Wage.objects.filter(
        occupation="15-2051", area__kind__in=[Area.Kind.NATIONAL, Area.Kind.STATE]
    ).count()
    assert Wage.objects.filter(occupation="15-2051", area__kind=Area.Kind.METRO).exists()
    built = []

    def count(sender, instance, **kwargs):
        built.append(instance)

    post_init.connect(count, sender=Wage)
    try:
        response = client.get(DATA_SCIENTIST + "pay-by-state/")
    finally:
        post_init.disconnect(count, sender=Wage)
    assert response.status_code == 200
    assert len(built) == shown


def test_pay_by_state_page_of_a_role_without_code_is_404(client, role):
    url = role.get_absolute_url() + "pay-by-state/"
    assert client.get(url).status_code == 404


def test_role_page_links_to_pay_by_state(client, site):
    html = client.get(DATA_SCIENTIST).content.decode()
    assert f'href="{DATA_SCIENTIST}pay-by-state/"' in html


def _detailed_with_pay(group: str = "") -> int:
    """Detailed occupations with a national figure in the loaded release (under `group`)."""
    wages = Wage.objects.filter(
        area__kind=Area.Kind.NATIONAL, occupation__level=Occupation.Level.DETAILED
    )
    return wages.filter(occupation__major_group=group).count() if group else wages.count()


def test_explorer_lists_detailed_occupations_with_pay_and_jobs(client, site):
    response = client.get("/occupations/")
    text = text_of(response)
    assert f"{_detailed_with_pay()} occupations" in text
    assert "Data Scientists 15-2051 $120,230 262,440" in text
    assert "Computer and Mathematical Occupations" in text  # the group filter
    assert "Software and Web Developers" not in text.split("Occupation SOC code", 1)[1]


def test_explorer_filters_by_group_and_state_and_sorts_by_pay(client, site):
    text = text_of(client.get("/occupations/?group=29-0000"))
    in_group = _detailed_with_pay("29-0000")
    assert f"{in_group} occupations." in text and "Anesthesiologists" in text
    assert "Registered Nurses" in text and "Data Scientists" not in text
    text = text_of(client.get("/occupations/?area=california&sort=pay"))
    rows = re.findall(r"(\d\d-\d{4}) \$([\d,]+)", text)
    pays = [int(p.replace(",", "")) for _, p in rows]
    assert pays == sorted(pays, reverse=True)
    assert ("15-2051", "141,590") in rows


@pytest.mark.parametrize(
    "query",
    ["?page=0", "?page=99", "?page=abc", "?page=1.5", "?group=99-0000", "?area=mars", "?sort=x"],
)
def test_explorer_answers_404_to_a_bad_page_or_filter(client, site, query):
    assert client.get("/occupations/" + query).status_code == 404


def test_explorer_first_page_is_indexed_and_filtered_pages_are_not(client, site):
    assert 'name="robots"' not in client.get("/occupations/").content.decode()
    assert 'content="noindex, follow"' in client.get("/occupations/?sort=pay").content.decode()


def test_occupation_page_shows_states_metros_and_the_roles_covering_it(client, site):
    response = client.get("/occupations/15-2051/")
    text = text_of(response)
    assert "Nationally, the median pay is $120,230 a year ($57.80 an hour)" in text
    assert "Data Scientist" in text and "Data Analyst (the nearest occupation" in text
    assert "San Jose-Sunnyvale-Santa Clara, CA $" in text
    assert 'name="robots"' not in response.content.decode()


def test_occupation_page_without_a_role_says_so_and_is_not_indexed(client, site):
    response = client.get("/occupations/29-1211/")
    assert "No RoleAtlas role page covers this occupation yet" in text_of(response)
    assert 'content="noindex, follow"' in response.content.decode()


def test_unknown_occupation_answers_404(client, site):
    assert client.get("/occupations/99-9999/").status_code == 404


def test_editor_picks_the_soc_code_from_the_occupation_list(client, site):
    editor = User.objects.create_user("ed", password="a-long-password-1", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    role = Role.objects.get(slug="data-scientist")
    form = client.get(f"/admin/roles/role/{role.pk}/change/").content.decode()
    assert 'name="soc"' in form and "admin-autocomplete" in form
    assert 'name="soc_is_nearest"' in form
    found = client.get(
        "/admin/autocomplete/",
        {"app_label": "roles", "model_name": "role", "field_name": "soc", "term": "data sci"},
    ).json()
    assert [r["id"] for r in found["results"]] == ["15-2051"]


def _occupation_node(response) -> dict:
    import json

    raw = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    graph = json.loads(raw.group(1))["@graph"]
    return next(node for node in graph if node["@type"] == "Occupation")


def test_json_ld_carries_the_soc_code_and_national_salary_distribution(client, site):
    node = _occupation_node(client.get(DATA_SCIENTIST))
    assert node["occupationalCategory"]["@type"] == "CategoryCode"
    assert node["occupationalCategory"]["codeValue"] == "15-2051"
    salary = node["estimatedSalary"][0]
    assert salary == {
        "@type": "MonetaryAmountDistribution",
        "name": "base",
        "currency": "USD",
        "duration": "P1Y",
        "percentile10": 67240,
        "percentile25": 85660,
        "median": 120230,
        "percentile75": 158880,
        "percentile90": 199130,
    }
    assert node["occupationLocation"] == [{"@type": "Country", "name": "United States"}]


def test_json_ld_salary_follows_the_area_shown(client, site):
    node = _occupation_node(client.get(DATA_SCIENTIST + "?area=california"))
    assert node["estimatedSalary"][0]["median"] == 141590
    assert node["occupationLocation"] == [{"@type": "State", "name": "California"}]


def test_json_ld_never_states_a_top_coded_figure(client, pay_data, category):
    role = make_role(category=category, soc_id="11-1011")
    url = role.get_absolute_url() + "?area=eastern-ohio-nonmetropolitan-area"
    salary = _occupation_node(client.get(url))["estimatedSalary"][0]
    assert "percentile90" not in salary
    assert salary["median"] == 165290


def test_json_ld_of_a_role_without_code_names_its_category(client, role):
    node = _occupation_node(client.get(role.get_absolute_url()))
    assert node["occupationalCategory"] == role.category.name
    assert "estimatedSalary" not in node


def test_compare_shows_both_roles_pay_side_by_side(client, site):
    text = text_of(client.get("/compare/data-scientist/soc-analyst/"))
    assert "Median pay per year, United States $120,230 $129,180" in text
    assert (
        "SOC occupation Data Scientists (15-2051) Information Security Analysts (15-1212)" in text
    )


def test_compare_shows_pay_for_the_same_state(client, site):
    text = text_of(client.get("/compare/data-scientist/mlops-engineer/?area=california"))
    assert "Median pay per year, California $141,590" in text
    assert "Nearest: Software Developers (15-1252)" in text
    assert client.get("/compare/data-scientist/mlops-engineer/?area=mars").status_code == 404


def test_text_download_carries_pay_with_its_source(client, site):
    text = client.get("/jobs/data-and-analytics/data-scientist.txt").content.decode()
    assert "Occupation: Data Scientists (SOC 15-2051)" in text
    assert "Median pay, United States: $120,230 a year, $57.80 an hour" in text
    assert (
        "Source: U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics, "
        "May 2025, published May 15, 2026. https://www.bls.gov/oes/tables.htm"
    ) in text


def test_category_page_sorts_roles_by_median_pay(client, site):
    text = text_of(client.get("/jobs/artificial-intelligence/?sort=pay"))
    titles = re.findall(r"(AI Solutions Architect|AI Product Manager|MLOps Engineer) ", text)
    # 11-3021 ($175,140) first, then software developers ($135,980), then 15-1299.
    assert titles[0] == "AI Product Manager"
    assert titles.index("AI Solutions Architect") > titles.index("MLOps Engineer")
    pays = [int(p.replace(",", "")) for p in re.findall(r"Median pay [^$]*\$([\d,]+) a year", text)]
    assert (
        len(pays)
        == Role.objects.published().filter(category__slug="artificial-intelligence").count()
    )
    assert pays == sorted(pays, reverse=True)
    assert "Median pay (nearest occupation) $135,980 a year" in text


def test_category_page_refuses_an_unknown_order(client, site):
    assert client.get("/jobs/artificial-intelligence/?sort=salary").status_code == 404


def test_sourced_fact_shows_its_source_on_the_page(client, site):
    text = text_of(client.get("/jobs/cybersecurity/soc-analyst/"))
    assert "29 percent, 2024\u201334, for information security analysts as a whole" in text
    assert "Source: BLS Employment Projections, 2024\u201334." in text


def test_search_results_can_be_ordered_by_median_pay(client, site):
    text = text_of(client.get("/search/", {"q": "engineer", "sort": "pay"}))
    pays = [
        int(p.replace(",", ""))
        for p in re.findall(r"median pay (?:\(nearest occupation\) )?\$([\d,]+)", text)
    ]
    assert len(pays) >= 3
    assert pays == sorted(pays, reverse=True)
    assert client.get("/search/", {"q": "engineer", "sort": "salary"}).status_code == 404


def test_sitemap_lists_the_explorer_and_occupations_covered_by_a_role(client, site):
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-occupations.xml" in index
    section = client.get("/sitemap-occupations.xml").content.decode()
    assert "/occupations/</loc>" in section
    assert "/occupations/15-2051/</loc>" in section
    assert "/occupations/29-1211/" not in section  # no role covers it: noindex


def test_explorer_sorts_a_top_coded_median_as_the_highest(client, pay_data):
    from roles.wages.models import Wage

    # Withhold chief executives' California median, as BLS does above its top-code.
    Wage.objects.filter(occupation="11-1011", area__slug="california").update(
        annual_median=None, top_coded="annual_median"
    )
    text = text_of(client.get("/occupations/?area=california&sort=pay"))
    rows = text.split("Occupation SOC code Median per year Jobs ", 1)[1]
    # It sorts at the top-code: after the medians BLS publishes above it (airline pilots are
    # paid by the year, so theirs may be), before every lower one.
    before, after = rows.split("Chief Executives 11-1011 $239,200 or more", 1)
    medians_before = [int(m.replace(",", "")) for m in re.findall(r"\$([\d,]+) ", before)]
    assert all(median > 239_200 for median in medians_before), medians_before
    first_after = int(re.search(r"\$([\d,]+)", after).group(1).replace(",", ""))
    assert first_after <= 239_200


def test_the_markdown_download_carries_pay_with_its_source_and_imports_back(client, catalogue):
    import tempfile
    from pathlib import Path

    from roles.editorial import imports
    from roles.models import Role

    role = Role.objects.published().exclude(soc=None).first()
    text = client.get(role.get_absolute_url().rstrip("/") + ".md").content.decode()
    pay = text.split("\n## Pay\n", 1)[1]
    assert "Median pay, United States: $" in pay
    assert "Source: " in pay and "bls.gov" in pay and "May 2025" in pay
    path = Path(tempfile.mkdtemp()) / f"{role.slug}.md"
    path.write_text(text)
    assert imports.import_files([path]).unchanged == [role.slug]


def test_occupation_page_rows_show_every_areas_figures_as_text(client, pay_data):
    """Each row of the tables by area (written by roles/templatetags/pay_tables.py) gives its
    area's medians, range and jobs; a figure BLS withholds is a dash or "or more", and an area
    name is text, never markup."""
    Area.objects.filter(kind=Area.Kind.METRO).update(name=Concat(F("name"), Value(" <b>&</b>")))
    response = client.get("/occupations/11-1011/")
    assert "<b>&</b>" not in response.content.decode()
    shown = {
        row.cssselect("th")[0].text_content(): [cell.text_content() for cell in row.cssselect("td")]
        for row in parse(response).cssselect("table.pay-table tbody tr")
    }
    wages = Wage.objects.filter(occupation="11-1011").select_related("area", "release")
    assert len(shown) == wages.count() > 2
    for pay in map(AreaPay, wages):
        assert shown[pay.area.display_name] == [
            str(pay.annual_median),
            str(pay.hourly_median) if pay.hourly_published else "—",
            f"{pay.low} to {pay.high}" if pay.has_range else "—",
            pay.employment,
        ]
    assert any(cells[2].endswith("or more") for cells in shown.values())
    assert any(name.endswith(" <b>&</b>") for name in shown)
