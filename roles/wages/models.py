"""Occupations (2018 SOC), areas, and OEWS wage figures tied to the data release they came from.

These models belong to the roles app: roles/models.py imports this module so Django registers
them, and their migrations live in roles/migrations/.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Subquery
from django.urls import reverse


class DataReleaseQuerySet(models.QuerySet):
    def newest_first(self) -> DataReleaseQuerySet:
        # A release loaded without a publication date never outranks a dated one.
        return self.filter(complete=True).order_by(
            F("published_on").desc(nulls_last=True), "-loaded_at", "-pk"
        )

    def newest(self) -> DataRelease | None:
        return self.newest_first().first()


class DataRelease(models.Model):
    """One published release of a wage survey, as loaded. Releases are loaded beside each other;
    pages show the newest complete one."""

    source_name = models.CharField(
        max_length=200, help_text="Who publishes the data, as cited on the page."
    )
    label = models.CharField(
        max_length=50, help_text='The release as its publisher names it: "May 2025".'
    )
    code = models.CharField(
        max_length=20, blank=True, help_text='The publisher\'s code: "2025A01".'
    )
    published_on = models.DateField(
        null=True, blank=True, help_text="The publisher's release date."
    )
    loaded_at = models.DateTimeField(auto_now_add=True)
    checksum = models.CharField(
        max_length=64, unique=True, help_text="SHA-256 of the file loaded; a file loads once."
    )
    licence = models.TextField(help_text="Licence and attribution text shown with the figures.")
    url = models.URLField(help_text="Where a reader can check the figures at the source.")
    # The release's top-code: published wages at or above it are withheld and shown as "$X or more".
    top_code_hourly = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    top_code_annual = models.PositiveIntegerField(null=True, blank=True)
    complete = models.BooleanField(
        default=False, help_text="Set once every row is in; an interrupted load stays hidden."
    )

    objects = DataReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-loaded_at"]

    def __str__(self) -> str:
        return f"{self.source_name}, {self.label}"


class Occupation(models.Model):
    """A 2018 SOC code as the OEWS release lists it, from a major group down to a detailed
    occupation. The primary key is the code itself ("15-2051"), so fixtures and URLs name it."""

    class Level(models.TextChoices):
        TOTAL = "total", "All occupations"
        MAJOR = "major", "Major group"
        MINOR = "minor", "Minor group"
        BROAD = "broad", "Broad occupation"
        DETAILED = "detailed", "Detailed occupation"

    code = models.CharField(max_length=7, primary_key=True, help_text='SOC code, e.g. "15-2051".')
    title = models.CharField(max_length=200)
    level = models.CharField(max_length=10, choices=Level)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    major_group = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The occupation's major group (the explorer filters by it).",
    )

    class Meta:
        ordering = ["code"]
        indexes = [
            # The explorer: detailed occupations of a major group.
            models.Index(fields=["level", "major_group", "code"], name="occupation_by_group"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("wages:occupation", kwargs={"code": self.code})


class Area(models.Model):
    class Kind(models.TextChoices):
        NATIONAL = "national", "National"
        STATE = "state", "State or territory"
        METRO = "metro", "Metropolitan area"

    code = models.CharField(max_length=7, primary_key=True, help_text="The OEWS area code.")
    kind = models.CharField(max_length=10, choices=Kind)
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, help_text="Used in ?area= links.")
    state_fips = models.CharField(max_length=2, blank=True, help_text="For states: the FIPS code.")

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """BLS calls the nation "National"; readers see "United States"."""
        return "United States" if self.kind == self.Kind.NATIONAL else self.name


WAGE_FIGURES = (
    "employment",
    "employment_rse",
    "hourly_mean",
    "annual_mean",
    "wage_rse",
    "hourly_p10",
    "hourly_p25",
    "hourly_median",
    "hourly_p75",
    "hourly_p90",
    "annual_p10",
    "annual_p25",
    "annual_median",
    "annual_p75",
    "annual_p90",
    "jobs_per_1000",
    "location_quotient",
)


class WageQuerySet(models.QuerySet):
    def newest_release(self) -> WageQuerySet:
        """Rows of the newest complete release, decided inside the same query."""
        newest = DataRelease.objects.newest_first().values("pk")[:1]
        return self.filter(release=Subquery(newest))

    def for_occupation(self, occupation_id: str) -> WageQuerySet:
        return (
            self.newest_release().filter(occupation=occupation_id).select_related("area", "release")
        )

    def national(self) -> WageQuerySet:
        return self.filter(area__kind=Area.Kind.NATIONAL)


class Wage(models.Model):
    """The OEWS figures for one occupation in one area, all industries, in one release.

    A figure BLS does not publish is NULL; `top_coded` names the figures withheld because they
    are at or above the release's top-code, and `hourly_not_published` marks occupations paid
    by the year (BLS footnote 4)."""

    release = models.ForeignKey(DataRelease, on_delete=models.CASCADE, related_name="wages")
    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="wages")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="wages")
    employment = models.PositiveIntegerField(null=True)
    employment_rse = models.DecimalField(max_digits=5, decimal_places=1, null=True)
    hourly_mean = models.DecimalField(max_digits=7, decimal_places=2, null=True)
    annual_mean = models.PositiveIntegerField(null=True)
    wage_rse = models.DecimalField(max_digits=5, decimal_places=1, null=True)
    hourly_p10 = models.DecimalField(max_digits=7, decimal_places=2, null=True)
    hourly_p25 = models.DecimalField(max_digits=7, decimal_places=2, null=True)
    hourly_median = models.DecimalField(max_digits=7, decimal_places=2, null=True)
    hourly_p75 = models.DecimalField(max_digits=7, decimal_places=2, null=True)
    hourly_p90 = models.DecimalField(max_digits=7, decimal_places=2, null=True)
    annual_p10 = models.PositiveIntegerField(null=True)
    annual_p25 = models.PositiveIntegerField(null=True)
    annual_median = models.PositiveIntegerField(null=True)
    annual_p75 = models.PositiveIntegerField(null=True)
    annual_p90 = models.PositiveIntegerField(null=True)
    jobs_per_1000 = models.DecimalField(max_digits=9, decimal_places=3, null=True)
    location_quotient = models.DecimalField(max_digits=7, decimal_places=2, null=True)
    top_coded = models.CharField(
        max_length=200, blank=True, help_text="Comma-separated names of top-coded figures."
    )
    hourly_not_published = models.BooleanField(default=False)

    objects = WageQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["release", "occupation", "area"], name="wage_one_row_per_cell"
            )
        ]
        indexes = [
            # The explorer and the state map: every occupation of one area in a release.
            models.Index(fields=["release", "area", "occupation"], name="wage_by_area"),
        ]

    def __str__(self) -> str:
        return f"{self.occupation_id} in {self.area_id} ({self.release_id})"

    def is_top_coded(self, figure: str) -> bool:
        return figure in self.top_coded.split(",")
