"""Editors pick a role's SOC occupation from the list (an autocomplete, which needs the view
permission on occupations) and may look at the pay data; only load_wages writes it."""

from django.db import migrations

EDITORS = "Editors"
PAY_MODELS = ["occupation", "area", "datarelease", "wage"]


def grant(apps, schema_editor) -> None:
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("roles")
    previous = getattr(app_config, "models_module", None)
    app_config.models_module = previous or True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = previous
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITORS)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="roles", codename__in=[f"view_{m}" for m in PAY_MODELS]
        )
    )


def revoke(apps, schema_editor) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=EDITORS).first()
    if group:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="roles", codename__in=[f"view_{m}" for m in PAY_MODELS]
            )
        )


class Migration(migrations.Migration):
    dependencies = [("roles", "0009_pay_data"), ("roles", "0004_editors_group")]

    operations = [migrations.RunPython(grant, revoke)]
