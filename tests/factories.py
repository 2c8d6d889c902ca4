"""Plain factory functions for test data; each call makes unique, complete, valid rows."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone
from django.utils.text import slugify

from roles import derived
from roles.content import ENTRY_STAGES
from roles.models import (
    FAQ,
    AlternateTitle,
    CareerStep,
    Category,
    Duty,
    Fact,
    QualificationGroup,
    Role,
)

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
    career_step: bool = True,
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
        **{stage.field: f"{stage.title} for role {n}." for stage in ENTRY_STAGES},
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
    if career_step:
        # Toward a role not written yet: the section is there, the page shows no path.
        CareerStep.objects.create(
            role=role,
            direction=CareerStep.Direction.TO,
            other_slug=f"{role.slug}-next",
            what_it_takes="A few years of the work and one more credential make the move.",
        )
    derived.refresh(role_ids=[role.pk])  # bulk_create sends no signals
    return role


def make_many_roles(category: Category, count: int, title: Callable[[int], str]) -> list[Role]:
    """`count` bare published roles in one INSERT, for query plans at scale: role n is called
    title(n), its slug that slugified. Signals do not run (no search vectors, no versions)."""
    now = timezone.now()
    return Role.objects.bulk_create(
        Role(
            category=category,
            title=title(n),
            slug=slugify(title(n)),
            summary="s",
            status=Role.Status.PUBLISHED,
            published_at=now,
        )
        for n in range(count)
    )


def prose(n: int, words: int, what: str) -> str:
    """`words` words of plain sentences unique to role `n` (no sentence is shared between
    roles), ten words a sentence."""
    sentences = [
        f"Role {n} {what} sentence {i} says one plain thing about the work."
        for i in range(words // 11 + 1)
    ]
    return " ".join(" ".join(sentences).split()[:words]).rstrip(".") + "."


def make_complete_role(*, category: Category | None = None, partner: bool = True, **fields) -> Role:
    """A role that meets every measurable rule of docs/editorial-guide.md: its content checks
    find nothing (given a meta description), whatever other roles exist. A career path needs a
    published role at its other end: with `partner`, a second complete role is made in the
    same category, the next step from this one."""
    n = next(_sequence)
    defaults = {
        "title": f"Complete Role {n}",
        "slug": f"complete-role-{n}",
        "summary": prose(n, 80, "summary"),
        "overview": prose(n, 450, "overview"),
        "career_outlook": prose(n, 400, "outlook"),
        "cover_letter": prose(n, 250, "letter"),
        **{stage.field: prose(n, 50, stage.field) for stage in ENTRY_STAGES},
        "meta_description": f"What complete role {n} does: duties, skills, pay and outlook.",
    }
    role = make_role(
        category=category,
        duties=0,
        faqs=0,
        facts=False,
        career_step=False,
        **{**defaults, **fields},
    )
    QualificationGroup.objects.filter(role=role).delete()
    facts = [
        (Fact.Kind.EDUCATION, "Typical education", "Bachelor's degree", ""),
        (Fact.Kind.EXPERIENCE, "Typical experience", "0-2 years entry level; 5+ years senior", ""),
        (Fact.Kind.CERTIFICATIONS, "Key certifications", "None required", ""),
        (Fact.Kind.EMPLOYERS, "Top employer types", "Hospitals, clinics", ""),
        (
            Fact.Kind.GROWTH,
            "Growth outlook",
            "5 percent, 2024-34",
            "BLS Employment Projections, 2024-34",
        ),
        (Fact.Kind.AI_IMPACT, "AI impact", "Low: AI drafts the paperwork.", ""),
    ]
    Fact.objects.bulk_create(
        Fact(role=role, kind=kind, label=label, value=value, source_name=source, position=i)
        for i, (kind, label, value, source) in enumerate(facts)
    )
    Duty.objects.bulk_create(
        Duty(role=role, text=f"Duty {i} of complete role {n}", position=i) for i in range(9)
    )
    groups = [
        ("Education", "A degree"),
        ("Experience benchmarks", "Entry level: 0-2 years\nSenior: 5+ years"),
        ("Skills", "Care\nPatience"),
    ]
    QualificationGroup.objects.bulk_create(
        QualificationGroup(role=role, heading=heading, items=items, position=i)
        for i, (heading, items) in enumerate(groups)
    )
    FAQ.objects.bulk_create(
        FAQ(
            role=role,
            question=f"Question {i} about role {n}?",
            answer=prose(n, 60, f"faq {i}"),
            position=i,
        )
        for i in range(5)
    )
    AlternateTitle.objects.create(role=role, title=f"Whole Role {n}")
    derived.refresh(role_ids=[role.pk])
    if partner:
        next_step = make_complete_role(
            category=role.category,
            partner=False,
            title=f"Next Step {n}",
            slug=f"next-step-{n}",
            meta_description=f"What next step {n} does: duties, skills, pay and outlook.",
        )
        make_career_step(role, CareerStep.Direction.TO, next_step)
        make_career_step(next_step, CareerStep.Direction.FROM, role)
    return role


def make_career_step(role: Role, direction: str, other: Role | str, **fields) -> CareerStep:
    """A step of `role`'s career path toward or from `other` (a role or a slug)."""
    defaults = {
        "what_it_takes": "A few years of the work and one more credential make the move.",
        "position": role.career_steps.count() + 1,
    }
    slug = other if isinstance(other, str) else other.slug
    return CareerStep.objects.create(
        role=role, direction=direction, other_slug=slug, **{**defaults, **fields}
    )
