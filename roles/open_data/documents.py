"""The catalogue as plain data: what the API, the per-role `.json` and the bulk files say about
a category, a role, an occupation, a pay figure and a data release. One source, so that the
three cannot drift apart.

A role is serialised generically: its own fields from roles.content.READER_FIELDS (what a
reader sees on its page), its sections in page order from roles.content.SECTIONS and its rows
from roles.models.ROW_KINDS, each with the fields its RowKind lists. A new section, row kind or
reader field appears here, in the API's schema and in the CSV files without an edit.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.urls import reverse

from roles.content import READER_FIELDS, SECTIONS
from roles.models import ROW_KINDS, Category, Role, RowKind
from roles.open_data.fields import field_value, json_value
from roles.seo import absolute_url
from roles.wages.models import WAGE_FIGURES, Area, DataRelease, Occupation, Wage

# Reader fields shown as objects of their own rather than as keys: the role's category and its
# SOC occupation (with `soc_is_nearest`).
NESTED_FIELDS = {"category_id", "soc_id", "soc_is_nearest"}


def role_fields() -> list[models.Field]:
    """The role's own fields a reader sees, as plain values: READER_FIELDS less the nested
    ones. A related field other than those has no plain value a reader could use (a user's
    key, say) and is left out until it is given an object of its own here."""
    found = []
    for name in READER_FIELDS:
        if name in NESTED_FIELDS:
            continue
        field = Role._meta.get_field(name)
        if not field.is_relation and isinstance(field, models.Field):
            found.append(field)
    return found


def row_fields(kind: RowKind) -> list[models.Field]:
    return [kind.model._meta.get_field(name) for name in kind.fields]  # type: ignore[misc]


def sections() -> list[dict[str, Any]]:
    """The role page's sections in page order: each names the keys that hold it."""
    return [
        {"anchor": s.anchor, "title": s.title, "keys": list(s.fields or (s.source,))}
        for s in SECTIONS
    ]


def _role_addresses(role: Role) -> dict[str, str]:
    kwargs = {"category_slug": role.category.slug, "role_slug": role.slug}
    return {
        "url": absolute_url(role.get_absolute_url()),
        "json_url": absolute_url(reverse("roles:detail-json", kwargs=kwargs)),
        "markdown_url": absolute_url(reverse("roles:detail-markdown", kwargs=kwargs)),
        "text_url": absolute_url(reverse("roles:detail-text", kwargs=kwargs)),
    }


def category_reference(category: Category) -> dict[str, Any]:
    return {
        "slug": category.slug,
        "name": category.name,
        "url": absolute_url(category.get_absolute_url()),
    }


def category_document(category: Category) -> dict[str, Any]:
    """A listed category (from Category.objects.listed(), which counts its published roles)."""
    return {
        **category_reference(category),
        "description": category.description,
        "role_count": category.published_role_count,  # type: ignore[attr-defined]
        "updated_at": json_value(category.updated_at),
    }


def occupation_reference(role: Role) -> dict[str, Any] | None:
    if role.soc_id is None:
        return None
    assert role.soc is not None
    return {"code": role.soc.code, "title": role.soc.title, "nearest": role.soc_is_nearest}


def role_summary(role: Role) -> dict[str, Any]:
    """A role in a list: who it is and where to read it (category and occupation joined)."""
    return {
        "slug": role.slug,
        "title": role.title,
        **_role_addresses(role),
        "category": category_reference(role.category),
        "occupation": occupation_reference(role),
        "summary": role.summary,
        "published_at": json_value(role.published_at),
        "content_updated_at": json_value(role.content_updated_at),
    }


def role_rows(role: Role, kind: RowKind) -> list[dict[str, Any]]:
    """The role's rows of one kind as shown, in order (from prefetched rows when there are)."""
    names = [field.name for field in row_fields(kind)]
    rows = getattr(role, kind.related_name).all()
    return [
        {"position": row.position, **{name: field_value(row, name) for name in names}}
        for row in rows
    ]


def role_document(role: Role) -> dict[str, Any]:
    """Everything the role's page shows but pay, keyed by field and row kind, with the
    sections in page order. Rows come from prefetches (Role.objects.with_page_content())."""
    return {
        **role_summary(role),
        **{field.name: field_value(role, field.name) for field in role_fields()},
        "sections": sections(),
        **{kind.related_name: role_rows(role, kind) for kind in ROW_KINDS},
    }


def area_document(area: Area) -> dict[str, Any]:
    return {"code": area.code, "slug": area.slug, "name": area.display_name, "kind": area.kind}


def release_document(release: DataRelease) -> dict[str, Any]:
    return {
        "id": release.pk,
        "source_name": release.source_name,
        "label": release.label,
        "code": release.code,
        "published_on": json_value(release.published_on),
        "loaded_at": json_value(release.loaded_at),
        "url": release.url,
        "licence": release.licence,
        "top_code_hourly": json_value(release.top_code_hourly),
        "top_code_annual": release.top_code_annual,
    }


def wage_document(wage: Wage) -> dict[str, Any]:
    """One occupation's figures in one area (area joined). A figure BLS does not publish is
    null; one it withholds because it is at or above the release's top-code is null too and
    named in `top_coded`: the figure is at least the release's `top_code_annual` or
    `top_code_hourly`."""
    return {
        "occupation": wage.occupation_id,
        "area": area_document(wage.area),
        "release": wage.release_id,
        **{name: field_value(wage, name) for name in WAGE_FIGURES},
        "top_coded": [name for name in wage.top_coded.split(",") if name],
        "hourly_not_published": wage.hourly_not_published,
    }


def occupation_document(occupation: Occupation) -> dict[str, Any]:
    return {
        "code": occupation.code,
        "title": occupation.title,
        "level": occupation.level,
        "major_group": occupation.major_group_id,
        "parent": occupation.parent_id,
        "url": absolute_url(occupation.get_absolute_url()),
    }
