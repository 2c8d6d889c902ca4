from django.apps import AppConfig


class RolesConfig(AppConfig):
    name = "roles"
    verbose_name = "Roles and categories"

    def ready(self) -> None:
        import jobsite.checks  # noqa: F401 - registers the deployment checks
        from roles import signals
        from roles.page_cache import checks  # noqa: F401 - registers roles.W001

        signals.connect()
