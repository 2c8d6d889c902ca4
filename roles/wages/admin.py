"""Pay data in the admin: read-only lists (load_wages is the only writer), and the occupation
search behind the role form's SOC autocomplete."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from roles.wages.models import Area, DataRelease, Occupation


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Occupation)
class OccupationAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "level"]
    list_filter = ["level"]
    search_fields = ["code", "title"]
    ordering = ["code"]


@admin.register(Area)
class AreaAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "code", "slug"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]


@admin.register(DataRelease)
class DataReleaseAdmin(ReadOnlyAdmin):
    list_display = ["source_name", "label", "published_on", "loaded_at", "complete"]
