"""Funding streams, their yearly budgets, awards with co-funding shares and commitments, and grants."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django_fsm import FSMField, transition

from audit.transitions import fsm_permission
from core.financial_years import FinancialYear
from core.money import MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS

from . import permissions


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


class FundingStream(models.Model):
    """One of the office's funding streams (the brief's four), with its rules for awards."""

    name = models.CharField(max_length=150, unique=True)
    short_name = models.CharField(max_length=40, unique=True)
    source_of_money = models.CharField(max_length=250)
    description = models.TextField(blank=True)
    status = FSMField(default=StreamStatus.ACTIVE, choices=StreamStatus.choices)
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


class AwardKind(models.TextChoices):
    GRANT = "grant", "Grant"
    CONTRACT = "contract", "Contract"


class Award(models.Model):
    """The money side of a grant (and later a contract): total, period, shares, commitments.

    An award's commitments count against stream budgets while `counts_against_budget` is set
    (from submission for decision until withdrawn or rejected).
    """

    kind = models.CharField(max_length=20, choices=AwardKind.choices, default=AwardKind.GRANT)
    recipient = models.ForeignKey(
        "providers.Organisation", on_delete=models.PROTECT, related_name="awards"
    )
    total = money_field("Total amount")
    start_date = models.DateField()
    end_date = models.DateField()
    counts_against_budget = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="award_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(total__gt=0), name="award_total_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.recipient} (£{self.total})"

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date must be on or after the start date"})


class FundingShare(models.Model):
    """Who pays how much of an award: one of our streams, or a named external partner."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="shares")
    stream = models.ForeignKey(
        FundingStream, on_delete=models.PROTECT, null=True, blank=True, related_name="shares"
    )
    partner = models.ForeignKey(
        "providers.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="co_funded_shares",
        help_text="An external co-funder such as the NHS or a county council",
    )
    amount = money_field()

    class Meta:
        ordering = ["stream__name", "partner__name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(stream__isnull=False) & Q(partner__isnull=True))
                | (Q(stream__isnull=True) & Q(partner__isnull=False)),
                name="share_is_stream_or_partner",
            ),
            models.UniqueConstraint(
                fields=["award", "stream"],
                condition=Q(stream__isnull=False),
                name="one_share_per_stream",
            ),
            models.UniqueConstraint(
                fields=["award", "partner"],
                condition=Q(partner__isnull=False),
                name="one_share_per_partner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.funder}: £{self.amount}"

    @property
    def funder(self):
        return self.stream or self.partner


class Commitment(models.Model):
    """Part of an award's stream share committed against one financial year's budget."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="commitments")
    stream = models.ForeignKey(FundingStream, on_delete=models.PROTECT, related_name="commitments")
    financial_year = models.PositiveSmallIntegerField()
    amount = money_field()

    class Meta:
        ordering = ["financial_year", "stream__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["award", "stream", "financial_year"], name="one_commitment_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.stream} {self.year.label}: £{self.amount}"

    @property
    def year(self) -> FinancialYear:
        return FinancialYear(self.financial_year)


class Payment(models.Model):
    """Money actually paid against a commitment (spent to date)."""

    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, related_name="payments")
    paid_on = models.DateField()
    amount = money_field()
    reference = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["paid_on"]

    def __str__(self) -> str:
        return f"£{self.amount} on {self.paid_on}"


class BudgetOverride(models.Model):
    """A finance approver's agreement that an award may take a stream beyond a year's budget."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="budget_overrides")
    stream = models.ForeignKey(FundingStream, on_delete=models.PROTECT)
    financial_year = models.PositiveSmallIntegerField()
    amount = money_field("Amount over budget allowed")
    reason = models.TextField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-approved_at"]

    def __str__(self) -> str:
        return f"Override {self.stream} {FinancialYear(self.financial_year).label}: £{self.amount}"


class GrantState(models.TextChoices):
    DRAFT = "draft", "Draft"
    AWAITING_DECISION = "awaiting_decision", "Awaiting decision"
    APPROVED = "approved", "Approved"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"
    WITHDRAWN = "withdrawn", "Withdrawn"
    REJECTED = "rejected", "Rejected"


LIVE_GRANT_STATES = (
    GrantState.AWAITING_DECISION,
    GrantState.APPROVED,
    GrantState.ACTIVE,
    GrantState.CLOSED,
)


class Grant(models.Model):
    """A contribution to a provider's activities, released by a signed decision notice."""

    reference = models.CharField(max_length=20, unique=True, editable=False)
    title = models.CharField(max_length=200)
    award = models.OneToOneField(Award, on_delete=models.PROTECT, related_name="grant")
    purpose = models.TextField()
    themes = models.ManyToManyField(PlanTheme, related_name="grants")
    decision_notice = models.ForeignKey(
        "approvals.DecisionNotice",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grants",
    )
    state = FSMField(default=GrantState.DRAFT, choices=GrantState.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="grants_created"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    import_key = models.CharField(
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text="Identifies a row of a bulk award spreadsheet, so a re-upload never duplicates",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("grants:grant_detail", args=[self.pk])

    # Conditions: each docstring is the message people see when it does not hold.
    def has_signed_decision_notice(self) -> bool:
        """The decision notice has not been signed by the Commissioner yet."""
        return bool(self.decision_notice_id and self.decision_notice.state == "signed")

    def has_decision_notice(self) -> bool:
        """Draft a decision notice for this grant before submitting it for decision."""
        return self.decision_notice_id is not None

    def has_theme(self) -> bool:
        """Name at least one Police and Crime Plan theme the grant serves."""
        return self.themes.exists()

    @transition(
        field=state,
        source=GrantState.DRAFT,
        target=GrantState.AWAITING_DECISION,
        conditions=[has_decision_notice, has_theme],
        permission=fsm_permission(permissions.can_manage_grants),
    )
    def submit_for_decision(self) -> None:
        """An officer sends the grant, with its decision notice, to the Commissioner."""

    @transition(
        field=state,
        source=GrantState.AWAITING_DECISION,
        target=GrantState.DRAFT,
        permission=fsm_permission(permissions.can_manage_grants),
    )
    def return_to_draft(self) -> None:
        """An officer takes the grant back to change it (its notice must still be unsigned)."""

    @transition(
        field=state,
        source=GrantState.AWAITING_DECISION,
        target=GrantState.APPROVED,
        conditions=[has_signed_decision_notice],
        permission=fsm_permission(permissions.can_decide_grants),
    )
    def approve(self) -> None:
        """The Commissioner's signed decision notice releases the grant."""

    @transition(
        field=state,
        source=GrantState.AWAITING_DECISION,
        target=GrantState.REJECTED,
        permission=fsm_permission(permissions.can_decide_grants),
    )
    def reject(self) -> None:
        """The Commissioner decides not to fund it; its commitments are released."""

    @transition(
        field=state,
        source=GrantState.APPROVED,
        target=GrantState.ACTIVE,
        permission=fsm_permission(permissions.can_manage_grants),
    )
    def activate(self) -> None:
        """An officer records that the grant agreement is in place and delivery has started."""

    @transition(
        field=state,
        source=GrantState.ACTIVE,
        target=GrantState.CLOSED,
        permission=fsm_permission(permissions.can_manage_grants),
    )
    def close(self) -> None:
        """An officer closes the grant when delivery and reporting are complete."""

    @transition(
        field=state,
        source=[GrantState.DRAFT, GrantState.AWAITING_DECISION, GrantState.APPROVED],
        target=GrantState.WITHDRAWN,
        permission=fsm_permission(permissions.can_manage_grants),
    )
    def withdraw(self) -> None:
        """An officer withdraws the grant before it starts; its commitments are released."""


class GrantCondition(models.Model):
    """A condition the recipient must meet (grants may carry conditions)."""

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="conditions")
    text = models.TextField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text[:60]


class DeliveryActivity(models.Model):
    """Delivery activity agreed with the recipient, optionally with a target number."""

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="activities")
    description = models.TextField()
    target = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = "delivery activities"

    def __str__(self) -> str:
        return self.description[:60]


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
