import roles.search
from django.db import migrations


def analyze_roles(apps, schema_editor):
    # Statistics for the new index's expression exist only after ANALYZE; without them the
    # planner guesses that a title word matches a handful of roles and scans the table.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ANALYZE roles_role")


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0006_performance_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="role",
            index=roles.search.TitleWordsIndex(name="role_title_words"),
        ),
        migrations.RunPython(analyze_roles, migrations.RunPython.noop),
    ]
