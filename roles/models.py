"""Categories and the role pages they hold.

A role's page is made of the role's own text fields plus four kinds of ordered child rows (facts,
duties, qualification groups, FAQs). "Last updated" is the moment the page's content last changed:
roles/editorial/edits.py compares fingerprints of everything a reader sees before and after an edit
(roles/content.py), so saving an unchanged form does not move the date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import (
    Count,
    Exists,
    F,
    Func,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Window,
)
from django.db.models.functions import Coalesce, Left, RowNumber, Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.deconstruct import deconstructible

from roles.search.fields import RoleSearchIndex, RoleSearchVectorField, TitleWordsIndex
from roles.search.words import clean_query, parse_query


def tidy_text(text: str) -> str:
    """Text as it is stored and compared: Unix line endings, no blank lines or spaces at either
    end. Browsers send a textarea's lines ending in CR LF; neither that nor a stray blank line
    at the end is a change a reader could see. (Spaces at the end of a line inside the text are
    kept: two of them are a line break in Markdown.)"""
    text = text.replace("\r\n", "\n").replace("\r", "\n").rstrip()
    return text.lstrip("\n") if text.lstrip("\n").strip() else ""


def tidied(model_field: models.Field, value: str) -> str:
    """A text as the field stores it: control characters dropped, one-line fields with their
    spaces folded (HTML shows no more), multi-line ones tidied (tidy_text)."""
    value = strip_control_characters(value)
    if isinstance(model_field, models.TextField):
        return tidy_text(value)
    if isinstance(model_field, models.CharField):
        return " ".join(value.split())
    return value


def tidy_text_fields(instance: models.Model) -> None:
    """Tidy the text fields of `instance` before it is saved (see tidied())."""
    for model_field in instance._meta.concrete_fields:
        value = getattr(instance, model_field.attname)
        if isinstance(value, str):
            setattr(instance, model_field.attname, tidied(model_field, value))


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
        errors: dict[str, list] = {}
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


@deconstructible(path="roles.models.TitleOrder")
class TitleOrder(Func):
    """A title as readers expect lists in title order to run: case-insensitive ("Machine
    Learning Engineer" before "MLOps Engineer"), and on PostgreSQL locale-aware too (ICU's
    root collation: "Économiste" beside "Economist", not after "Zoologist"). SQLite has only
    its built-in NOCASE, which folds ASCII letters. Indexes are built on this very expression
    (role_category_by_title, role_a_to_z), so ordering by it reads them in order.

    A Func rather than a Collate: an index takes a Collate as the collation of its column
    and would not let SQLite and PostgreSQL name different ones."""

    template = "%(expressions)s COLLATE %(collation)s"
    allowed_default = False

    def __init__(self, field: str = "title") -> None:
        super().__init__(F(field))

    def as_sql(self, compiler, connection, **extra_context):
        extra_context.setdefault("collation", connection.ops.quote_name("und-x-icu"))
        return super().as_sql(compiler, connection, **extra_context)

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, collation="NOCASE", **extra_context)


def title_initial() -> Upper:
    """The first character of a role's title, upper-cased by the database: the A-Z index groups
    by it, and the role_a_to_z index is built on this very expression."""
    return Upper(Left("title", 1))


def _published_roles_of_outer_category() -> RoleQuerySet:
    return Role.objects.published().filter(category=OuterRef("pk")).order_by()


class CategoryQuerySet(models.QuerySet["Category"]):
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

    def with_published_roles(self) -> CategoryQuerySet:
        """Categories with at least one published role, uncounted: one index probe each, where
        counting reads every published role's index entry (3 ms at 10,000 roles)."""
        return self.filter(Exists(_published_roles_of_outer_category()))

    def listed(self) -> CategoryQuerySet:
        """Categories a reader can browse: those with at least one published role, each with
        `published_role_count`."""
        return self.with_published_role_counts().with_published_roles()


