"""Synthetic roles for benchmarks and scale tests (`manage.py generate_roles`).

Everything generated is marked by its slug: categories and roles start with `gen-`, which no
real role uses, so `generate_roles --clear` removes exactly what it made and the fixtures' roles
are never touched. Rows are built in memory and written with `bulk_create` in batches: 10,000
roles with about 25 child rows each take seconds rather than minutes.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

from django.db import models, transaction
from django.utils import timezone

from roles import derived
from roles.models import (
    FAQ,
    AlternateTitle,
    CareerStep,
    Category,
    Duty,
    Fact,
    QualificationGroup,
    RemovedRole,
    Role,
)
from roles.redirects import removals_unrecorded

SLUG_PREFIX = "gen-"
# The tables generating or clearing roles writes to (child rows of deleted roles cascade).
WRITTEN_MODELS = (
    Category,
    Role,
    Fact,
    Duty,
    QualificationGroup,
    FAQ,
    AlternateTitle,
    CareerStep,
    RemovedRole,
)

CATEGORY_NAMES = [
    "Healthcare Operations",
    "Logistics and Supply Chain",
    "Finance and Accounting",
    "Public Sector Services",
    "Retail and E-commerce",
    "Energy and Utilities",
    "Education and Training",
    "Manufacturing",
    "Media and Publishing",
    "Legal and Compliance",
    "Hospitality",
    "Construction and Property",
]
SENIORITY = ["", "Junior", "Senior", "Lead", "Principal", "Associate", "Staff", "Head of"]
# "Cloud Security" and "Solutions" because readers search for them ("cloud security",
# "solutions architect"): a generated catalogue should answer the searches the bench times.
DOMAINS = [
    "Cloud",
    "Cloud Security",
    "Solutions",
    "Data",
    "Clinical",
    "Payments",
    "Warehouse",
    "Risk",
    "Customer",
    "Product",
    "Platform",
    "Field",
    "Quality",
    "Procurement",
    "Network",
    "Research",
    "Content",
    "Safety",
]
FUNCTIONS = [
    "Engineer",
    "Analyst",
    "Manager",
    "Coordinator",
    "Specialist",
    "Consultant",
    "Architect",
    "Technician",
    "Planner",
    "Officer",
    "Designer",
    "Administrator",
    "Scientist",
    "Auditor",
]
VERBS = [
    "Design",
    "Maintain",
    "Review",
    "Plan",
    "Coordinate",
    "Document",
    "Monitor",
    "Improve",
    "Report on",
    "Negotiate",
    "Test",
    "Audit",
    "Support",
    "Forecast",
    "Prioritise",
]
OBJECTS = [
    "the team's weekly delivery plan",
    "supplier contracts and their renewal dates",
    "incident reports and the fixes that follow",
    "budgets for the coming quarter",
    "data quality checks on shared dashboards",
    "onboarding material for new colleagues",
    "service levels agreed with internal customers",
    "risk registers and their mitigations",
    "the handover between day and night shifts",
    "tooling that removes repetitive work",
    "requirements gathered from stakeholders",
    "training sessions for end users",
]
SENTENCES = [
    "Most days mix planned work with requests that arrive unannounced.",
    "The role sits between specialists and the people who depend on their output.",
    "Good judgement matters more than any single tool or certificate.",
    "Employers value people who write clearly and explain trade-offs without jargon.",
    "Workloads peak around reporting deadlines and quieten in between.",
    "Remote and hybrid arrangements are common, though some sites require presence.",
    "Progression usually runs through broader ownership rather than deeper specialisation.",
    "Automation has removed routine tasks and raised the bar for analysis.",
    "Regulation shapes much of the work and changes every few years.",
    "Small organisations expect generalists; large ones split the work finely.",
    "Pay varies widely by sector, region and the size of the budget managed.",
    "Demand has grown steadily and shows little sign of slowing.",
]
EDUCATION = ["Bachelor's degree", "Vocational diploma", "Master's degree", "Apprenticeship"]
EXPERIENCE = ["0-2 years", "2-4 years", "3-5 years", "5-8 years", "8+ years"]
QUAL_HEADINGS = ["Education", "Technical skills", "Tools", "Soft skills", "Certifications"]
SKILLS = [
    "Spreadsheet modelling",
    "SQL",
    "Stakeholder management",
    "Written communication",
    "Project planning",
    "Python",
    "Budgeting",
    "Regulatory knowledge",
    "Negotiation",
    "Process mapping",
    "Presentation",
    "Root-cause analysis",
    "Vendor management",
]


@dataclass
class GeneratedCounts:
    roles: int
    categories: int
    child_rows: int


def _paragraphs(rng: random.Random, low: int, high: int) -> str:
    paragraphs = []
    for _ in range(rng.randint(low, high)):
        paragraphs.append(" ".join(rng.sample(SENTENCES, rng.randint(2, 6))))
    return "\n\n".join(paragraphs)


def _categories(count: int) -> list[Category]:
    wanted = CATEGORY_NAMES[: max(1, min(count, len(CATEGORY_NAMES)))]
    categories = []
    for position, name in enumerate(wanted):
        slug = SLUG_PREFIX + name.lower().replace(" and ", "-").replace(" ", "-")
        category, _ = Category.objects.get_or_create(
            slug=slug,
            defaults={
                "name": f"{name} (synthetic)",
                "description": f"Generated roles in {name.lower()}, for benchmarks and tests.",
                "ordering": 1000 + position,
            },
        )
        categories.append(category)
    return categories


def _next_number() -> int:
    """The first free number for a generated slug, so repeated runs add rather than collide."""
    last = Role.objects.filter(slug__startswith=SLUG_PREFIX).order_by("-pk").first()
    return int(last.slug.rsplit("-", 1)[1]) + 1 if last else 1


def _role(rng: random.Random, number: int, category: Category, now) -> Role:
    title = " ".join(
        part for part in (rng.choice(SENIORITY), rng.choice(DOMAINS), rng.choice(FUNCTIONS)) if part
    )
    roll = rng.random()
    status = Role.Status.DRAFT if roll < 0.03 else Role.Status.PUBLISHED
    # A few roles are scheduled for the coming weeks, the rest went live over the past years.
    offset = (
        timedelta(days=rng.randint(1, 30))
        if roll > 0.99
        else -timedelta(days=rng.randint(1, 1000), seconds=rng.randint(0, 86399))
    )
    summary = (
        f"{_article(title).capitalize()} {title.lower()} {_third_person(rng.choice(VERBS))} "
        f"{rng.choice(OBJECTS)} and {_third_person(rng.choice(VERBS))} {rng.choice(OBJECTS)}. "
        + " ".join(rng.sample(SENTENCES, rng.randint(1, 3)))
    )
    return Role(
        title=f"{title} {number}",
        slug=f"{SLUG_PREFIX}{title.lower().replace(' ', '-')}-{number:05d}",
        category=category,
        summary=summary,
        overview=_paragraphs(rng, 2, 6),
        career_outlook=_paragraphs(rng, 1, 4),
        cover_letter="Dear Hiring Manager,\n\n" + _paragraphs(rng, 2, 4) + "\n\nYours sincerely,",
        meta_description=summary[:157] + "..." if len(summary) > 160 else summary,
        status=status,
        published_at=None if status == Role.Status.DRAFT else now + offset,
        content_updated_at=now + min(offset, timedelta(0)),
    )


def _children(rng: random.Random, role: Role) -> Iterator[Fact | Duty | QualificationGroup | FAQ]:
    yield Fact(
        role=role,
        kind=Fact.Kind.EDUCATION,
        label="Typical education",
        value=rng.choice(EDUCATION),
        position=0,
    )
    yield Fact(
        role=role,
        kind=Fact.Kind.EXPERIENCE,
        label="Typical experience",
        value=rng.choice(EXPERIENCE),
        position=1,
    )
    if rng.random() < 0.6:
        yield Fact(
            role=role,
            kind=Fact.Kind.GROWTH,
            label="Growth outlook",
            value=rng.choice(["Steady", "Strong", "Declining", "Fast"]),
            position=2,
        )
    for position in range(rng.randint(4, 12)):
        yield Duty(role=role, position=position, text=f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}.")
    for position, heading in enumerate(rng.sample(QUAL_HEADINGS, rng.randint(2, 4))):
        yield QualificationGroup(
            role=role,
            position=position,
            heading=heading,
            items="\n".join(rng.sample(SKILLS, rng.randint(2, 6))),
        )
    for position in range(rng.randint(2, 6)):
        yield FAQ(
            role=role,
            position=position,
            question=(
                f"What does {_article(role.title)} {role.title.lower()} "
                f"{rng.choice(VERBS).lower()}?"
            ),
            answer=_paragraphs(rng, 1, 2),
        )


def generate_roles(
    count: int, *, seed: int = 0, categories: int = 12, batch_size: int = 1000
) -> GeneratedCounts:
    """Create `count` synthetic roles spread over generated categories, in batches."""
    rng = random.Random(seed)
    now = timezone.now()
    with transaction.atomic():
        cats = _categories(categories)
    first = _next_number()
    child_rows = 0
    for start in range(0, count, batch_size):
        numbers = range(first + start, first + min(start + batch_size, count))
        with transaction.atomic():
            roles = Role.objects.bulk_create(
                [_role(rng, n, rng.choice(cats), now) for n in numbers]
            )
            rows: dict[type[models.Model], list] = {
                Fact: [],
                Duty: [],
                QualificationGroup: [],
                FAQ: [],
            }
            for role in roles:
                for row in _children(rng, role):
                    rows[type(row)].append(row)
            rows[AlternateTitle] = [
                AlternateTitle(role=role, position=0, title=f"{rng.choice(DOMAINS)} {role.title}")
                for role in roles
            ]
            # Each role's path leads to one or two others of its batch, as a catalogue's would.
            rows[CareerStep] = [
                CareerStep(
                    role=role,
                    position=position,
                    direction=rng.choice(CareerStep.Direction.values),
                    other_slug=rng.choice(roles).slug,
                    what_it_takes=" ".join(rng.sample(SENTENCES, 1)),
                )
                for role in roles
                for position in range(rng.randint(1, 2))
            ]
            for model, objs in rows.items():
                model._default_manager.bulk_create(objs, batch_size=2000)
                child_rows += len(objs)
            # bulk_create sends no signals: report the batch, so its roles are searchable.
            derived.refresh(role_ids=[role.pk for role in roles], everything=True)
    return GeneratedCounts(roles=count, categories=len(cats), child_rows=child_rows)


def clear_generated_roles() -> tuple[int, int]:
    """Delete every generated role (children cascade) and generated category."""
    with transaction.atomic(), removals_unrecorded(), derived.one_refresh():
        _, deleted = Role.objects.filter(slug__startswith=SLUG_PREFIX).delete()
        RemovedRole.objects.filter(slug__startswith=SLUG_PREFIX).delete()
        generated = Category.objects.filter(slug__startswith=SLUG_PREFIX, roles__isnull=True)
        categories, _ = generated.delete()
    return deleted.get(Role._meta.label, 0), categories


def _article(noun: str) -> str:
    return "an" if noun[:1].lower() in "aeiou" else "a"


def _third_person(verb: str) -> str:
    """ "Report on" -> "reports on": the first word takes the -s."""
    first, _, rest = verb.lower().partition(" ")
    return f"{first}s {rest}".rstrip()
