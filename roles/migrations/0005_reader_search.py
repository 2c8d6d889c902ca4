# Search for readers: a stored search vector with its index, pg_trgm for misspellings.
# The PostgreSQL-only steps check the connection, so the same migration runs on SQLite.

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

import roles.search


class TrigramExtensionOnPostgres(TrigramExtension):
    """CREATE EXTENSION pg_trgm on PostgreSQL; nothing on other databases."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def fill_search_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    Role = apps.get_model("roles", "Role")
    # The expression names the concrete child models; the historical ones have the same tables.
    Role.objects.update(search_vector=roles.search.search_vector_expression())


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0004_editors_group"),
    ]

    operations = [
        TrigramExtensionOnPostgres(),
        migrations.AddField(
            model_name="role",
            name="search_vector",
            field=roles.search.RoleSearchVectorField(editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="role",
            index=roles.search.RoleSearchIndex(fields=["search_vector"], name="role_search_vector"),
        ),
        migrations.RunPython(fill_search_vectors, migrations.RunPython.noop),
    ]
