from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from roles import derived
from roles.formats.dates import machine_datetime
from roles.models import Role
from tests.factories import make_category, make_role
from tests.html import parse, visible_text
from tests.roles.test_query_counts import ROLE_PAGE_QUERIES


def test_home_lists_categories_with_counts_and_recent_roles(client, category):
    make_role(category=category, title="Older Role")
    newest = make_role(category=category, title="Newest Role")
    Role.objects.filter(pk=newest.pk).update(content_updated_at=timezone.now())
    page = parse(client.get("/"))
    tiles = [" ".join(t.text_content().split()) for t in page.cssselect(".tile")]
    assert tiles == [f"{category.name} 2 roles"]
    recent = [a.text for a in page.cssselect("#recent-heading ~ .cards .card__title a")]
    assert recent[0] == "Newest Role"


def test_jobs_page_lists_every_category_with_published_roles(client, db):
    shown, hidden = make_category(name="Shown"), make_category(name="Hidden")
    make_role(category=shown)
    make_role(category=hidden, status=Role.Status.DRAFT)
    text = visible_text(client.get("/jobs/"))
    assert "Shown" in text
    assert "Hidden" not in text


def test_category_page_shows_cards_with_summary_education_and_experience(client, category):
    role = make_role(category=category, title="Data Wrangler")
    make_role(category=category, title="Secret Draft", status=Role.Status.DRAFT)
    response = client.get(category.get_absolute_url())
    assert response.status_code == 200
    page = parse(response)
    assert page.cssselect("h1")[0].text == category.name
    cards = page.cssselect(".card")
    assert len(cards) == 1
    card_text = " ".join(cards[0].text_content().split())
    assert "Data Wrangler" in card_text
    assert "does useful work" in card_text
    assert "A degree" in card_text and "2-4 years" in card_text
    assert cards[0].cssselect("a")[0].get("href") == role.get_absolute_url()


def test_role_page_structure(client, role):
    response = client.get(role.get_absolute_url())
    assert response.status_code == 200
    page = parse(response)
    assert [h.text for h in page.cssselect("h1")] == [role.title]
    crumbs = [" ".join(li.text_content().split()) for li in page.cssselect(".breadcrumbs li")]
    assert crumbs == ["Home", role.category.name, role.title]
    time = page.cssselect("time[datetime]")[0]
    assert time.get("datetime") == machine_datetime(role.content_updated_at)
    assert "Last updated" in time.getparent().text_content()
    assert [dt.text for dt in page.cssselect(".glance dl dt")] == [
        "Typical education",
        "Typical experience",
    ]
    assert [h.text for h in page.cssselect("article h2")] == [
        "Role at a glance",
        "Duties and responsibilities",
        "Overview",
        "Qualifications",
        "How to become one",
        "Career outlook",
        "Sample cover letter",
        "Frequently asked questions",
        "Sources and review",
    ]
    see_all = page.cssselect(".see-all a")[0]
    assert see_all.text == f"See all {role.category.name} jobs →"
    assert see_all.get("href") == role.category.get_absolute_url()


def test_duties_and_faqs_appear_in_the_editors_order(client, role):
    for text, position in [("Duty 0", 10), ("Duty 1", 5), ("Duty 2", 1)]:
        role.duties.filter(text__startswith=text).update(position=position)
    role.faqs.filter(question__startswith="Question 0").update(position=9)
    derived.refresh(role_ids=[role.pk])  # QuerySet.update sends no signals: report the write
    page = parse(client.get(role.get_absolute_url()))
    duties = [li.text.split(" of ")[0] for li in page.cssselect("#duties ~ ul li")]
    assert duties == ["Duty 2", "Duty 1", "Duty 0"]
    questions = [h.text.split(" about ")[0] for h in page.cssselect(".faq h3")]
    assert questions == ["Question 1", "Question 0"]


def test_draft_role_is_not_public(client, category):
    draft = make_role(category=category, status=Role.Status.DRAFT, published_at=None)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 404
    assert draft.title not in visible_text(client.get(category.get_absolute_url()))


def test_scheduled_role_is_hidden_until_its_publish_date(client, category):
    scheduled = make_role(category=category, published_at=timezone.now() + timedelta(days=1))
    assert client.get(scheduled.get_absolute_url()).status_code == 404
    Role.objects.filter(pk=scheduled.pk).update(published_at=timezone.now())
    assert client.get(scheduled.get_absolute_url()).status_code == 200


def test_role_under_the_wrong_category_redirects_to_its_address(client, role):
    other = make_category()
    response = client.get(f"/jobs/{other.slug}/{role.slug}/")
    assert response.status_code == 301
    assert response["Location"] == role.get_absolute_url()


@pytest.mark.parametrize(
    "url", ["/no-such-page/", "/jobs/no-such-category/", "/jobs/no-such/no-such-role/"]
)
def test_unknown_urls_get_a_friendly_404(client, db, url):
    response = client.get(url)
    assert response.status_code == 404
    text = visible_text(response)
    assert "We couldn't find that page" in text
    assert "Traceback" not in text


def test_role_page_query_count_does_not_grow_with_content(
    client, category, django_assert_max_num_queries
):
    small = make_role(category=category, duties=1, faqs=1)
    large = make_role(category=category, duties=40, faqs=30)
    for _ in range(10):
        make_role(category=category)
    for role in (small, large):
        with django_assert_max_num_queries(ROLE_PAGE_QUERIES):
            assert client.get(role.get_absolute_url()).status_code == 200


def test_category_page_query_count_does_not_grow_with_roles(
    client, category, django_assert_max_num_queries
):
    make_role(category=category)
    # The category, its count, its page of roles, their card facts and its career ladder.
    with django_assert_max_num_queries(6):
        assert client.get(category.get_absolute_url()).status_code == 200
    for _ in range(30):
        make_role(category=category, duties=5)
    with django_assert_max_num_queries(6):
        response = client.get(category.get_absolute_url())
    assert len(parse(response).cssselect(".card")) == 31


def test_home_page_query_count_does_not_grow_with_roles(
    client, category, django_assert_max_num_queries
):
    for _ in range(20):
        make_role(category=make_category())
    with django_assert_max_num_queries(3):
        assert client.get("/").status_code == 200


TEMPLATE_SYNTAX = re.compile(r"\{#|#\}|\{%|%\}|\{\{|\}\}")


def test_no_template_comment_spans_lines():
    """Django's {# #} comments end on the line they start; a longer one is printed on the page
    (the breadcrumbs once showed theirs on every page). Use {% comment %} instead."""
    unclosed = [
        f"{path.relative_to(settings.BASE_DIR)}:{number}"
        for path in (settings.BASE_DIR / "templates").rglob("*.html")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if line.count("{#") != line.count("#}")
    ]
    assert unclosed == []


def test_no_page_shows_template_syntax(client, catalogue):
    role = Role.objects.published().get(slug="ai-solutions-architect")
    urls = [
        "/",
        "/jobs/",
        role.category.get_absolute_url(),
        role.get_absolute_url(),
        "/roles/a-z/",
        "/roles/a-z/a/",
        "/compare/ai-solutions-architect/machine-learning-engineer/",
        "/compare/?a=ai-solutions-architect&b=zqxwv",
        "/search/?q=architect",
        "/search/?q=archtect",
        "/no-such-page/",
    ]
    for url in urls:
        leaked = TEMPLATE_SYNTAX.findall(visible_text(client.get(url)))
        assert leaked == [], url