class Category(ControlCharacterFreeText):
    name = models.CharField(max_length=100, unique=True, help_text="Shown as the page title.")
    slug = models.SlugField(
        max_length=100, unique=True, help_text="The category's address: /jobs/category-slug/."
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
    version = models.PositiveIntegerField(
        default=0,
        help_text="Counts saves. The edit form carries it, so that a form opened before "
        "someone else's save is merged with that save instead of overwriting it.",
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
        tidy_text_fields(self)
        self.updated_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("roles:category", kwargs={"category_slug": self.slug})


# What a link to a role's page reads (its title, and get_absolute_url's slugs), and what its
# card (includes/role_card.html) reads besides.
LINK_FIELDS = ("title", "slug", "category__slug")
CARD_FIELDS = (*LINK_FIELDS, "summary", "category__name", "soc_id", "soc_is_nearest")


class RoleQuerySet(models.QuerySet["Role"]):
    def released(self) -> RoleQuerySet:
        """Roles that have gone public: published, with a publish date that has passed, whether
        or not they are taken down for a while. Their addresses live on (301s, 503s)."""
        return self.filter(status=Role.Status.PUBLISHED, published_at__lte=timezone.now())

    def published(self) -> RoleQuerySet:
        """Roles a reader may see now: released and not temporarily taken down."""
        now = timezone.now()
        return self.released().filter(
            Q(taken_down_until__isnull=True) | Q(taken_down_until__lte=now)
        )

    def reviewed_since(self, day) -> RoleQuerySet:
        """Roles an editor has reviewed against their sources on or after `day`."""
        return self.filter(reviewed_on__gte=day)

    def taken_down(self) -> RoleQuerySet:
        """Released roles that an editor took down until a moment still to come: their page
        answers 503 with Retry-After, and they are left out of every listing meanwhile."""
        return self.released().filter(taken_down_until__gt=timezone.now())

    def recently_updated(self) -> RoleQuerySet:
        return self.published().order_by("-content_updated_at", TitleOrder())

    def as_cards(self, *also: str) -> RoleQuerySet:
        """Roles read for a card or a link (includes/role_card.html), and the fields `also`
        names, and nothing more. A role row is mostly long text (overview, cover letter, search
        vector); a page that lists other roles reads a few columns of each instead."""
        return self.select_related("category").only(*CARD_FIELDS, *also)

    def with_card_facts(self) -> RoleQuerySet:
        """Roles ready for a card: its columns, the category joined and the education and
        experience facts prefetched, in two queries whatever the number of roles."""
        return self.as_cards().prefetch_related(self._card_facts())

    @staticmethod
    def _card_facts() -> Prefetch:
        card_facts = Fact.objects.filter(kind__in=[Fact.Kind.EDUCATION, Fact.Kind.EXPERIENCE])
        return Prefetch("facts", queryset=card_facts, to_attr="card_facts")

    def search(self, query: str) -> RoleQuerySet:
        """Roles matching a reader's query, best first, each with `rank`, a `raw_snippet` (see
        roles.search.words.snippet_html) and `is_close_match` (found by a spelling-tolerant
        fallback).

        Full-text search on both databases, of the same reading of the query (its phrases,
        exclusions, synonyms; see roles.search.words.parse_query): PostgreSQL's search vector,
        SQLite's FTS5 index; see roles/search/query.py."""
        # Imported here: the query module builds on these models.
        from roles.search import query as search_query

        query, _ = clean_query(query)
        return search_query.matches_or_close_titles(self, parse_query(query))

    def with_initial(self) -> RoleQuerySet:
        """Each role with `initial`: the first character of its title, upper-cased in SQL."""
        return self.annotate(initial=title_initial())

    def count_by_initial(self) -> dict[str, int]:
        rows = self.with_initial().order_by().values("initial").annotate(roles=Count("pk"))  # type: ignore[misc]  # annotated by with_initial()
        return {row["initial"]: row["roles"] for row in rows}

    def first_of_each_initial(self, per_initial: int) -> RoleQuerySet:
        """The first `per_initial` roles, in title order, of each initial (one query now,
        one when evaluated)."""
        rank = Window(
            RowNumber(),
            partition_by=title_initial(),
            order_by=[TitleOrder().asc(), F("pk").asc()],
        )
        # Ranked on the role_a_to_z index alone, then the rows fetched by id. Run here, not as
        # a subquery: PostgreSQL cannot foresee how few ids it yields and would scan the table.
        first = self.annotate(rank_in_initial=rank).filter(rank_in_initial__lte=per_initial)
        return self.filter(pk__in=list(first.values_list("pk", flat=True)))

    def alongside(self, role: Role) -> RoleQuerySet:
        """The other roles of the role's category."""
        return self.filter(category=role.category_id).exclude(pk=role.pk)

    def namesakes_of(self, role: Role) -> RoleQuerySet:
        """Other roles with exactly the role's title (an index lookup: role_namesakes)."""
        return self.filter(title=role.title).exclude(pk=role.pk)

    def best_match(self, text: str) -> Role | None:
        """The role a reader means by `text`: its slug, its title or one of its alternate
        titles in any case, the first title that starts with it, or else the best search
        result; None when nothing matches."""
        text = text.strip()
        if not text:
            return None
        by_title = self.order_by(TitleOrder())
        named = by_title.filter(Q(slug=text) | Q(title__iexact=text)).first()
        named = named or by_title.filter(alternate_titles__title__iexact=text).first()
        named = named or by_title.filter(title__istartswith=text).first()
        return named or self.search(text).first()

    def for_job_ad(self) -> RoleQuerySet:
        """What the job-ad builder starts from: the role, its category and occupation, its
        duties and qualification groups, in three queries."""
        return self.select_related("category", "soc").prefetch_related(
            "duties", "qualification_groups"
        )

    def with_page_content(self) -> RoleQuerySet:
        """Everything the role page shows, in one query per row kind whatever the number of
        rows. Not the search vector: no page shows it, and it is the row's largest column."""
        return (
            self.select_related("category", "soc")
            .defer("search_vector")
            .prefetch_related(*ROW_RELATIONS)
        )

    def with_page_document(self) -> RoleQuerySet:
        """What the role page shows, for readers: the role with its category, its occupation
        and its stored page document in one query, its rows and rendered Markdown taken from
        the document (roles/documents.py). A role whose document is missing or of an older
        format gets its rows prefetched, as `with_page_content()` does.

        Not for code that writes: inside a write the document is rebuilt only when the write
        ends, so editors' code reads the rows themselves (`with_page_content()`)."""
        from roles.documents import RowsFromDocument  # lazy: it imports this module

        roles = self.select_related("category", "soc", "document").defer("search_vector")
        # Django's hook for what a queryset yields (values() and values_list() set it too).
        roles._iterable_class = RowsFromDocument
        return roles


class Role(ControlCharacterFreeText):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200, help_text='The job title, e.g. "Data Engineer".')
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text=(
            "The role's address: /jobs/category-slug/role-slug/. Lowercase words and hyphens."
        ),
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
    # "How to become one", a stage a field (roles.content.ENTRY_STAGES), so that two roles'
    # routes in can be read side by side.
    entry_education = models.TextField(
        "education", blank=True, help_text="Markdown. The schooling people enter with."
    )
    entry_training = models.TextField(
        "training",
        blank=True,
        help_text="Markdown. Apprenticeships, residencies, academies, on-the-job training.",
    )
    entry_credentials = models.TextField(
        "licenses and certifications",
        blank=True,
        help_text="Markdown. The license the law requires and who grants it, or the "
        "certifications employers ask for.",
    )
    entry_experience = models.TextField(
        "work experience", blank=True, help_text="Markdown. The jobs and years that lead here."
    )
    entry_advancement = models.TextField(
        "advancement", blank=True, help_text="Markdown. Where people go next, and what it takes."
    )
    cover_letter = models.TextField(
        "sample cover letter", blank=True, help_text="Markdown. A sample cover letter."
    )
    meta_description = models.CharField(
        max_length=160,
        blank=True,
        help_text="For search results, 50-160 characters. Empty: taken from the summary.",
    )
    editors_note = models.TextField(
        "editor's note",
        blank=True,
        help_text="Markdown, shown above the page: what has changed since the text was written "
        "or what a reader should weigh (for text kept as first published). A fact whose label "
        "the note quotes is taken as addressed by the figure checks.",
    )
    editors_note_on = models.DateField(
        "editor's note date", null=True, blank=True, help_text="When the note was written."
    )
    reviewed_by = models.CharField(
        "reviewed by",
        max_length=100,
        blank=True,
        help_text="The editor who last checked the whole page against its sources, as the page "
        "names them.",
    )
    reviewed_on = models.DateField(
        "last reviewed",
        null=True,
        blank=True,
        help_text='When that review was done. A review that changes no text leaves "last '
        'updated" as it is.',
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
    taken_down_until = models.DateTimeField(
        "temporarily unavailable until",
        null=True,
        blank=True,
        help_text="Takes a published page down for a while without telling search engines it "
        "is gone: until this moment it answers 503 (temporarily unavailable, with the date it "
        "comes back) and is left out of listings, search and sitemaps. It comes back by itself "
        "then; empty this field to bring it back now. To remove a role for good, make it a "
        "draft (its address then answers 410 Gone).",
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
    soc = models.ForeignKey(
        "roles.Occupation",
        verbose_name="SOC occupation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="roles",
        help_text="The 2018 SOC occupation whose BLS pay figures the page shows.",
    )
    soc_is_nearest = models.BooleanField(
        "nearest occupation",
        default=False,
        help_text="Tick when no SOC code covers this role and the one above is the closest: "
        'the page then says "Nearest occupation".',
    )
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)
    # Full-text search on PostgreSQL; kept current after every write by roles/derived.py.
    search_vector = RoleSearchVectorField(null=True, editable=False)

    objects = RoleQuerySet.as_manager()

    class Meta:
        ordering = [TitleOrder().asc()]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="role_title_not_empty"),
            models.CheckConstraint(condition=~Q(slug=""), name="role_slug_not_empty"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="published_role_has_publish_date",
            ),
        ]
        indexes = [
            # Category pages: a category's published roles, by publish date (and the counts
            # read from the index alone, takedowns included).
            models.Index(
                fields=["category", "status", "published_at", "taken_down_until"],
                name="role_category_listing",
            ),
            # Home page: the most recently updated published roles.
            models.Index(fields=["status", "content_updated_at"], name="role_recently_updated"),
            # The search page: full-text matches on the stored vector (GIN on PostgreSQL).
            RoleSearchIndex(fields=["search_vector"], name="role_search_vector"),
            # Category pages list by title: read the first 50 in order instead of sorting all.
            models.Index(F("category"), F("status"), TitleOrder(), name="role_category_by_title"),
            # Role pages: the category's most recently updated roles ("Related roles").
            models.Index(
                fields=["category", "status", "content_updated_at"], name="role_category_recent"
            ),
            # Role pages: is another published role called the same (seo.role_meta)? Without
            # it, every role page scans the table for its title.
            models.Index(fields=["title", "status"], name="role_namesakes"),
            # Role pages: roles of other categories whose titles share a word ("Related roles").
            TitleWordsIndex(name="role_title_words"),
            # The A-Z index: counts by initial, and a letter's roles in title order.
            models.Index(
                title_initial(),
                TitleOrder(),
                F("status"),
                F("published_at"),
                F("taken_down_until"),
                F("id"),
                name="role_a_to_z",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        tidy_text_fields(self)
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse(
            "roles:detail", kwargs={"category_slug": self.category.slug, "role_slug": self.slug}
        )

    def clean(self) -> None:
        super().clean()
        if bool(self.reviewed_by.strip()) != bool(self.reviewed_on):
            missing = "reviewed_on" if self.reviewed_by.strip() else "reviewed_by"
            raise ValidationError(
                {missing: "A review names both the editor who did it and the day it was done."}
            )
        if self.reviewed_on and self.reviewed_on > timezone.localdate():
            raise ValidationError({"reviewed_on": "A review cannot be dated in the future."})

    @property
    def is_released(self) -> bool:
        """Gone public (see RoleQuerySet.released), taken down for a while or not."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_taken_down(self) -> bool:
        return self.taken_down_until is not None and self.taken_down_until > timezone.now()

    @property
    def is_public(self) -> bool:
        return self.is_released and not self.is_taken_down

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

    def compute_fingerprint(self) -> str:
        """A hash of everything a reader sees on the page (roles/content.py; four queries)."""
        from roles.content import RoleContent  # content builds on these models

        return RoleContent.of(self).fingerprint()


class OrderedRow(ControlCharacterFreeText):
    """A child row of a role that the editor puts in order."""

    position = models.PositiveIntegerField(
        default=0, help_text="Rows are shown in ascending order of this number."
    )

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def save(self, *args, **kwargs) -> None:
        self.tidy()
        super().save(*args, **kwargs)

    def tidy(self) -> None:
        """Text as stored (see tidy_text_fields); bulk writers call it, save() does."""
        tidy_text_fields(self)

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
    source_name = models.CharField(
        "source",
        max_length=200,
        blank=True,
        help_text='Who the figure comes from, e.g. "BLS Employment Projections 2024-34".',
    )
    source_url = models.URLField("source link", blank=True, help_text="Where readers can check it.")
    as_of = models.DateField(
        "as of", null=True, blank=True, help_text="The date the source's figure describes."
    )

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

    def tidy(self) -> None:
        super().tidy()
        # Spaces around a line are lost in the page's list anyway (and in the Markdown file).
        self.text = "\n".join(line.strip() for line in self.text.split("\n")).strip()


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

    def tidy(self) -> None:
        super().tidy()
        self.items = "\n".join(self.item_list)  # as shown: one item a line, no blank lines
        # The page puts the colon after the heading itself ("Skills:" showed as "Skills::").
        self.heading = self.heading.rstrip(": ") or self.heading

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


class AlternateTitle(OrderedRow):
    """Another title employers use for the role ("Ethical Hacker" for a Penetration Tester):
    shown under the page's title, searched and listed in the A-Z index."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="alternate_titles")
    title = models.CharField(
        max_length=200, help_text='As employers write it, e.g. "Ethical Hacker".'
    )

    class Meta(OrderedRow.Meta):
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="alternate_title_not_empty")
        ]

    def __str__(self) -> str:
        return self.title


