"""Procurement rules as effective-dated data with their sources: route bands by value, statutory
thresholds by category, and the direct-award grounds an STA may give (administrator-edited)."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models

from grants.models import money_field

from .. import rules


class ProcurementCategory(models.TextChoices):
    GOODS_SERVICES = "goods_services", "Goods and services"
    WORKS = "works", "Works"
    LIGHT_TOUCH = "light_touch", "Light-touch services (most victim services)"


class ProcurementRouteBand(models.Model):
    """From a value (inclusive) up to the next band's: the route the CSOs require, from a date."""

    effective_from = models.DateField()
    from_value = money_field("From (£, inclusive)", validators=[MinValueValidator(0)])
    route = models.CharField(max_length=150)
    notes = models.CharField(max_length=300, blank=True)
    source = models.CharField(max_length=300)

    class Meta:
        ordering = ["-effective_from", "from_value"]
        constraints = [
            models.UniqueConstraint(
                fields=["effective_from", "from_value"], name="route_band_unique_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.route} from £{self.from_value} ({self.effective_from})"

    def as_rule(self) -> rules.RouteBand:
        return rules.RouteBand(self.effective_from, self.from_value, self.route, self.source)


class StatutoryThreshold(models.Model):
    """A Procurement Act 2023 threshold (VAT included) for procurements starting from a date."""

    effective_from = models.DateField()
    category = models.CharField(max_length=20, choices=ProcurementCategory.choices)
    amount = money_field("Threshold (£, including VAT)")
    source = models.CharField(max_length=300)

    class Meta:
        ordering = ["-effective_from", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["effective_from", "category"], name="threshold_unique_per_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} £{self.amount} from {self.effective_from}"

    def as_rule(self) -> rules.Threshold:
        return rules.Threshold(self.effective_from, self.category, self.amount, self.source)


class GroundRegime(models.TextChoices):
    BELOW_THRESHOLD = rules.BELOW_THRESHOLD, "Below threshold (Contract Standing Orders)"
    SCHEDULE_5 = rules.SCHEDULE_5, "At or above threshold (Procurement Act 2023, Schedule 5)"


class DirectAwardGround(models.Model):
    """A reason an STA may give for awarding without competition, and the regime it belongs to."""

    label = models.CharField(max_length=200, unique=True)
    regime = models.CharField(max_length=20, choices=GroundRegime.choices)
    refusal_above_threshold = models.TextField(
        blank=True, help_text="Why this ground is refused at or above the threshold, if it is"
    )
    source = models.CharField(max_length=300)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["regime", "order", "label"]

    def __str__(self) -> str:
        return self.label

    def as_rule(self) -> rules.Ground:
        return rules.Ground(self.label, self.regime, self.refusal_above_threshold)
