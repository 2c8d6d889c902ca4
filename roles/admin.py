from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from roles.models import (
    FAQ,
    Category,
    Duty,
    Fact,
    PreviousCategorySlug,
    PreviousRoleSlug,
    QualificationGroup,
    RemovedRole,
    Role,
)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "ordering"]
    list_editable = ["ordering"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class OrderedInline(admin.TabularInline):
    extra = 0
    ordering = ["position", "pk"]


class FactInline(OrderedInline):
    model = Fact
    fields = ["position", "kind", "label", "value"]


class DutyInline(OrderedInline):
    model = Duty
    fields = ["position", "text"]


class QualificationGroupInline(admin.StackedInline):
    model = QualificationGroup
    extra = 0
    ordering = ["position", "pk"]
    fields = ["position", "heading", "items"]


class FAQInline(admin.StackedInline):
    model = FAQ
    extra = 0
    ordering = ["position", "pk"]
    fields = ["position", "question", "answer"]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "status", "published_at", "content_updated_at"]
    list_filter = ["category", "status"]
    list_select_related = ["category"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "content_updated_at"
    readonly_fields = ["content_updated_at", "created_at", "modified_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "category", "summary", "meta_description"]}),
        ("Publishing", {"fields": ["status", "published_at", "content_updated_at"]}),
        ("Sections", {"fields": ["overview", "career_outlook", "cover_letter"]}),
        ("Record", {"classes": ["collapse"], "fields": ["created_at", "modified_at"]}),
    ]
    inlines = [FactInline, DutyInline, QualificationGroupInline, FAQInline]

    def save_model(self, request: HttpRequest, obj: Role, form, change: bool) -> None:
        # Fingerprint the stored content before it is overwritten, so that save_related can tell
        # whether "last updated" should move once the child rows are saved too.
        request._role_fingerprint_before = (
            Role.objects.get(pk=obj.pk).compute_fingerprint() if change else None
        )
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        form.instance.note_content_change(getattr(request, "_role_fingerprint_before", None))


class URLHistoryAdmin(admin.ModelAdmin):
    """Recorded by roles/url_history.py on save and delete; editors may only look, or delete a
    row to let the old address answer 404."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(PreviousRoleSlug)
class PreviousRoleSlugAdmin(URLHistoryAdmin):
    list_display = ["slug", "role", "created_at"]
    list_select_related = ["role"]
    search_fields = ["slug", "role__title"]


@admin.register(PreviousCategorySlug)
class PreviousCategorySlugAdmin(URLHistoryAdmin):
    list_display = ["slug", "category", "created_at"]
    list_select_related = ["category"]
    search_fields = ["slug", "category__name"]


@admin.register(RemovedRole)
class RemovedRoleAdmin(URLHistoryAdmin):
    list_display = ["title", "slug", "category", "removed_at"]
    list_select_related = ["category"]
    search_fields = ["slug", "title"]
