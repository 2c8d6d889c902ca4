from django.apps import AppConfig


class RolesConfig(AppConfig):
    name = "roles"
    verbose_name = "Roles and categories"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        import jobsite.checks  # noqa: F401 - registers the deployment checks
        from roles import (
            cache,
            search,
            signals,  # noqa: F401 - connects the search-vector signals
            url_history,  # noqa: F401  (connects the slug-history receivers)
        )

        cache.connect_signals()
        connection_created.connect(search.use_trigram_threshold, dispatch_uid="trigram")
