"""Django's loaddata, with one refresh of derived data for everything it loaded.

Fixtures are loaded raw, row by row; the signals report each row (roles/signals.py) and the
search vectors and page versions are refreshed once, before the load's transaction commits,
instead of once per row."""

from __future__ import annotations

from django.core.management.commands import loaddata

from roles import derived


class Command(loaddata.Command):
    def loaddata(self, fixture_labels):
        with derived.one_refresh():
            super().loaddata(fixture_labels)
