"""Related roles, each with the reason it is suggested.

In order: the roles editors pinned (with their reason), the roles on the career path both ways,
then roles of the same category or the same SOC occupation group, those sharing qualifications
with the role first. Roles editors hid never appear. A bounded number of indexed queries
whatever the size of the catalogue: no scan of the roles table per request.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, prefetch_related_objects

from roles.career_paths import CareerPath
from roles.models import Fact, QualificationGroup, RelatedChoice, Role

# Candidates read for the last places: enough to find shared qualifications among them.
CANDIDATES = 24
SHARED_SHOWN = 2


@dataclass(frozen=True)
class Suggestion:
    role: Role
    reason: str


def _items(groups) -> dict[str, str]:
    """A role's qualification items by their folded text (the text as written)."""
    return {" ".join(item.casefold().split()): item for group in groups for item in group.item_list}


def related_roles(role: Role, path: CareerPath, limit: int) -> list[Suggestion]:
    choices = list(role.related_choices.all())
    hidden = {c.other_slug for c in choices if c.choice == RelatedChoice.Choice.HIDE}
    hidden.add(role.slug)
    chosen: dict[str, Suggestion] = {}

    def offer(other: Role, reason: str) -> None:
        if other.slug not in hidden and other.slug not in chosen and len(chosen) < limit:
            chosen[other.slug] = Suggestion(other, reason)

    pins = [c for c in choices if c.choice == RelatedChoice.Choice.PIN]
    if pins:
        published = Role.objects.published().as_cards()
        pinned = {r.slug: r for r in published.filter(slug__in=[p.other_slug for p in pins])}
        for pin in pins:
            if pin.other_slug in pinned:
                offer(pinned[pin.other_slug], pin.reason or "Chosen by our editors")
    for link in path.moves_to:
        offer(link.role, "Career path: a common next step from this role")
    for link in path.comes_from:
        offer(link.role, "Career path: a common way into this role")
    if len(chosen) < limit:
        for other, reason in _nearby(role, exclude=hidden | set(chosen)):
            offer(other, reason)
    suggestions = list(chosen.values())
    card_facts = Fact.objects.filter(kind__in=[Fact.Kind.EDUCATION, Fact.Kind.EXPERIENCE])
    prefetch_related_objects(
        [s.role for s in suggestions], Prefetch("facts", queryset=card_facts, to_attr="card_facts")
    )
    return suggestions


def _nearby(role: Role, exclude: set[str]) -> list[tuple[Role, str]]:
    """Roles of the same category or SOC occupation group, most recently updated first, those
    sharing qualifications with the role ahead, each with its reason. Two queries."""
    near = Q(category=role.category_id)
    group = role.soc.parent_id if role.soc_id and role.soc else None
    if group:
        near |= Q(soc__parent=group)
    nearest = (
        Role.objects.published()
        .filter(near)
        .exclude(slug__in=exclude)
        .exclude(pk=role.pk)
        .order_by("-content_updated_at", "pk")[:CANDIDATES]
    )
    candidates = list(
        nearest.as_cards("soc__parent_id", "soc__parent__title").select_related("soc__parent")
    )
    # Read by the same bounded subquery, so it is one query whatever the candidates are.
    qualifications: dict[int, list[QualificationGroup]] = {}
    groups = QualificationGroup.objects.filter(role__in=nearest.values("pk"))
    for row in groups.only("role_id", "items"):
        qualifications.setdefault(row.role_id, []).append(row)
    own = _items(role.qualification_groups.all())
    ranked = []
    for order, other in enumerate(candidates):
        theirs = _items(qualifications.get(other.pk, []))
        shared = [own[key] for key in own if key in theirs]
        same_group = bool(group) and other.soc is not None and other.soc.parent_id == group
        if shared:
            reason = "Shared qualifications: " + "; ".join(shared[:SHARED_SHOWN])
        elif same_group and other.soc is not None and other.soc.parent is not None:
            reason = f"Same occupation group: {other.soc.parent.title}"
        else:
            reason = f"Also in {role.category.name}"
        ranked.append((-len(shared), not same_group, order, other, reason))
    ranked.sort(key=lambda row: row[:3])
    return [(other, reason) for *_, other, reason in ranked]
