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


# The weighted vector as it was defined when this migration was written, frozen here so that a
# later change to the live expression (roles/search/query.py) cannot change an old migration.
FILL_SEARCH_VECTORS = """
UPDATE roles_role AS r SET search_vector =
    setweight(to_tsvector('english', coalesce(r.title, '')), 'A')
    || setweight(to_tsvector('english', coalesce(r.summary, '') || ' ' || coalesce(
        (SELECT string_agg(d.text, ' ') FROM roles_duty d WHERE d.role_id = r.id), '')), 'B')
    || setweight(to_tsvector('english', concat_ws(' ',
        (SELECT string_agg(f.value, ' ') FROM roles_fact f WHERE f.role_id = r.id),
        (SELECT string_agg(q.heading, ' ') FROM roles_qualificationgroup q WHERE q.role_id = r.id),
        (SELECT string_agg(q.items, ' ') FROM roles_qualificationgroup q WHERE q.role_id = r.id),
        (SELECT string_agg(a.question, ' ') FROM roles_faq a WHERE a.role_id = r.id),
        (SELECT string_agg(a.answer, ' ') FROM roles_faq a WHERE a.role_id = r.id))), 'C')
    || setweight(to_tsvector('english',
        coalesce(r.overview, '') || ' ' || coalesce(r.career_outlook, '')), 'D')
"""


def fill_search_vectors(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FILL_SEARCH_VECTORS)


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
