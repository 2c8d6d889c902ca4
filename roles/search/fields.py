"""The search schema: the stored vector column and the indexes over it.

A leaf module: it imports nothing from the app, so models and migrations can import it without
pulling in query code (the rule: fields <- models <- query, vocabulary)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import Upper

SEARCH_CONFIG = "english"


class RoleSearchVectorField(SearchVectorField):
    """A tsvector on PostgreSQL. SQLite accepts any column type, so there it is an unused,
    always-empty column and django.contrib.postgres need not be installed."""

    def _check_postgres_installed(self, *args):
        return super()._check_postgres_installed(*args) if settings.IS_POSTGRES else []


class RoleSearchIndex(GinIndex):
    """A GIN index on PostgreSQL; elsewhere an ordinary index on the empty column, because
    SQLite rebuilds tables (and their indexes) on many migrations and knows no `USING gin`."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return self.stand_in().create_sql(model, schema_editor, using=using, **kwargs)
        return super().create_sql(model, schema_editor, using=using, **kwargs)

    def stand_in(self) -> models.Index:
        """The ordinary index created in its place on other databases."""
        return models.Index(fields=self.fields, name=self.name)

    def _check_postgres_installed(self, *args):
        return super()._check_postgres_installed(*args) if settings.IS_POSTGRES else []


class TitleWordsIndex(RoleSearchIndex):
    """A trigram GIN index on UPPER(title) on PostgreSQL, the expression Django's
    `title__icontains` compares, so finding roles whose titles contain a word ("Related roles")
    is an index lookup with a row estimate the planner can trust, not a scan of the catalogue.
    Elsewhere an ordinary index on the same expression: SQLite knows no trigram operator class.
    """

    def __init__(self, *, name: str) -> None:
        super().__init__(OpClass(Upper("title"), name="gin_trgm_ops"), name=name)

    def deconstruct(self):
        path, _, kwargs = super().deconstruct()
        return path, (), {"name": kwargs["name"]}

    def stand_in(self) -> models.Index:
        return models.Index(Upper("title"), name=self.name)
