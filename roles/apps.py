from django.apps import AppConfig


class RolesConfig(AppConfig):
    name = "roles"
    verbose_name = "Roles and categories"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        import jobsite.checks  # noqa: F401 - registers the deployment checks
        from roles import documents, signals
        from roles.page_cache import checks  # noqa: F401 - registers roles.W001

        signals.connect()
        # Builds the page documents a migration or a new format left missing or outdated; until
        # then those roles' pages read their rows one query per row kind.
        post_migrate.connect(documents.rebuild_outdated, sender=self)
