"""Funding streams, their yearly budgets and income lines, plan themes, the subsidy allowance."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django_fsm import FSMField, FSMModelMixin, transition

from audit.transitions import fsm_permission
from core.financial_years import FinancialYear
from core.money import MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS

from .. import permissions


def money_field(verbose_name: str = "", **kwargs) -> models.DecimalField:
    kwargs.setdefault("validators", [MinValueValidator(Decimal("0.01"))])
    return models.DecimalField(
        verbose_name or None,
        max_digits=MONEY_MAX_DIGITS,
        decimal_places=MONEY_DECIMAL_PLACES,
        **kwargs,
    )


class StreamStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"


class FundingStream(FSMModelMixin, models.Model):
    """One of the office's funding streams (the brief's four), with its rules for awards."""

    name = models.CharField(max_length=150, unique=True)
    short_name = models.CharField(max_length=40, unique=True)
    source_of_money = models.CharField(max_length=250)
    description = models.TextField(blank=True)
    status = FSMField(default=StreamStatus.ACTIVE, choices=StreamStatus.choices, protected=True)
    max_single_award = money_field(
        "Maximum single award",
        null=True,
        blank=True,
        help_text="Leave blank for no limit. An award of exactly this amount is allowed.",
    )
    intermediary = models.ForeignKey(
        "providers.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="administered_streams",
        help_text="An organisation that administers the stream for the office (applications go through it)",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("grants:stream_detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status == StreamStatus.ACTIVE

    @transition(
        field=status,
        source=StreamStatus.ACTIVE,
        target=StreamStatus.PAUSED,
        permission=fsm_permission(permissions.can_manage_streams),
    )
    def pause(self) -> None:
        """An administrator or officer pauses the stream: no new awards; its history stays."""

    @transition(
        field=status,
        source=StreamStatus.PAUSED,
        target=StreamStatus.ACTIVE,
        permission=fsm_permission(permissions.can_manage_streams),
    )
    def resume(self) -> None:
        """The stream takes new awards again."""


class StreamBudget(models.Model):
    """A stream's budget for one financial year: the sum of its income lines."""

    stream = models.ForeignKey(FundingStream, on_delete=models.PROTECT, related_name="budgets")
    financial_year = models.PositiveSmallIntegerField(
        help_text="The year the financial year starts: 2025 means 2025/26"
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["stream__name", "financial_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["stream", "financial_year"], name="one_budget_per_stream_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.stream} {self.year.label}"

    @property
    def year(self) -> FinancialYear:
        return FinancialYear(self.financial_year)

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.income_lines.all()), Decimal("0.00"))


class IncomeLine(models.Model):
    """Where part of a budget comes from, e.g. £30,000 national fund matching our own £30,000."""

    budget = models.ForeignKey(StreamBudget, on_delete=models.CASCADE, related_name="income_lines")
    description = models.CharField(max_length=200)
    source = models.CharField(max_length=200, help_text="Who provides this money")
    amount = money_field()
    is_match_funding = models.BooleanField(
        "Match funding", default=False, help_text="Money given to match our own"
    )

    class Meta:
        ordering = ["is_match_funding", "pk"]

    def __str__(self) -> str:
        return f"{self.description}: £{self.amount}"


class PlanTheme(models.Model):
    """A theme of the Police and Crime Plan ("Plan on a Page") with its shared outcome and aim."""

    name = models.CharField(max_length=50, unique=True)
    shared_outcome = models.CharField(max_length=250)
    aim = models.CharField(max_length=250)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class SubsidyAllowance(models.Model):
    """The minimal financial assistance allowance in force from a date (Subsidy Control Act 2022).

    Effective-dated data, so a change in the law is a new row, never a code change.
    """

    effective_from = models.DateField(unique=True)
    amount = money_field()
    period_years = models.PositiveSmallIntegerField(default=3)
    source = models.CharField(max_length=250)

    class Meta:
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"£{self.amount} over {self.period_years} years from {self.effective_from}"
