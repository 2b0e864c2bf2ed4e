"""Outcomes Star as data: star versions and their areas, and a return's cohort readings per area.

Source: the brief ("Outcomes Star"): readings per outcome area on a 1–10 scale; distance travelled
is the change from the first to the latest reading; versions differ in their areas.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from .. import rules

READING_MIN = Decimal("1")
READING_MAX = Decimal("10")


class StarVersion(models.Model):
    """One version of the Outcomes Star (e.g. the Empowerment Star, 9 areas)."""

    name = models.CharField(max_length=100, unique=True)
    active = models.BooleanField(default=True, help_text="Offered on new returns")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StarArea(models.Model):
    """An outcome area of a star version, in the order the star shows them."""

    version = models.ForeignKey(StarVersion, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(max_length=100)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["version", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "name"], name="star_area_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.version}: {self.name}"


def _reading_field(label: str) -> models.DecimalField:
    return models.DecimalField(
        label,
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(READING_MIN), MaxValueValidator(READING_MAX)],
    )


class StarReading(models.Model):
    """The cohort's readings in one area for one return: people counted, average first and latest."""

    outcome_return = models.ForeignKey(
        "returns.OutcomeReturn", on_delete=models.CASCADE, related_name="star_readings"
    )
    area = models.ForeignKey(StarArea, on_delete=models.PROTECT, related_name="+")
    people = models.PositiveIntegerField("People counted")
    first_average = _reading_field("Average first reading")
    latest_average = _reading_field("Average latest reading")

    class Meta:
        ordering = ["area__position", "area__pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["outcome_return", "area"], name="star_reading_once_per_area"
            ),
            models.CheckConstraint(
                condition=Q(first_average__gte=1)
                & Q(first_average__lte=10)
                & Q(latest_average__gte=1)
                & Q(latest_average__lte=10),
                name="star_reading_one_to_ten",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area.name}: {self.first_average} → {self.latest_average}"

    @property
    def distance_travelled(self) -> Decimal:
        return rules.distance_travelled(self.first_average, self.latest_average)
