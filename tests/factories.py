"""Plain factory functions for test data; each call makes unique, complete, valid rows."""

from __future__ import annotations

import itertools
from datetime import timedelta

from django.utils import timezone

from roles import derived
from roles.models import FAQ, Category, Duty, Fact, QualificationGroup, Role

_sequence = itertools.count(1)


def make_category(**fields) -> Category:
    n = next(_sequence)
    defaults = {
        "name": f"Category {n}",
        "slug": f"category-{n}",
        "description": f"Roles in category {n}.",
    }
    return Category.objects.create(**{**defaults, **fields})


def make_role(
    *,
    category: Category | None = None,
    duties: int = 3,
    faqs: int = 2,
    facts: bool = True,
    **fields,
) -> Role:
    n = next(_sequence)
    category = category or make_category()
    defaults = {
        "title": f"Role {n}",
        "slug": f"role-{n}",
        "category": category,
        "summary": f"Role {n} does useful work for its employer every single day.",
        "overview": f"Overview of role {n}.",
        "career_outlook": f"Outlook of role {n}.",
        "cover_letter": f"Dear Hiring Manager,\n\nI want to be role {n}.",
        "status": Role.Status.PUBLISHED,
        "published_at": timezone.now() - timedelta(days=1),
    }
    role = Role.objects.create(**{**defaults, **fields})
    if facts:
        Fact.objects.create(
            role=role, kind=Fact.Kind.EDUCATION, label="Typical education", value="A degree"
        )
        Fact.objects.create(
            role=role, kind=Fact.Kind.EXPERIENCE, label="Typical experience", value="2-4 years"
        )
    Duty.objects.bulk_create(
        Duty(role=role, text=f"Duty {i} of role {n}", position=i) for i in range(duties)
    )
    QualificationGroup.objects.create(role=role, heading="Education", items="A degree\nCuriosity")
    FAQ.objects.bulk_create(
        FAQ(role=role, question=f"Question {i} about role {n}?", answer=f"Answer {i}.", position=i)
        for i in range(faqs)
    )
    derived.refresh(role_ids=[role.pk])  # bulk_create sends no signals
    return role
