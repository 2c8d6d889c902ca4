# Editors edit a role's alternate titles, career steps and related-role choices as they edit its
# other rows: the admin shows an inline only to those who may change its model.

from django.db import migrations

CONNECTION_MODELS = ["alternatetitle", "careerstep", "relatedchoice"]
ACTIONS = ("add", "change", "delete", "view")


def let_editors_edit_connections(apps, schema_editor) -> None:
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("roles")
    previous = getattr(app_config, "models_module", None)
    app_config.models_module = previous or True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = previous
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Editors").first()
    if group is None:
        return
    codenames = [f"{action}_{model}" for model in CONNECTION_MODELS for action in ACTIONS]
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="roles", codename__in=codenames)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0019_alternate_titles_career_steps_related_choices"),
    ]

    operations = [
        migrations.RunPython(let_editors_edit_connections, migrations.RunPython.noop),
    ]
