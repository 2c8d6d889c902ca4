from django.apps import AppConfig


class RolesConfig(AppConfig):
    name = "roles"
    verbose_name = "Roles and categories"

    def ready(self) -> None:
        from roles import (
            cache,
            signals,  # noqa: F401 - connects the search-vector signals
            url_history,  # noqa: F401  (connects the slug-history receivers)
        )

        cache.connect_signals()
