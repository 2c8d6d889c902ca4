from django.apps import AppConfig


class RolesConfig(AppConfig):
    name = "roles"
    verbose_name = "Roles and categories"

    def ready(self) -> None:
        from roles import cache

        cache.connect_signals()
