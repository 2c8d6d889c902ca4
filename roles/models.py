"""Categories and the role pages they hold.

A role's page is made of the role's own text fields plus four kinds of ordered child rows (facts,
duties, qualification groups, FAQs). "Last updated" is the moment the page's content last changed:
`Role.note_content_change()` compares fingerprints of everything a reader sees before and after an
edit, so saving an unchanged form does not move the date.
"""

from __future__ import annotations

import hashlib
import json
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Window,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, Left, RowNumber, Upper
from django.urls import reverse
from django.utils import timezone

from roles import search

# C0 control characters and DEL, except tab, line feed and carriage return. Invisible when typed
# or pasted, they break XML (the feed answered 500 for everyone) and PostgreSQL refuses NUL.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_control_characters(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)


class ControlCharacterFreeText(models.Model):
    """Strips control characters from every text field before validation and before every save,
    the one place all entry points (admin, import, API, shell) pass through. Writes that skip
    save() (loaddata, QuerySet.update) are covered by the outputs stripping what they show.
    Validation also holds every text field to ROLE_TEXT_MAX_CHARACTERS."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self.strip_control_characters()
        super().save(*args, **kwargs)

    def strip_control_characters(self) -> None:
        for field in self._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                value = getattr(self, field.attname)
                if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
                    setattr(self, field.attname, strip_control_characters(value))

    def clean_fields(self, exclude=None) -> None:
        # First, so that text made only of control characters is refused as blank.
        self.strip_control_characters()
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        # Text fields have no max_length of their own; one limit for all (jobsite/settings.py).
        limit = settings.ROLE_TEXT_MAX_CHARACTERS
        for field in self._meta.concrete_fields:
            value = getattr(self, field.attname)
            if (
                isinstance(field, models.TextField)
                and isinstance(value, str)
                and len(value) > limit
                and field.name not in (exclude or ())
            ):
                errors.setdefault(field.name, []).append(
                    ValidationError(
                        f"At most {limit:,} characters (it has {len(value):,}).",
                        code="max_length",
                    )
                )
        if errors:
            raise ValidationError(errors)


def title_initial() -> Upper:
    """The first character of a role's title, upper-cased by the database: the A-Z index groups
    by it, and the role_a_to_z index is built on this very expression."""
    return Upper(Left("title", 1))


def _published_roles_of_outer_category() -> RoleQuerySet:
    return Role.objects.published().filter(category=OuterRef("pk")).order_by()


class CategoryQuerySet(models.QuerySet):
    def with_published_role_counts(self) -> CategoryQuerySet:
        # A count per category read from the role_category_listing index alone, rather than a
        # join that reads every role: the home page stays fast as the catalogue grows.
        count = (
            _published_roles_of_outer_category()
            .values("category")
            .annotate(count=Count("*"))
            .values("count")
        )
        return self.annotate(published_role_count=Coalesce(Subquery(count), 0))

    def with_latest_role_change(self) -> CategoryQuerySet:
        """Each category with `role_edited` and `role_public`, the latest edit and publish date
        of its published roles: one index walk per category, where a join grouped by category
        would read every role (the sitemap took over a second at 10,000 roles)."""
        public = _published_roles_of_outer_category()
        return self.annotate(
            role_edited=Subquery(
                public.order_by("-content_updated_at").values("content_updated_at")[:1]
            ),
            role_public=Subquery(public.order_by("-published_at").values("published_at")[:1]),
        )

    def listed(self) -> CategoryQuerySet:
        """Categories a reader can browse: those with at least one published role."""
        return self.with_published_role_counts().filter(
            Exists(_published_roles_of_outer_category())
        )


class Category(ControlCharacterFreeText):
    name = models.CharField(max_length=100, unique=True, help_text="Shown as the page title.")
    slug = models.SlugField(
        max_length=100, unique=True, help_text="The category's address: /jobs/<slug>/."
    )
    description = models.TextField(
        blank=True, help_text="Markdown. Introduces the category at the top of its page."
    )
    meta_description = models.CharField(
        max_length=160,
        blank=True,
        help_text="For search results, 50-160 characters. Empty: taken from the description.",
    )
    ordering = models.PositiveIntegerField(
        default=0, help_text="Categories are listed by this number, then by name."
    )
    updated_at = models.DateTimeField(
        default=timezone.now,
        editable=False,
        help_text="Moves on every save; the sitemap's lastmod.",
    )

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["ordering", "name"]
        verbose_name_plural = "categories"
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="category_name_not_empty"),
            models.CheckConstraint(condition=~Q(slug=""), name="category_slug_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.updated_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("roles:category", kwargs={"category_slug": self.slug})


class RoleQuerySet(models.QuerySet):
    def published(self) -> RoleQuerySet:
        """Roles a reader may see now: published, with a publish date that has passed."""
        return self.filter(status=Role.Status.PUBLISHED, published_at__lte=timezone.now())

    def recently_updated(self) -> RoleQuerySet:
        return self.published().order_by("-content_updated_at", "title")

    def with_card_facts(self) -> RoleQuerySet:
        """Roles ready for a card: category joined and the education/experience facts prefetched,
        in three queries whatever the number of roles."""
        return self.select_related("category").prefetch_related(self._card_facts())

    @staticmethod
    def _card_facts() -> Prefetch:
        card_facts = Fact.objects.filter(kind__in=[Fact.Kind.EDUCATION, Fact.Kind.EXPERIENCE])
        return Prefetch("facts", queryset=card_facts, to_attr="card_facts")

    def search(self, query: str) -> RoleQuerySet:
        """Roles matching a reader's query, best first, each with `rank`, a `raw_snippet` (see
        roles.search.snippet_html) and `is_close_match` (found by a spelling-tolerant fallback).

        Full-text search on PostgreSQL, word matching on SQLite; see roles/search.py."""
        query, _ = search.clean_query(query)
        if not search.query_words(query):
            return self.none()
        if search.is_postgres():
            return search.postgres_search(self, query)
        return search.sqlite_search(self, query)

    def related_to(self, role: Role, limit: int) -> list[Role]:
        """Roles for "Related roles": the role's category first, then roles of other
        categories whose titles share a word with its title, most recently updated first.
        Three queries with the card facts, whatever the number of roles: each kind is read by
        an index walk that stops at `limit` rows, never a sort of the whole catalogue."""
        recent_first = (
            self.exclude(pk=role.pk)
            .select_related("category")
            .order_by("-content_updated_at", "title")
        )
        related = list(recent_first.filter(category=role.category_id)[:limit])
        title_words = Q(pk__in=[])
        for term in search.query_words(role.title):
            if len(term) > 2:
                title_words |= Q(title__icontains=term)
        # Asked even when the category fills the list: a fixed query count, at ~1 ms.
        sharing_words = recent_first.exclude(category=role.category_id).filter(title_words)
        related += list(sharing_words[:limit])[: limit - len(related)]
        prefetch_related_objects(related, self._card_facts())
        return related

    def with_initial(self) -> RoleQuerySet:
        """Each role with `initial`: the first character of its title, upper-cased in SQL."""
        return self.annotate(initial=title_initial())

    def count_by_initial(self) -> dict[str, int]:
        rows = self.with_initial().order_by().values("initial").annotate(roles=Count("pk"))
        return {row["initial"]: row["roles"] for row in rows}

    def first_of_each_initial(self, per_initial: int) -> RoleQuerySet:
        """The first `per_initial` roles, in title order, of each initial (one query now,
        one when evaluated)."""
        rank = Window(
            RowNumber(),
            partition_by=title_initial(),
            order_by=[F("title").asc(), F("pk").asc()],
        )
        # Ranked on the role_a_to_z index alone, then the rows fetched by id. Run here, not as
        # a subquery: PostgreSQL cannot foresee how few ids it yields and would scan the table.
        first = self.annotate(rank_in_initial=rank).filter(rank_in_initial__lte=per_initial)
        return self.filter(pk__in=list(first.values_list("pk", flat=True)))

    def alongside(self, role: Role) -> RoleQuerySet:
        """The other roles of the role's category."""
        return self.filter(category=role.category_id).exclude(pk=role.pk)

    def best_match(self, text: str) -> Role | None:
        """The role a reader means by `text`: its slug, its title in any case, the first title
        that starts with it, or else the best search result; None when nothing matches."""
        text = text.strip()
        if not text:
            return None
        by_title = self.order_by("title")
        named = by_title.filter(Q(slug=text) | Q(title__iexact=text)).first()
        named = named or by_title.filter(title__istartswith=text).first()
        return named or self.search(text).first()

    def with_page_content(self) -> RoleQuerySet:
        """Everything the role page shows, in five queries whatever the number of rows."""
        return self.select_related("category").prefetch_related(
            "facts", "duties", "qualification_groups", "faqs"
        )


