"""Career paths: the roles people typically move from and to, and what each move takes.

Editors declare a role's steps (roles.models.CareerStep: "comes from" or "moves to" another
role, by slug). A step is one fact about two roles, so it shows on both pages: a step of the
Registered Nurse toward the Nurse Practitioner is, on the Nurse Practitioner's page, a way in.
A step to a role that is not published (not written yet, a draft, taken down) is left out of
the page; the content checks flag it (roles/editorial/connection_checks.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from roles.models import CARD_FIELDS, LINK_FIELDS, CareerStep, Category, Role, TitleOrder


@dataclass(frozen=True)
class PathLink:
    """One move on a role's path: the other role (published) and what the move takes."""

    role: Role
    what_it_takes: str


@dataclass(frozen=True)
class CareerPath:
    comes_from: list[PathLink] = field(default_factory=list)
    moves_to: list[PathLink] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.comes_from or self.moves_to)

    @property
    def roles(self) -> list[Role]:
        return [link.role for link in (*self.comes_from, *self.moves_to)]


def career_path(role: Role) -> CareerPath:
    """The role's path both ways: its own steps (prefetched or read), in the editor's order,
    then the steps other published roles declare toward it. Two queries."""
    own = list(role.career_steps.all())
    published = Role.objects.published().as_cards()
    others = {r.slug: r for r in published.filter(slug__in={step.other_slug for step in own})}
    comes_from: dict[str, PathLink] = {}
    moves_to: dict[str, PathLink] = {}
    for step in own:
        other = others.get(step.other_slug)
        if other is None or other.pk == role.pk:
            continue
        side = comes_from if step.direction == CareerStep.Direction.FROM else moves_to
        side.setdefault(other.slug, PathLink(other, step.what_it_takes))
    toward = (
        CareerStep.objects.filter(other_slug=role.slug, role__in=Role.objects.published())
        .exclude(role=role.pk)
        .select_related("role__category")
        .only("role_id", "direction", "what_it_takes", *(f"role__{field}" for field in CARD_FIELDS))
        .order_by(TitleOrder("role__title"), "position", "pk")
    )
    for step in toward:
        # Their "moves to" this role is a way in here; their "comes from" it, a way on.
        side = moves_to if step.direction == CareerStep.Direction.FROM else comes_from
        side.setdefault(step.role.slug, PathLink(step.role, step.what_it_takes))
    return CareerPath(list(comes_from.values()), list(moves_to.values()))


# A ladder is drawn for at most this many roles of a category: the ones its steps connect.
LADDER_ROLES = 40


@dataclass(frozen=True)
class Rung:
    number: int
    roles: list[Role]


def category_ladder(category: Category) -> list[Rung]:
    """The category's roles that career steps connect to one another, in rungs: the first holds
    the roles nobody in the category moves up to, each next one the roles one move further
    on (the longest way in). Roles with no step inside the category, or only steps both ways,
    are not on it. Two
    queries, bounded by LADDER_ROLES whatever the size of the category."""
    in_category = Role.objects.published().filter(category=category)
    # Read from the roles' side, in title order: PostgreSQL then walks the category's roles on
    # the role_category_by_title index and stops at the limit, where steps filtered by a
    # subquery of the roles were all read and sorted first (7 ms at 10,000 roles, growing
    # with the category; now under 1 ms).
    steps = list(
        in_category.filter(career_steps__isnull=False)
        .order_by(TitleOrder(), "career_steps__position", "career_steps__pk")
        .values_list("slug", "career_steps__direction", "career_steps__other_slug")[
            : LADDER_ROLES * 8
        ]
    )
    named = {slug for own, _, other in steps for slug in (own, other)}
    members = {
        r.slug: r
        for r in in_category.filter(slug__in=named)
        .select_related("category")
        .only(*LINK_FIELDS)[: LADDER_ROLES * 2]
    }
    ups: dict[str, set[str]] = defaultdict(set)  # slug -> the slugs people move up to from it
    for own, direction, other in steps:
        if own in members and other in members and own != other:
            lower, upper = (own, other) if direction == CareerStep.Direction.TO else (other, own)
            ups[lower].add(upper)
    # Two roles people move between both ways (a lawyer to compliance and back) are on the
    # same footing: neither move says which is the higher rung.
    for lower in list(ups):
        for upper in list(ups[lower]):
            if lower in ups.get(upper, ()):
                ups[lower].discard(upper)
                ups[upper].discard(lower)
    connected = {lower for lower, uppers in ups.items() if uppers}
    connected |= {upper for uppers in ups.values() for upper in uppers}
    connected = set(sorted(connected)[:LADDER_ROLES])
    rung = dict.fromkeys(connected, 0)
    # Longest way in, by relaxation; a cycle (A to B and B to A) stops after len() rounds.
    for _ in range(len(connected)):
        moved = False
        for lower in connected:
            for upper in ups.get(lower, ()):
                if upper in connected and rung[upper] < rung[lower] + 1 <= len(connected):
                    rung[upper] = rung[lower] + 1
                    moved = True
        if not moved:
            break
    by_rung: dict[int, list[Role]] = defaultdict(list)
    for slug, number in rung.items():
        by_rung[number].append(members[slug])
    return [
        Rung(index, sorted(by_rung[number], key=lambda r: r.title.casefold()))
        for index, number in enumerate(sorted(by_rung), start=1)
    ]
