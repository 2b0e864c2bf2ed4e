"""Awards: the money side of a grant or contract, its co-funding shares, commitments, payments
and budget overrides."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q

from core.financial_years import FinancialYear

from .funding import FundingStream, money_field


class AwardKind(models.TextChoices):
    GRANT = "grant", "Grant"
    CONTRACT = "contract", "Contract"


class Award(models.Model):
    """The money side of a grant (and later a contract): total, period, shares, commitments.

    An award's commitments count against stream budgets while its owner is live: for a grant,
    derived from its state (from submission for decision until withdrawn or rejected); for a
    contract, from the moment it is let (`contract_let_at`, set only by
    grants.services.awards.commit_contract_award inside the contract's activation). Never by hand.
    """

    kind = models.CharField(max_length=20, choices=AwardKind.choices, default=AwardKind.GRANT)
    recipient = models.ForeignKey(
        "providers.Organisation", on_delete=models.PROTECT, related_name="awards"
    )
    total = money_field("Total amount")
    start_date = models.DateField()
    end_date = models.DateField()
    contract_let_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        # Sort keys of the grants list and the transparency page (ties broken by id).
        indexes = [
            models.Index(fields=["total", "id"], name="award_total_idx"),
            models.Index(fields=["start_date", "id"], name="award_start_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="award_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(total__gt=0), name="award_total_positive"),
            models.CheckConstraint(
                condition=Q(contract_let_at__isnull=True) | Q(kind="contract"),
                name="award_only_contracts_are_let",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.recipient} (£{self.total})"

    @property
    def counts_against_budget(self) -> bool:
        from .grants import LIVE_GRANT_STATES

        if self.kind == AwardKind.CONTRACT:
            return self.contract_let_at is not None
        try:
            return self.grant.state in LIVE_GRANT_STATES
        except ObjectDoesNotExist:
            return False

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
            models.CheckConstraint(condition=Q(amount__gt=0), name="share_amount_positive"),
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
        # Budget summaries aggregate by stream and year (grants.selectors.budget_summaries).
        indexes = [
            models.Index(fields=["stream", "financial_year"], name="commitment_stream_year_idx")
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="commitment_amount_positive"),
            models.UniqueConstraint(
                fields=["award", "stream", "financial_year"], name="one_commitment_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stream} {self.year.label}: £{self.amount}"

    @property
    def year(self) -> FinancialYear:
        return FinancialYear(self.financial_year)

    @property
    def paid(self):
        """Paid so far (uses prefetched payments when there are some)."""
        return sum((p.amount for p in self.payments.all()), Decimal("0.00"))

    @property
    def remaining(self):
        return self.amount - self.paid


class Payment(models.Model):
    """Money actually paid against a commitment (spent to date), recorded by finance."""

    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, related_name="payments")
    paid_on = models.DateField()
    amount = money_field()
    reference = models.CharField(max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)
    # The form's one-time key: a double-clicked "Record payment" finds the payment it made.
    request_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["paid_on"]

    def __str__(self) -> str:
        return f"£{self.amount} on {self.paid_on}"


class BudgetOverride(models.Model):
    """Leave for an award to take a stream beyond a year's budget, asked for by an officer and
    decided by a finance approver through the approvals engine (a request of kind "budget
    override" in the finance queue). It counts only once its request is approved.

    One row per award, stream and year: after a return for changes the officer asks again on the
    same row, which then points at the new request (the old request keeps what it decided).
    """

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="budget_overrides")
    stream = models.ForeignKey(FundingStream, on_delete=models.PROTECT)
    financial_year = models.PositiveSmallIntegerField()
    amount = money_field("Amount over budget allowed")
    reason = models.TextField()
    approval_request = models.OneToOneField(
        "approvals.ApprovalRequest", on_delete=models.PROTECT, related_name="+"
    )
    # Who approved it and when (copied from the engine's decision by the outcome hook).
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    # The form's one-time key: a double-clicked or retried "Ask for an override" finds the first.
    request_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["-pk"]
        constraints = [
            # At most one override per award, stream and year: a second post never adds to it.
            models.UniqueConstraint(
                fields=["award", "stream", "financial_year"], name="one_override_per_stream_year"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="override_amount_positive"),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True, approved_at__isnull=True)
                | Q(approved_by__isnull=False, approved_at__isnull=False),
                name="override_approved_by_iff_at",
            ),
        ]

    def __str__(self) -> str:
        return f"Override {self.stream} {self.year.label}: £{self.amount}"

    @property
    def year(self) -> FinancialYear:
        return FinancialYear(self.financial_year)

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None


def approved_overrides_q(prefix: str = "") -> Q:
    """The overrides that count against a budget: those whose request was approved."""
    return Q(**{f"{prefix}approval_request__state": "approved"})


def counts_against_budget_q(prefix: str = "award__") -> Q:
    """The database form of Award.counts_against_budget, for queries over `prefix` awards."""
    from .grants import LIVE_GRANT_STATES

    return Q(**{f"{prefix}grant__state__in": LIVE_GRANT_STATES}) | Q(
        **{f"{prefix}kind": AwardKind.CONTRACT, f"{prefix}contract_let_at__isnull": False}
    )
