"""The A-Z index: published roles grouped by the first letter of their titles.

Small catalogues get every role on /roles/a-z/. Large ones get the first few roles of each
letter there, and a page per letter (/roles/a-z/<letter>/, paginated), so no page lists the
whole catalogue. Titles that start with a digit or a sign share the group "#". The other titles
employers use for a role (its alternate titles) are listed too, each leading to the role: in
place among the titles when the index is one page, and on their letter's first page otherwise.
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models.functions import Substr, Upper
from django.urls import reverse

from roles.models import LINK_FIELDS, AlternateTitle, Role, RoleQuerySet, TitleOrder
from roles.paths import role_paths

OTHER = "#"
OTHER_SLUG = "other"
# Up to this many published roles, /roles/a-z/ lists them all.
ONE_PAGE_LIMIT = 300
# Beyond it, /roles/a-z/ shows this many roles a letter and links each letter's own page...
PREVIEW_PER_LETTER = 10
# ...which lists this many roles a page, and on its first page up to this many other titles.
ROLES_PER_LETTER_PAGE = 100
ALTERNATES_PER_LETTER = 200


# What an entry shows of its role: its title and link, and its category's name.
ROLE_FIELDS = (*LINK_FIELDS, "category__name")


@dataclass(frozen=True)
class Entry:
    """A line of the index: a role under its own title, or under another title it goes by,
    with the path of the role's page (from roles.paths: one reverse() for the whole index)."""

    title: str
    role: Role
    url: str
    alternate: bool = False


@dataclass
class Letter:
    name: str
    count: int = 0
    # The initials as the database upper-cases them (SQLite leaves non-ASCII letters alone, so
    # "é" and "É" both land here), for filtering this letter's roles in SQL.
    initials: list[str] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return OTHER_SLUG if self.name == OTHER else self.name.lower()

    @property
    def url(self) -> str:
        return reverse("roles:role-index-letter", kwargs={"letter": self.slug})

    @property
    def label(self) -> str:
        """How a sentence names the letter: "Roles starting with {label}"."""
        return "a digit or a sign" if self.name == OTHER else self.name

    @property
    def anchor(self) -> str:
        return f"letter-{self.name}" if self.name != OTHER else "letter-other"


def letter_name(initial: str) -> str:
    initial = initial.upper()
    return initial if initial.isalpha() else OTHER


def name_for_slug(slug: str) -> str | None:
    if slug == OTHER_SLUG:
        return OTHER
    return slug.upper() if len(slug) == 1 and slug.isalpha() and slug == slug.lower() else None


def canonical_slug(slug: str) -> str | None:
    """The one address of the letter a reader typed, or None if `slug` names no letter:
    "A" is "a", "OTHER" is "other", and a digit or a sign ("0", "#", "&") is "other", where
    titles starting with one are listed. Letter pages redirect everything else to it."""
    if slug.lower() == OTHER_SLUG:
        return OTHER_SLUG
    if len(slug) != 1 or not slug.isprintable() or slug.isspace():
        return None
    return slug.lower() if slug.isalpha() else OTHER_SLUG


def letters(published: RoleQuerySet) -> dict[str, Letter]:
    """The letters that have published roles, in order (A-Z, other letters, then "#"), with
    their counts. One query."""
    found: dict[str, Letter] = {}
    for initial, count in published.count_by_initial().items():
        letter = found.setdefault(letter_name(initial), Letter(letter_name(initial)))
        letter.count += count
        letter.initials.append(initial)
    return dict(sorted(found.items(), key=lambda item: (item[0] == OTHER, item[0])))


def alphabet(present: dict[str, Letter]) -> list[tuple[str, Letter | None]]:
    """The letter bar: A to Z whether or not they have roles, then any other groups."""
    names = list(string.ascii_uppercase) + [n for n in present if n not in string.ascii_uppercase]
    return [(name, present.get(name)) for name in names]


def alternates(published: RoleQuerySet, initials: list[str]) -> list[Entry]:
    """The first alternate titles of published roles with the given initials (as
    with_initial() upper-cases them), in title order, each with its role. One query."""
    rows = (
        AlternateTitle.objects.filter(role__in=published)
        .annotate(initial=Upper(Substr("title", 1, 1)))
        .filter(initial__in=initials)
        .select_related("role__category")
        .only("title", *(f"role__{name}" for name in ROLE_FIELDS))
        .order_by(TitleOrder())
    )
    path = role_paths()
    return [
        Entry(a.title, a.role, path(a.role.category.slug, a.role.slug), alternate=True)
        for a in rows[:ALTERNATES_PER_LETTER]
    ]


def alternates_of(roles: Iterable[Role]) -> list[Entry]:
    """The alternate titles of `roles` (prefetched as `alternate_titles`), each with its
    role."""
    path = role_paths()
    return [
        Entry(other.title, role, path(role.category.slug, role.slug), alternate=True)
        for role in roles
        for other in role.alternate_titles.all()
    ]


def _in_order(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda entry: (entry.title.casefold(), entry.alternate))


def fill(present: dict[str, Letter], roles, other_titles: Iterable[Entry] = ()) -> list[Letter]:
    """`present` with each letter's `entries`: its roles from `roles` and, in place among
    them, `other_titles`."""
    path = role_paths()
    for role in roles:
        entry = Entry(role.title, role, path(role.category.slug, role.slug))
        present[letter_name(role.title[:1])].entries.append(entry)
    for entry in other_titles:
        name = letter_name(entry.title[:1])
        present.setdefault(name, Letter(name)).entries.append(entry)
    for letter in present.values():
        letter.entries = _in_order(letter.entries)
    ordered = sorted(present.values(), key=lambda letter: (letter.name == OTHER, letter.name))
    return [letter for letter in ordered if letter.entries]
