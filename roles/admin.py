from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import escape
from reversion.admin import VersionAdmin
from reversion.models import Version

from roles import derived, trust
from roles.content import ENTRY_STAGES, ROLE_MARKDOWN_FIELDS
from roles.editorial import content_checks, history
from roles.editorial.edits import RoleEdit, record_review
from roles.editorial.forms import CategoryForm, RoleForm, RoleRows, RowsNeededToPublish
from roles.editorial.merge import merge_rows
from roles.formats import markdown_io
from roles.formats.text import render_markdown, unrendered_markup
from roles.models import (
    FAQ,
    AlternateTitle,
    CareerStep,
    Category,
    Duty,
    Fact,
    PreviousCategorySlug,
    PreviousRoleSlug,
    QualificationGroup,
    RelatedChoice,
    RemovedRole,
    Role,
    TitleOrder,
    tidy_text,
)

admin.site.site_header = f"{settings.SITE_NAME} editors"
admin.site.site_title = f"{settings.SITE_NAME} admin"
admin.site.index_title = "Roles, categories and their history"

# Short texts that live in the inlines' table columns: a two-line box, not a tall textarea.
SHORT_TEXT_FIELDS = {"text", "value"}

# Text fields whose Markdown an editor can preview (static/roles/admin/editor.js).
MARKDOWN_FIELDS = {*ROLE_MARKDOWN_FIELDS, "answer", "description"}


class OneRefreshMixin:
    """Every admin view that writes runs in one transaction with one refresh of derived data
    (search vectors, page versions) at its end, however many rows it saved."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with transaction.atomic(), derived.one_refresh():
            return super().changeform_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        with transaction.atomic(), derived.one_refresh():
            return super().changelist_view(request, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        with transaction.atomic(), derived.one_refresh():
            return super().delete_view(request, object_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        with transaction.atomic(), derived.one_refresh():
            return super().recover_view(request, version_id, extra_context)


def renders_for_readers(text: str) -> None:
    """Refuse Markdown that readers would get as literal tags (roles.formats.text)."""
    problems = unrendered_markup(text)
    if problems:
        raise ValidationError([f"{problem}." for problem in problems], code="unrendered_markup")


class TidyTextField(forms.CharField):
    """A text input that reads what the editor typed as it will be stored (roles.models.
    tidy_text), so that the CR LF line endings every browser sends are not a change."""

    def to_python(self, value):
        value = super().to_python(value)
        return tidy_text(value) if isinstance(value, str) else value


class EditorWidgetsMixin:
    """Text is read as stored (TidyTextField); Markdown fields get a live preview and the meta
    description a length counter (static/roles/admin/editor.js reads these attributes)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        plain_text = isinstance(db_field, models.CharField | models.TextField)
        if plain_text and not db_field.choices and not isinstance(db_field, models.SlugField):
            kwargs.setdefault("form_class", TidyTextField)
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and db_field.name in SHORT_TEXT_FIELDS:
            formfield.widget.attrs.update({"rows": 2, "cols": 60})
        if formfield is not None and db_field.name in MARKDOWN_FIELDS:
            formfield.validators.append(renders_for_readers)
            preview_url = reverse("admin:roles_preview_markdown")
            formfield.widget.attrs["data-markdown-preview"] = preview_url
        if formfield is not None and db_field.name == "meta_description":
            low, high = content_checks.META_DESCRIPTION_LENGTH
            formfield.widget.attrs.update({"data-length-min": low, "data-length-max": high})
        return formfield


class EditorMedia:
    js = ["roles/admin/editor.js"]
    css = {"all": ["roles/admin/editor.css"]}


@admin.register(Category)
class CategoryAdmin(OneRefreshMixin, EditorWidgetsMixin, VersionAdmin):
    form = CategoryForm
    change_form_template = "admin/roles/category/change_form.html"
    list_display = ["name", "slug", "ordering"]
    list_editable = ["ordering"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "description", "meta_description", "ordering", "version"]
    Media = EditorMedia

    def change_view(self, request: HttpRequest, object_id: str, form_url="", extra_context=None):
        if request.method == "GET":  # a version to merge against if someone saves meanwhile
            history.record_initial_version(object_id, request.user, Category)
        return super().change_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["edit_conflict"] = getattr(context["adminform"].form, "conflict", None)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request: HttpRequest, obj: Category, form, change: bool) -> None:
        # The counter moves forward from what is stored (the form has merged or refused).
        stored = Category.objects.select_for_update().filter(pk=obj.pk).first() if change else None
        obj.version = stored.version + 1 if stored else 0
        super().save_model(request, obj, form, change)


