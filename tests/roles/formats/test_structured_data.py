"""The JSON-LD of each page type, read the way a search engine reads it: parsed from the page,
checked for its types and required properties, and compared with what the page shows."""

from __future__ import annotations

import json

import lxml.html
import pytest
from django.core.cache import cache

from roles.formats.structured_data import to_json_ld
from roles.models import FAQ, Role
from tests.factories import make_role
from tests.html import normalise, parse

SITE = "https://roles.example"


@pytest.fixture(autouse=True)
def public_site_url(settings):
    settings.SITE_URL = SITE
    cache.clear()


def json_ld(response) -> dict[str, dict]:
    """The page's JSON-LD nodes by @type (each type appears once on our pages)."""
    page = parse(response)
    scripts = page.xpath('//script[@type="application/ld+json"]')
    assert len(scripts) == 1
    data = json.loads(scripts[0].text)
    assert data["@context"] == "https://schema.org"
    nodes = {}
    for node in data["@graph"]:
        assert node["@type"] not in nodes
        nodes[node["@type"]] = node
    return nodes


def visible_breadcrumbs(response) -> list[str]:
    return [normalise(li.text_content()) for li in parse(response).cssselect(".breadcrumbs li")]


def assert_breadcrumbs_match_the_page(response, nodes: dict) -> None:
    items = nodes["BreadcrumbList"]["itemListElement"]
    assert [item["position"] for item in items] == list(range(1, len(items) + 1))
    assert [item["name"] for item in items] == visible_breadcrumbs(response)
    assert all(item["item"].startswith(f"{SITE}/") for item in items)


def test_role_page_has_occupation_breadcrumbs_and_every_faq(client, catalogue):
    role = Role.objects.published().get(slug="ai-solutions-architect")
    response = client.get(role.get_absolute_url())
    page = parse(response)
    nodes = json_ld(response)
    assert set(nodes) == {"Occupation", "BreadcrumbList", "FAQPage"}

    occupation = nodes["Occupation"]
    canonical = f"{SITE}{role.get_absolute_url()}"
    assert occupation["name"] == normalise(page.findtext(".//h1"))
    assert occupation["description"] == role.summary
    # The role's SOC code (roles/wages/structured_data.py); without one, the category's name.
    assert occupation["occupationalCategory"]["codeValue"] == role.soc_id == "15-1299"
    assert occupation["educationRequirements"] == role.typical_education
    assert occupation["experienceRequirements"] == role.typical_experience
    assert occupation["mainEntityOfPage"] == {
        "@type": "WebPage",
        "@id": canonical,
        "lastReviewed": role.reviewed_on.isoformat(),
    }
    assert occupation["dateModified"] == page.xpath("//time/@datetime")[0]
    duties = [normalise(li.text_content()) for li in page.cssselect("#duties + ul li")]
    assert occupation["responsibilities"] == duties
    assert len(occupation["qualifications"]) == len(page.cssselect("#qualifications ~ h3"))
    skills_shown = {
        normalise(li.text_content()) for li in page.cssselect("section[aria-labelledby] ul li")
    }
    assert occupation["skills"], "the reference role lists technical skills"
    assert set(occupation["skills"]) <= skills_shown
    assert not any(s.startswith("Bachelor") for s in occupation["skills"]), "education is no skill"

    assert_breadcrumbs_match_the_page(response, nodes)

    questions_on_page = [normalise(h.text_content()) for h in page.cssselect(".faq h3")]
    faq = nodes["FAQPage"]["mainEntity"]
    assert [q["name"] for q in faq] == questions_on_page
    assert len(faq) == FAQ.objects.filter(role=role).count()
    answers_on_page = [normalise(div.text_content()) for div in page.cssselect(".faq .prose")]
    answers_in_json = [
        normalise(parse_fragment(q["acceptedAnswer"]["text"]).text_content()) for q in faq
    ]
    assert answers_in_json == answers_on_page


def parse_fragment(html: str) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(html, create_parent="div")


def test_a_new_faq_shows_on_the_page_and_in_faqpage_together(client, role):
    FAQ.objects.create(role=role, question="Is there night work?", answer="Often.", position=99)
    response = client.get(role.get_absolute_url())
    names = [q["name"] for q in json_ld(response)["FAQPage"]["mainEntity"]]
    assert names[-1] == "Is there night work?"
    assert "Is there night work?" in [h.text for h in parse(response).cssselect(".faq h3")]


def test_role_without_faqs_has_no_empty_faqpage(client, category):
    role = make_role(category=category, faqs=0)
    assert "FAQPage" not in json_ld(client.get(role.get_absolute_url()))


def test_category_page_has_a_collection_of_its_listed_roles(client, catalogue):
    role = Role.objects.published().select_related("category").first()
    category = role.category
    response = client.get(category.get_absolute_url())
    nodes = json_ld(response)
    assert set(nodes) == {"CollectionPage", "BreadcrumbList"}
    collection = nodes["CollectionPage"]
    assert collection["name"] == category.name
    assert collection["url"] == f"{SITE}{category.get_absolute_url()}"
    shown = normalise(parse(response).cssselect(".lead")[0].text_content())
    assert collection["description"] == shown
    item_list = collection["mainEntity"]
    assert item_list["@type"] == "ItemList"
    cards = parse(response).cssselect(".card__title a")
    assert [i["name"] for i in item_list["itemListElement"]] == [a.text for a in cards]
    assert [i["url"] for i in item_list["itemListElement"]] == [
        f"{SITE}{a.get('href')}" for a in cards
    ]
    assert item_list["numberOfItems"] == len(cards)
    assert_breadcrumbs_match_the_page(response, nodes)


def test_home_page_has_website_and_organization(client, catalogue):
    nodes = json_ld(client.get("/"))
    assert set(nodes) == {"WebSite", "Organization"}
    assert nodes["WebSite"]["name"] == nodes["Organization"]["name"] == "RoleAtlas"
    assert nodes["WebSite"]["url"] == nodes["Organization"]["url"] == f"{SITE}/"
    assert nodes["WebSite"]["publisher"] == {"@id": nodes["Organization"]["@id"]}


def test_category_list_has_a_collection_page_and_breadcrumbs(client, catalogue):
    response = client.get("/jobs/")
    nodes = json_ld(response)
    assert nodes["CollectionPage"]["url"] == f"{SITE}/jobs/"
    assert_breadcrumbs_match_the_page(response, nodes)


def test_text_that_looks_like_markup_cannot_break_out_of_the_script(client, category):
    hostile = 'Role </script><script>alert("x")</script> & more'
    role = make_role(category=category, title=hostile)
    response = client.get(role.get_absolute_url())
    body = response.content.decode()
    assert "<script>alert" not in body
    assert json_ld(response)["Occupation"]["name"] == hostile


def test_json_ld_escapes_angle_brackets_and_ampersands():
    rendered = to_json_ld([{"name": "</script>&"}])
    assert "<" not in rendered and ">" not in rendered and "&" not in rendered
    assert json.loads(rendered)["@graph"][0]["name"] == "</script>&"