class Role(ControlCharacterFreeText):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200, help_text='The job title, e.g. "Data Engineer".')
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="The role's address: /jobs/<category>/<slug>/. Lowercase words and hyphens.",
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="roles",
        help_text="The category page that lists this role.",
    )
    summary = models.TextField(
        help_text="The lead paragraph under the title: what the role is, in a few sentences."
    )
    overview = models.TextField(blank=True, help_text="Markdown. What the work is really like.")
    career_outlook = models.TextField(
        blank=True, help_text="Markdown. Demand, pay context, sectors, career paths and risks."
    )
    cover_letter = models.TextField(
        "sample cover letter", blank=True, help_text="Markdown. A sample cover letter."
    )
    meta_description = models.CharField(
        max_length=160,
        blank=True,
        help_text="For search results, 50-160 characters. Empty: taken from the summary.",
    )
    status = models.CharField(
        max_length=10,
        choices=Status,
        default=Status.DRAFT,
        help_text="Only published roles whose publish date has passed are public.",
    )
    published_at = models.DateTimeField(
        "publish date",
        null=True,
        blank=True,
        help_text="When the role goes public. A future date schedules it.",
    )
    content_updated_at = models.DateTimeField(
        "last updated",
        default=timezone.now,
        help_text="Shown on the page. Moves by itself when the content changes.",
    )
    version = models.PositiveIntegerField(
        default=0,
        help_text="Counts saves. The edit form carries it, so that a form opened before "
        "someone else's save cannot overwrite that save.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)
    # Full-text search on PostgreSQL; kept current by refresh_search_vector() (roles/signals.py).
    search_vector = search.RoleSearchVectorField(null=True, editable=False)

    objects = RoleQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="role_title_not_empty"),
            models.CheckConstraint(condition=~Q(slug=""), name="role_slug_not_empty"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="published_role_has_publish_date",
            ),
        ]
        indexes = [
            # Category pages: a category's published roles, by publish date.
            models.Index(
                fields=["category", "status", "published_at"], name="role_category_listing"
            ),
            # Home page: the most recently updated published roles.
            models.Index(fields=["status", "content_updated_at"], name="role_recently_updated"),
            # The search page: full-text matches on the stored vector (GIN on PostgreSQL).
            search.RoleSearchIndex(fields=["search_vector"], name="role_search_vector"),
            # Category pages list by title: read the first 50 in order instead of sorting all.
            models.Index(fields=["category", "status", "title"], name="role_category_by_title"),
            # Role pages: the category's most recently updated roles ("Related roles").
            models.Index(
                fields=["category", "status", "content_updated_at"], name="role_category_recent"
            ),
            # Role pages: roles of other categories whose titles share a word ("Related roles").
            search.TitleWordsIndex(name="role_title_words"),
            # The A-Z index: counts by initial, and a letter's roles in title order.
            models.Index(
                title_initial(),
                F("title"),
                F("status"),
                F("published_at"),
                F("id"),
                name="role_a_to_z",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse(
            "roles:detail", kwargs={"category_slug": self.category.slug, "role_slug": self.slug}
        )

    @property
    def is_public(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def fact(self, kind: str) -> str:
        """The value of the first fact of a kind ("" if none), from prefetched rows if any."""
        facts = getattr(self, "card_facts", None)
        if facts is None:
            facts = self.facts.all()
        return next((f.value for f in facts if f.kind == kind), "")

    @property
    def typical_education(self) -> str:
        return self.fact(Fact.Kind.EDUCATION)

    @property
    def typical_experience(self) -> str:
        return self.fact(Fact.Kind.EXPERIENCE)

    def refresh_search_vector(self) -> None:
        """Recompute the stored search vector from the role and its child rows (one UPDATE on
        PostgreSQL, nothing on SQLite). Signals call it after every save of either."""
        search.refresh_search_vectors([self.pk])

    def content_snapshot(self) -> dict:
        """Everything a reader sees on the page, as plain data (four queries)."""
        return {
            "title": self.title,
            "category": self.category_id,
            "summary": self.summary,
            "overview": self.overview,
            "career_outlook": self.career_outlook,
            "cover_letter": self.cover_letter,
            "facts": [[f.kind, f.label, f.value] for f in self.facts.all()],
            "duties": [d.text for d in self.duties.all()],
            "qualifications": [[g.heading, g.items] for g in self.qualification_groups.all()],
            "faqs": [[q.question, q.answer] for q in self.faqs.all()],
        }

    def compute_fingerprint(self) -> str:
        payload = json.dumps(self.content_snapshot(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode()).hexdigest()

    def note_content_change(self, fingerprint_before: str | None) -> bool:
        """Move "last updated" to now if the content differs from `fingerprint_before`.

        Take the fingerprint before an edit and call this once the role and its child rows are
        saved; saving without changes keeps the date. Returns whether the date moved.
        """
        if fingerprint_before is None or fingerprint_before == self.compute_fingerprint():
            return False
        self.content_updated_at = timezone.now()
        # save(), not update(): its post_save signal drops the cached pages showing the date.
        self.save(update_fields=["content_updated_at"])
        return True


class OrderedRow(ControlCharacterFreeText):
    """A child row of a role that the editor puts in order."""

    position = models.PositiveIntegerField(
        default=0, help_text="Rows are shown in ascending order of this number."
    )

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    @staticmethod
    def deleted_with_its_role(origin) -> bool:
        """Whether a post_delete of a row comes from deleting its role (or a queryset of
        roles), `origin` being the signal's argument: work for the role is then moot."""
        return isinstance(origin, Role) or getattr(origin, "model", None) is Role


class Fact(OrderedRow):
    """One "Role at a glance" line: a label and its value."""

    class Kind(models.TextChoices):
        EDUCATION = "education", "Typical education"
        EXPERIENCE = "experience", "Typical experience"
        CERTIFICATIONS = "certifications", "Key certifications"
        EMPLOYERS = "employers", "Top employer types"
        GROWTH = "growth", "Growth outlook"
        AI_IMPACT = "ai_impact", "AI impact"
        OTHER = "other", "Other"

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="facts")
    kind = models.CharField(
        max_length=20,
        choices=Kind,
        default=Kind.OTHER,
        help_text="What the fact is about; category cards show education and experience.",
    )
    label = models.CharField(max_length=100, help_text='As shown, e.g. "Typical education".')
    value = models.TextField(help_text="As shown next to the label.")

    class Meta(OrderedRow.Meta):
        constraints = [models.CheckConstraint(condition=~Q(label=""), name="fact_label_not_empty")]

    def __str__(self) -> str:
        return f"{self.label}: {self.value}"


class Duty(OrderedRow):
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="duties")
    text = models.TextField(help_text="One duty, as a sentence.")

    class Meta(OrderedRow.Meta):
        verbose_name_plural = "duties"

    def __str__(self) -> str:
        return self.text


class QualificationGroup(OrderedRow):
    """A heading such as "Cloud and infrastructure" with its items, one per line."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="qualification_groups")
    heading = models.CharField(max_length=200, help_text='e.g. "Education" or "MLOps".')
    items = models.TextField(help_text="One item per line, in the order shown.")

    class Meta(OrderedRow.Meta):
        constraints = [
            models.CheckConstraint(condition=~Q(heading=""), name="qualification_heading_not_empty")
        ]

    def __str__(self) -> str:
        return self.heading

    @property
    def item_list(self) -> list[str]:
        return [line.strip() for line in self.items.splitlines() if line.strip()]


class FAQ(OrderedRow):
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="faqs")
    question = models.CharField(max_length=300)
    answer = models.TextField(help_text="Markdown.")

    class Meta(OrderedRow.Meta):
        verbose_name = "FAQ"
        verbose_name_plural = "FAQs"
        constraints = [
            models.CheckConstraint(condition=~Q(question=""), name="faq_question_not_empty")
        ]

    def __str__(self) -> str:
        return self.question


class PreviousCategorySlug(models.Model):
    """An address a category used to have; it answers 301 to the category's current page."""

    slug = models.SlugField(max_length=100, unique=True)
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="previous_slugs")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.slug} → {self.category.slug}"


class PreviousRoleSlug(models.Model):
    """An address a role used to have; it answers 301 to the role's current page."""

    slug = models.SlugField(max_length=200, unique=True)
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="previous_slugs")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.slug} → {self.role.slug}"


class RemovedRole(models.Model):
    """A role address that was public and no longer is (the role was deleted or unpublished).

    It answers 410 Gone with a page pointing to the category, so crawlers drop it and readers
    find their way on. A public role with the same slug takes precedence.
    """

    slug = models.SlugField(max_length=200, unique=True)
    title = models.CharField(max_length=200)
    category = models.ForeignKey(
        Category, null=True, on_delete=models.SET_NULL, related_name="removed_roles"
    )
    removed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.title} ({self.slug}), removed {self.removed_at:%Y-%m-%d}"
