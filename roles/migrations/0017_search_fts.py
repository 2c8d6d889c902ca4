# Search on SQLite: an FTS5 index of every role, its columns weighted as PostgreSQL's search
# vector is (roles/search/query.py), filled here and kept current by roles/derived.py.
# Nothing happens on PostgreSQL, which searches its stored vector (0005).

from django.db import migrations

CREATE = """
CREATE VIRTUAL TABLE roles_role_fts USING fts5(
    title, body, details, background,
    tokenize = 'porter unicode61 remove_diacritics 2',
    prefix = '2 3'
)
"""

# The rows as they were defined when this migration was written, frozen here so that a later
# change to the live definition (roles/search/query.py) cannot change an old migration.
FILL = """
INSERT INTO roles_role_fts (rowid, title, body, details, background)
SELECT r.id, r.title,
    coalesce(r.summary, '') || ' ' || coalesce(
        (SELECT group_concat(d.text, '. ') FROM roles_duty d WHERE d.role_id = r.id), ''),
    coalesce((SELECT group_concat(f.value, ' ') FROM roles_fact f WHERE f.role_id = r.id), '')
    || ' ' || coalesce((SELECT group_concat(q.heading || ' ' || q.items, ' ')
        FROM roles_qualificationgroup q WHERE q.role_id = r.id), '')
    || ' ' || coalesce((SELECT group_concat(a.question || ' ' || a.answer, ' ')
        FROM roles_faq a WHERE a.role_id = r.id), ''),
    coalesce(r.overview, '') || ' ' || coalesce(r.career_outlook, '')
FROM roles_role r
"""


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(CREATE)
        schema_editor.execute(FILL)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE roles_role_fts")


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0016_role_title_order"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index),
    ]
