"""The "Editors" group: staff who write and publish roles and categories and see their history,
and nothing else (no users, no groups)."""

from django.db import migrations

EDITORS = "Editors"
# Every model an editor works on in the admin: roles, categories and a role's child rows.
CONTENT_MODELS = ["role", "category", "fact", "duty", "qualificationgroup", "faq"]
ACTIONS = ["add", "change", "delete", "view"]
# Reading django-reversion's records; its admin history and recover views check the role's
# permissions, these make the revisions themselves readable to editors too.
HISTORY_PERMISSIONS = [("reversion", "view_revision"), ("reversion", "view_version")]


def _create_permissions(apps) -> None:
    """Permissions are normally created after all migrations ran; a fresh database needs them
    now."""
    from django.contrib.auth.management import create_permissions

    for label in ("roles", "reversion"):
        app_config = apps.get_app_config(label)
        previous = getattr(app_config, "models_module", None)
        app_config.models_module = previous or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = previous


def create_editors_group(apps, schema_editor) -> None:
    _create_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    wanted = [("roles", f"{action}_{model}") for model in CONTENT_MODELS for action in ACTIONS]
    wanted += HISTORY_PERMISSIONS
    permissions = [
        Permission.objects.get(content_type__app_label=app, codename=codename)
        for app, codename in wanted
    ]
    group, _ = Group.objects.get_or_create(name=EDITORS)
    group.permissions.set(permissions)


def remove_editors_group(apps, schema_editor) -> None:
    apps.get_model("auth", "Group").objects.filter(name=EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0003_role_version"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_editors_group)]
