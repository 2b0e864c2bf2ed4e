"""The schedule settings as data: period length, days allowed after a period, light-return limit.

Effective-dated and administrator-edited; read only by `returns.selectors.settings_in_force`.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q


class ReturnSettings(models.Model):
    """The outcome-return rules in force from a date (the latest on or before a day applies)."""

    effective_from = models.DateField(unique=True, help_text="The first day these settings apply")
    period_months = models.PositiveSmallIntegerField(
        "Months in a return period",
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    due_after_days = models.PositiveSmallIntegerField(
        "Days allowed after a period ends",
        default=30,
        validators=[MaxValueValidator(366)],
    )
    light_return_up_to = models.DecimalField(
        "Light return for awards up to and including (£)",
        max_digits=12,
        decimal_places=2,
        default=Decimal("2000.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    source = models.CharField(max_length=300, help_text="Where these values come from")
    is_default = models.BooleanField(
        "Reasonable default", default=False, help_text="Not from a source document"
    )

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = "outcome return settings"
        verbose_name_plural = "outcome return settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(period_months__gte=1) & Q(period_months__lte=24),
                name="return_settings_period_months",
            ),
            models.CheckConstraint(
                condition=Q(light_return_up_to__gte=0), name="return_settings_light_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"Outcome returns from {self.effective_from:%-d %B %Y}"