class CareerStep(OrderedRow):
    """A move people typically make into or out of the role, and what the move takes.

    The other role is named by slug, not by key: a file or an editor may name a role that is
    not written yet (the page leaves it out and the content checks flag it), and a role's step
    toward another also shows on that role's page, the other way round."""

    class Direction(models.TextChoices):
        FROM = "from", "Comes from"
        TO = "to", "Moves to"

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="career_steps")
    direction = models.CharField(max_length=4, choices=Direction)
    other_slug = models.SlugField(
        "other role",
        max_length=200,
        help_text="The slug of the role people move from or to (its address's last part).",
    )
    what_it_takes = models.TextField(help_text="One sentence: what the move takes.")

    class Meta(OrderedRow.Meta):
        constraints = [
            models.CheckConstraint(condition=~Q(other_slug=""), name="career_step_other_not_empty")
        ]
        indexes = [models.Index(fields=["other_slug"], name="career_step_other")]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} {self.other_slug}"

    def tidy(self) -> None:
        super().tidy()
        # One sentence, shown in a list item (and written on one line of a Markdown file).
        self.what_it_takes = " ".join(self.what_it_takes.split())


class RelatedChoice(OrderedRow):
    """An editor's choice about the role's "Related roles": a role pinned to the front of the
    list (with the reason shown to readers) or hidden from it."""

    class Choice(models.TextChoices):
        PIN = "pin", "Pin"
        HIDE = "hide", "Hide"

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="related_choices")
    choice = models.CharField(max_length=4, choices=Choice)
    other_slug = models.SlugField("other role", max_length=200, help_text="The role's slug.")
    reason = models.CharField(
        max_length=200,
        blank=True,
        help_text="For a pinned role: why it is related, as readers see it.",
    )

    class Meta(OrderedRow.Meta):
        constraints = [
            models.CheckConstraint(
                condition=~Q(other_slug=""), name="related_choice_other_not_empty"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_choice_display()} {self.other_slug}"


class RoleDocument(models.Model):
    """Derived data, never edited: a role's rows and its Markdown rendered to HTML, in one row,
    rebuilt by roles/derived.py after every write to the role or its rows (roles/documents.py
    says why and how)."""

    role = models.OneToOneField(
        Role, on_delete=models.CASCADE, primary_key=True, related_name="document"
    )
    # What built it: the rows' fields and the Markdown settings (documents.document_format()).
    format = models.CharField(max_length=40)
    # Row kind -> rows, each the values of its concrete fields in the model's order.
    rows = models.JSONField()
    # Markdown text -> its sanitised HTML, for every Markdown text the page renders.
    markdown = models.JSONField()

    def __str__(self) -> str:
        return f"page document of role {self.role_id}"


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


@dataclass(frozen=True)
class RowKind:
    """One kind of a role's ordered rows: its model, its related name on Role and the fields a
    reader sees. The one list that the fingerprint, the history diff, search, the derived-data
    receivers and the page's prefetches iterate."""

    related_name: str
    model: type[
        Fact | Duty | QualificationGroup | FAQ | AlternateTitle | CareerStep | RelatedChoice
    ]
    fields: tuple[str, ...]


ROW_KINDS = (
    RowKind("facts", Fact, ("kind", "label", "value", "source_name", "source_url", "as_of")),
    RowKind("duties", Duty, ("text",)),
    RowKind("qualification_groups", QualificationGroup, ("heading", "items")),
    RowKind("faqs", FAQ, ("question", "answer")),
    RowKind("alternate_titles", AlternateTitle, ("title",)),
    RowKind("career_steps", CareerStep, ("direction", "other_slug", "what_it_takes")),
    RowKind("related_choices", RelatedChoice, ("choice", "other_slug", "reason")),
)
# The role's relations to its rows, as prefetch_related takes them.
ROW_RELATIONS = tuple(kind.related_name for kind in ROW_KINDS)

# The pay data's models (Occupation, Area, DataRelease, Wage) belong to this app.
from roles.wages.models import Area, DataRelease, Occupation, Wage  # noqa: E402, F401
