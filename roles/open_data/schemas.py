"""The API's response schemas, from which the OpenAPI document is generated.

The role's schema is built from the same lists as its documents (roles/open_data/documents.py):
one model per row kind of roles.models.ROW_KINDS, typed from the model fields its RowKind lists,
and the role's own reader fields. A new row kind or reader field is in the schema, and so in
the documentation and the validation of every response, at the next start.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.db import models
from ninja import Schema
from pydantic import Field, create_model

from roles.models import ROW_KINDS
from roles.open_data.documents import role_fields, row_fields
from roles.open_data.fields import python_type
from roles.wages import models as pay_models


def _described(field: models.Field, kind: Any) -> tuple[Any, Any]:
    """A schema field for a model field, described by its help text."""
    description = str(field.help_text or field.verbose_name).strip()
    return kind, Field(description=description)


class Error(Schema):
    """Every error the API answers: the HTTP status, a code a program can test and a message
    a person can act on; `errors` lists each bad parameter."""

    status: int
    code: str = Field(description="not_found, bad_request, page_out_of_range, rate_limited...")
    message: str
    errors: list[ParameterError] = Field(default_factory=list)


class ParameterError(Schema):
    parameter: str
    message: str


Error.model_rebuild()


class Page(Schema):
    count: int = Field(description="Items across all pages.")
    page: int
    per_page: int
    pages: int
    next: str | None = Field(description="The next page's address, or null on the last.")
    previous: str | None


class CategoryReference(Schema):
    slug: str
    name: str
    url: str


class Category(CategoryReference):
    description: str = Field(description="Markdown.")
    role_count: int = Field(description="Published roles in the category.")
    updated_at: datetime


class CategoryPage(Page):
    results: list[Category]


class OccupationReference(Schema):
    code: str = Field(description='2018 SOC code, e.g. "15-2051".')
    title: str
    nearest: bool = Field(description="No SOC code covers the role: this is the closest one.")


class Section(Schema):
    anchor: str = Field(description="The section's anchor on the role page (#anchor).")
    title: str
    keys: list[str] = Field(
        description="The keys of the role's document that hold the section, in order: one, "
        'or one per stage for "How to become one".'
    )


class RoleSummary(Schema):
    slug: str
    title: str
    url: str = Field(description="The role's page.")
    json_url: str = Field(description="This document, beside the page.")
    markdown_url: str = Field(description="The role in the site's Markdown format.")
    text_url: str
    category: CategoryReference
    occupation: OccupationReference | None
    summary: str
    published_at: datetime
    content_updated_at: datetime = Field(description='"Last updated" on the page.')


class RolePage(Page):
    results: list[RoleSummary]


class Area(Schema):
    code: str = Field(description="The OEWS area code.")
    slug: str = Field(description="As in ?area= on the site and in the API.")
    name: str
    kind: Literal["national", "state", "metro"]


class AreaPage(Page):
    results: list[Area]


class DataRelease(Schema):
    id: int
    source_name: str
    label: str = Field(description='The release as its publisher names it: "May 2025".')
    code: str
    published_on: date | None
    loaded_at: datetime
    url: str
    licence: str = Field(description="The licence and attribution to cite with the figures.")
    top_code_hourly: float | None = Field(description="Hourly figures at or above it are withheld.")
    top_code_annual: int | None = Field(description="Annual figures at or above it are withheld.")


WageFigures = create_model(
    "WageFigures",
    __base__=Schema,
    **{  # type: ignore[call-overload]
        name: _described(field, python_type(field))
        for name in pay_models.WAGE_FIGURES
        if isinstance(field := pay_models.Wage._meta.get_field(name), models.Field)
    },
)


class Wage(WageFigures):  # type: ignore[valid-type, misc]
    occupation: str
    area: Area
    release: int
    top_coded: list[str] = Field(
        description="Figures withheld at or above the release's top-code (null above)."
    )
    hourly_not_published: bool = Field(description="Paid by the year (BLS footnote 4).")


class WagePage(Page):
    results: list[Wage]


class Occupation(Schema):
    code: str
    title: str
    level: Literal["total", "major", "minor", "broad", "detailed"]
    major_group: str | None
    parent: str | None
    url: str


class OccupationPage(Page):
    results: list[Occupation]


class OccupationDetail(Occupation):
    release: DataRelease | None = Field(description="The newest release, null before any.")
    national: Wage | None
    roles: list[RoleSummary] = Field(description="Published roles that name this occupation.")


class Pay(Schema):
    occupation: OccupationReference
    release: DataRelease | None
    national: Wage | None
    area: Wage | None = Field(description="The ?area= asked for, if any and published.")


def _row_schema(kind) -> type[Schema]:
    name = "".join(part.title() for part in kind.related_name.split("_"))
    return create_model(  # type: ignore[call-overload]
        f"{name}Row",
        __base__=Schema,
        __doc__=f"One of a role's {kind.model._meta.verbose_name_plural}, in page order.",
        position=(int, Field(description="Rows are shown in ascending position.")),
        **{field.name: _described(field, python_type(field)) for field in row_fields(kind)},
    )


ROW_SCHEMAS = {kind.related_name: _row_schema(kind) for kind in ROW_KINDS}

RoleDetail = create_model(  # type: ignore[call-overload]
    "RoleDetail",
    __base__=RoleSummary,
    __doc__="A role in full: every section of its page, its rows and its pay.",
    sections=(list[Section], Field(description="The page's sections, in page order.")),
    **{field.name: _described(field, python_type(field)) for field in role_fields()},
    **{
        name: (list[schema], Field(description=f"Rows of {name.replace('_', ' ')}."))  # type: ignore[valid-type]
        for name, schema in ROW_SCHEMAS.items()
    },
    pay=(Pay | None, Field(description="Null for a role without an SOC code.")),
)