class OrderedInline(EditorWidgetsMixin, admin.TabularInline):
    formset: type[RoleRows] = RowsNeededToPublish
    extra = 0
    ordering = ["position", "pk"]


class FactInline(OrderedInline):
    model = Fact
    fields = ["position", "kind", "label", "value", "source_name", "source_url", "as_of"]


class DutyInline(OrderedInline):
    model = Duty
    fields = ["position", "text"]


class QualificationGroupInline(EditorWidgetsMixin, admin.StackedInline):
    formset = RowsNeededToPublish
    model = QualificationGroup
    extra = 0
    ordering = ["position", "pk"]
    fields = ["position", "heading", "items"]


class FAQInline(EditorWidgetsMixin, admin.StackedInline):
    formset = RowsNeededToPublish
    model = FAQ
    extra = 0
    ordering = ["position", "pk"]
    fields = ["position", "question", "answer"]


class AlternateTitleInline(OrderedInline):
    formset = RoleRows
    model = AlternateTitle
    fields = ["position", "title"]
    verbose_name_plural = "Also known as: other titles employers use"


class CareerStepInline(OrderedInline):
    formset = RoleRows
    model = CareerStep
    fields = ["position", "direction", "other_slug", "what_it_takes"]
    verbose_name_plural = "Career path: the roles people move from and to"


class RelatedChoiceInline(OrderedInline):
    formset = RoleRows
    model = RelatedChoice
    fields = ["position", "choice", "other_slug", "reason"]
    verbose_name_plural = "Related roles: suggestions pinned or hidden by editors"


class ContentCheckFilter(admin.SimpleListFilter):
    title = "content checks"
    parameter_name = "checks"

    def lookups(self, request, model_admin):
        return [("problems", "Has problems"), ("ok", "No problems")]

    def queryset(self, request, queryset):
        if self.value() not in {"problems", "ok"}:
            return queryset
        flagged = [
            role.pk for role in queryset.with_page_content() if content_checks.check_role(role)
        ]
        if self.value() == "problems":
            return queryset.filter(pk__in=flagged)
        return queryset.exclude(pk__in=flagged)


class ReviewFilter(admin.SimpleListFilter):
    """Pages due for their yearly review against their sources (docs/editorial-guide.md)."""

    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("overdue", "Overdue or never reviewed"), ("current", "Reviewed this year")]

    def queryset(self, request, queryset):
        since = timezone.localdate() - trust.REVIEW_INTERVAL
        if self.value() == "overdue":
            return queryset.exclude(reviewed_on__gte=since)
        if self.value() == "current":
            return queryset.reviewed_since(since)
        return queryset


