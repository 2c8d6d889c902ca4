"""The reference role, as it was published, must survive in the fixtures without loss."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from roles.models import Category, Role
from tests.html import normalise, visible_text

SEED = Path(settings.BASE_DIR).parent / "shared" / "seed" / "ai-solutions-architect.txt"
# The first line is the masthead of the site the role was first published on, not content.
SOURCE_MASTHEAD = "JobDescription.org"
BULLETS = "•·-*"


def seed_content_lines() -> list[str]:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    content = (normalise(line).lstrip(BULLETS).strip() for line in lines)
    return [line for line in content if line and line != SOURCE_MASTHEAD]


@pytest.mark.skipif(not SEED.exists(), reason=f"reference seed not found at {SEED}")
def test_role_page_carries_every_line_of_the_reference_role(client, catalogue):
    response = client.get("/jobs/artificial-intelligence/ai-solutions-architect/")
    assert response.status_code == 200
    page = visible_text(response)
    missing = [line for line in seed_content_lines() if line not in page]
    assert missing == []
    assert len(seed_content_lines()) > 80  # the seed really was read


def test_reference_role_is_in_the_artificial_intelligence_category(catalogue):
    role = Role.objects.get(slug="ai-solutions-architect")
    assert role.category.name == "Artificial Intelligence"
    assert [f.label for f in role.facts.all()] == [
        "Typical education",
        "Typical experience",
        "Key certifications",
        "Top employer types",
        "Growth outlook",
        "AI impact (through 2030)",
    ]
    assert role.duties.count() == 10
    assert [g.heading for g in role.qualification_groups.all()] == [
        "Education",
        "Experience benchmarks",
        "Cloud and infrastructure",
        "ML and GenAI technical depth",
        "MLOps and observability",
        "Certifications that signal credibility",
    ]
    assert role.faqs.count() == 5


def test_catalogue_has_complete_roles_across_categories(catalogue):
    published = Role.objects.published()
    assert published.count() >= 12
    assert Category.objects.listed().count() >= 4
    assert published.filter(category__slug="artificial-intelligence").count() >= 4
    for role in published.prefetch_related("facts", "duties", "qualification_groups", "faqs"):
        incomplete = [
            section
            for section, present in {
                "summary": role.summary,
                "overview": role.overview,
                "career outlook": role.career_outlook,
                "cover letter": role.cover_letter,
                "facts": role.facts.all(),
                "duties": role.duties.all(),
                "qualifications": role.qualification_groups.all(),
                "faqs": role.faqs.all(),
            }.items()
            if not present
        ]
        assert incomplete == [], f"{role.slug} lacks {incomplete}"
