"""Content checks on how a role connects to the others: its alternate titles, its career path
and the related roles editors pinned or hid. Each reads the role's prefetched rows and at most
three small queries."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q

from roles.models import AlternateTitle, RelatedChoice, Role

# A move's sentence says what it takes: long enough to say it, short enough to stay one.
WHAT_IT_TAKES_WORDS = (8, 45)


def _problem(code: str, message: str):
    from roles.editorial.content_checks import Problem

    return Problem(code, message)


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


def alternate_titles(role: Role) -> list:
    titles = [a.title for a in role.alternate_titles.all()]
    if not titles:
        return [
            _problem(
                "alternate_titles",
                "No alternate titles: list the other titles employers use for the job "
                "(Also known as).",
            )
        ]
    problems, seen = [], set()
    for title in titles:
        if _folded(title) == _folded(role.title):
            problems.append(
                _problem("alternate_titles", f"Alternate title “{title}” is the role's own title.")
            )
        elif _folded(title) in seen:
            problems.append(
                _problem("alternate_titles", f"Alternate title “{title}” is listed twice.")
            )
        seen.add(_folded(title))
    # A title that names another role would send a reader searching it to the wrong page.
    same = reduce(or_, (Q(title__iexact=title) for title in titles))
    for other in Role.objects.filter(same).exclude(pk=role.pk).values_list("title", flat=True):
        problems.append(
            _problem("alternate_titles", f"Alternate title “{other}” is another role's title.")
        )
    elsewhere = (
        AlternateTitle.objects.filter(same)
        .exclude(role=role.pk)
        .values_list("title", "role__title")
        .order_by("role__title")
    )
    for title, other in elsewhere:
        problems.append(
            _problem(
                "alternate_titles",
                f"Alternate title “{title}” is also listed for {other}: give it to one role.",
            )
        )
    return problems


def career_path(role: Role) -> list:
    steps = list(role.career_steps.all())
    if not steps:
        return []  # missing_sections reports the empty "Career path"
    published = set(
        Role.objects.published()
        .filter(slug__in={s.other_slug for s in steps})
        .values_list("slug", flat=True)
    )
    problems, seen = [], set()
    low, high = WHAT_IT_TAKES_WORDS
    for step in steps:
        side = step.get_direction_display()
        if step.other_slug == role.slug:
            problems.append(_problem("career_path", f"Career path: {side} names the role itself."))
            continue
        if step.other_slug not in published:
            problems.append(
                _problem(
                    "career_path",
                    f"Career path: {side} “{step.other_slug}” is no published role "
                    "(readers do not see it).",
                )
            )
        if (step.direction, step.other_slug) in seen:
            problems.append(
                _problem("career_path", f"Career path: {side} “{step.other_slug}” is given twice.")
            )
        seen.add((step.direction, step.other_slug))
        count = len(step.what_it_takes.split())
        if not low <= count <= high:
            problems.append(
                _problem(
                    "career_path",
                    f"Career path: what the move to or from “{step.other_slug}” takes is "
                    f"{count} words; aim for {low}-{high} (one sentence).",
                )
            )
    return problems


def related_choices(role: Role) -> list:
    choices = list(role.related_choices.all())
    if not choices:
        return []
    published = set(
        Role.objects.published()
        .filter(slug__in={c.other_slug for c in choices})
        .values_list("slug", flat=True)
    )
    problems = []
    by_slug: dict[str, set[str]] = {}
    for choice in choices:
        by_slug.setdefault(choice.other_slug, set()).add(choice.choice)
        if choice.other_slug not in published or choice.other_slug == role.slug:
            problems.append(
                _problem(
                    "related_choice",
                    f"Related roles: {choice.get_choice_display().lower()} "
                    f"“{choice.other_slug}” names no other published role.",
                )
            )
    for slug, kinds in by_slug.items():
        if kinds == {RelatedChoice.Choice.PIN, RelatedChoice.Choice.HIDE}:
            problems.append(
                _problem("related_choice", f"Related roles: “{slug}” is both pinned and hidden.")
            )
    return problems


CODES = frozenset({"alternate_titles", "career_path", "related_choice"})
CHECKS = [alternate_titles, career_path, related_choices]