@admin.register(Role)
class RoleAdmin(OneRefreshMixin, EditorWidgetsMixin, VersionAdmin):
    form = RoleForm
    change_form_template = "admin/roles/role/change_form.html"
    object_history_template = "admin/roles/role/object_history.html"
    list_display = [
        "title_in_order",
        "category",
        "status",
        "published_at",
        "taken_down_until",
        "content_updated_at",
        "reviewed_on",
        "content_problems",
    ]
    list_filter = ["category", "status", ReviewFilter, ContentCheckFilter]
    list_select_related = ["category"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "content_updated_at"
    readonly_fields = ["content_updated_at", "created_at", "modified_at"]
    actions = ["export_markdown", "mark_reviewed"]
    # The form follows the public page: each inline comes right after the fieldset named here.
    fieldsets = [
        (None, {"fields": ["title", "slug", "category", "summary"]}),
        ("Pay data", {"fields": ["soc", "soc_is_nearest"]}),
        ("Overview", {"fields": ["overview"]}),
        ("How to become one", {"fields": [stage.field for stage in ENTRY_STAGES]}),
        ("Career outlook", {"fields": ["career_outlook"]}),
        ("Sample cover letter", {"fields": ["cover_letter"]}),
        ("Editor's note", {"fields": ["editors_note", "editors_note_on"]}),
        (
            "Review",
            {
                "fields": ["reviewed_by", "reviewed_on"],
                "description": "Shown on the page: who last checked it against its sources, "
                "and when.",
            },
        ),
        ("Search engines", {"fields": ["meta_description"]}),
        (
            "Publishing",
            {
                "fields": [
                    "status",
                    "published_at",
                    "taken_down_until",
                    "content_updated_at",
                    "version",
                ]
            },
        ),
        ("Record", {"classes": ["collapse"], "fields": ["created_at", "modified_at"]}),
    ]
    inlines_after_fieldset = {
        None: ["alternate_titles", "facts", "duties"],
        # Qualifications come after the overview and before "How to become one", as on the page.
        "Overview": ["qualification_groups"],
        "Career outlook": ["career_steps"],
        "Sample cover letter": ["faqs", "related_choices"],
    }
    inlines = [
        AlternateTitleInline,
        FactInline,
        DutyInline,
        QualificationGroupInline,
        CareerStepInline,
        FAQInline,
        RelatedChoiceInline,
    ]
    autocomplete_fields = ["soc"]
    Media = EditorMedia

    def get_queryset(self, request: HttpRequest):
        queryset = super().get_queryset(request)
        match = request.resolver_match
        if match and match.url_name == "roles_role_changelist":
            # The content checks column reads every kind of row: five queries per page.
            return queryset.with_page_content()
        return queryset

    @admin.display(description="title", ordering=TitleOrder())
    def title_in_order(self, role: Role) -> str:
        """The title, sorted as on the site ("Machine Learning Engineer" before "MLOps
        Engineer"), not by the code points a plain `title` column sorts by."""
        return role.title

    @admin.display(description="Content checks")
    def content_problems(self, role: Role) -> str:
        problems = content_checks.check_role(role)
        if not problems:
            return "OK"
        return "; ".join(str(p) for p in problems)

    def view_on_site(self, role: Role) -> str:
        """Public roles open their page; drafts and scheduled roles open the staff preview."""
        if role.is_public:
            return role.get_absolute_url()
        return reverse("roles:preview", kwargs={"pk": role.pk})

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        context["edit_conflict"] = getattr(form, "conflict", None)
        context["page_sections"] = self._page_sections(context)
        if obj is not None and obj.pk:
            context["content_problems"] = content_checks.check_role(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _page_sections(self, context) -> list[tuple[str, object]]:
        """Fieldsets and inline formsets interleaved in the public page's order."""
        inlines = {f.formset.prefix: f for f in context.get("inline_admin_formsets", [])}
        sections: list[tuple[str, object]] = []
        for fieldset in context["adminform"]:
            sections.append(("fieldset", fieldset))
            for prefix in self.inlines_after_fieldset.get(fieldset.name, []):
                if prefix in inlines:
                    sections.append(("inline", inlines.pop(prefix)))
        sections += [("inline", rest) for rest in inlines.values()]
        return sections

    def get_formset_kwargs(self, request, obj, inline, prefix):
        """A form opened before someone else's save: its rows merged with theirs
        (roles/editorial/merge.py), the rows both changed reported to the formset."""
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        opened = request.POST.get("version", "") if request.method == "POST" else ""
        if obj.pk and opened.isdigit() and int(opened) != Role.objects.get(pk=obj.pk).version:
            version = history.version_saved_as(obj.pk, int(opened))
            if version is not None:
                kwargs["data"], conflicts = merge_rows(obj, kwargs["data"], prefix, version)
                kwargs["merge_conflicts"] = conflicts
        return kwargs

    def save_model(self, request: HttpRequest, obj: Role, form, change: bool) -> None:
        # Saved in save_related, which sees the inline formsets too: a save that changes
        # nothing writes nothing (no counter, no date, no revision in the history).
        form.role_edit = RoleEdit.begin(obj.pk if change else None)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        # (A recovery posts the recorded version as it stands: it is saved and recorded.)
        editing = getattr(request.resolver_match, "url_name", "") == "roles_role_change"
        unchanged = not form.has_changed() and not any(f.has_changed() for f in formsets)
        if change and editing and unchanged:
            self.message_user(request, "Nothing changed, so nothing was saved.", messages.INFO)
            for formset in formsets:  # what the admin's change message reads
                formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            return
        role = form.instance
        role.version = form.role_edit.counter  # RoleForm has checked the counter
        super().save_model(request, role, form, change)
        super().save_related(request, form, formsets, change)
        form.role_edit.finish(role)

    @admin.action(description="Export selected roles as Markdown (zip)")
    def export_markdown(self, request: HttpRequest, queryset) -> HttpResponse:
        response = HttpResponse(markdown_io.zip_roles(queryset), content_type="application/zip")
        response["Content-Disposition"] = 'attachment; filename="roles-markdown.zip"'
        return response

    @admin.action(description="Mark selected roles as reviewed by me today")
    def mark_reviewed(self, request: HttpRequest, queryset) -> None:
        user = request.user
        assert isinstance(user, AbstractBaseUser)  # the admin lets only staff in
        reviewer = getattr(user, "get_full_name", lambda: "")() or user.get_username()
        with derived.one_refresh():
            for pk in queryset.values_list("pk", flat=True):
                record_review(pk, reviewer, user=user)
        self.message_user(
            request, f"{queryset.count()} role(s) marked as reviewed by {reviewer} today."
        )

    # History: our own comparison and one-step restore on top of django-reversion.

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "preview-markdown/",
                view(self.preview_markdown_view),
                name="roles_preview_markdown",
            ),
            path(
                "<int:object_id>/history/<int:version_id>/compare/",
                view(self.compare_view),
                name="roles_role_compare",
            ),
            path(
                "<int:object_id>/history/<int:version_id>/restore/",
                view(self.restore_view),
                name="roles_role_restore",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request: HttpRequest, object_id: str, form_url="", extra_context=None):
        if request.method == "GET":
            history.record_initial_version(object_id, request.user)
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request: HttpRequest, object_id: str, extra_context=None):
        versions = list(history.versions_of(object_id))
        entries = [
            {
                "version": version,
                "compare_url": reverse("admin:roles_role_compare", args=[object_id, version.pk]),
            }
            for version in versions
        ]
        return super().history_view(request, object_id, {"version_entries": entries})

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # Reversion's own revert form would re-post an old lock counter; ours restores in one
        # step and moves the counter on.
        return redirect("admin:roles_role_compare", object_id, version_id)

    def _version(self, object_id: int, version_id: int) -> Version:
        return get_object_or_404(history.versions_of(object_id), pk=version_id)

    def compare_view(self, request: HttpRequest, object_id: int, version_id: int):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        role = get_object_or_404(Role, pk=object_id)
        version = self._version(object_id, version_id)
        chosen = history.state_from_version(version)
        older = (
            history.versions_of(object_id)
            .filter(revision__date_created__lte=version.revision.date_created)
            .exclude(pk=version.pk)
            .first()
        )
        by_this_save = (
            history.diff_states(history.state_from_version(older), chosen) if older else None
        )
        to_now = history.diff_states(chosen, history.state_of(role))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"{role}: version of {version.revision.date_created:%Y-%m-%d %H:%M}",
            "role": role,
            "version": version,
            "by_this_save": by_this_save,
            "to_now": to_now,
            "can_restore": self.has_change_permission(request, role),
        }
        return TemplateResponse(request, "admin/roles/role/compare.html", context)

    def restore_view(self, request: HttpRequest, object_id: int, version_id: int):
        if request.method != "POST":
            return redirect("admin:roles_role_compare", object_id, version_id)
        role = get_object_or_404(Role, pk=object_id)
        if not self.has_change_permission(request, role):
            raise PermissionDenied
        version = self._version(object_id, version_id)
        try:
            history.restore(version, request.user)
        except history.RestoreRefused as refused:
            self.message_user(request, f"Not restored: {refused}", messages.ERROR)
            return redirect("admin:roles_role_compare", object_id, version_id)
        when = f"{version.revision.date_created:%Y-%m-%d %H:%M}"
        self.message_user(request, f"Restored the version saved on {when}.", messages.SUCCESS)
        return redirect("admin:roles_role_change", object_id)

    def preview_markdown_view(self, request: HttpRequest) -> HttpResponse:
        if request.method != "POST":
            raise Http404
        if not (self.has_change_permission(request) or self.has_add_permission(request)):
            raise PermissionDenied
        # Exactly what readers get (the same memoised renderer as the pages), plus a warning
        # for markup they would see as text.
        text = request.POST.get("text", "")
        warnings = "".join(
            f'<p class="markdown-warning">{escape(problem)}.</p>'
            for problem in unrendered_markup(text)
        )
        return HttpResponse(warnings + render_markdown(text), content_type="text/html")


class URLHistoryAdmin(admin.ModelAdmin):
    """Recorded by roles/redirects.py on save and delete; editors may only look, or delete a
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


# Occupations, areas and releases (read-only; the SOC autocomplete searches occupations).
from roles.wages import admin as wages_admin  # noqa: E402, F401
