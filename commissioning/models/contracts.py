"""Contracts with "N plus M" terms: the contract, its extension options, break notices,
de-commissioning decisions, outcome measures, and the contract-term policy (data).

The term rules are pure functions in commissioning/contract_terms.py; the money side is a grants
Award of kind contract. commissioning/contract_services.py holds the locks and records every
transition.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_fsm import FSMField, FSMModelMixin, transition

from grants.models import money_field

from .. import contract_terms
from ..contract_terms import OptionStatus
from .contracts_stamped import Stamped


class ContractPolicy(models.Model):
    """Contract-term policy as data (administrator-edited, effective-dated): how long before the
    then-current end an extension must be decided, and the break notice a new contract from an
    STA starts with. The row in force on a contract's start date applies to it."""

    effective_from = models.DateField(unique=True)
    decision_lead_months = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="Months before the current end by which an option must be decided",
    )
    default_notice_months = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="Break notice for each party on a contract drafted from an approved STA",
    )
    source = models.CharField(max_length=300, help_text="Where these values come from")

    class Meta:
        ordering = ["-effective_from"]
        verbose_name_plural = "contract policies"
        constraints = [
            models.CheckConstraint(
                condition=Q(decision_lead_months__gte=1) & Q(default_notice_months__gte=1),
                name="contract_policy_months_positive",
            )
        ]

    def __str__(self) -> str:
        return (
            f"From {self.effective_from:%-d %B %Y}: decide options {self.decision_lead_months} "
            "months before the end"
        )


class ContractOrigin(models.TextChoices):
    TENDER = "tender", "A tender award"
    STA = "sta", "An approved single tender action"
    IMPORTED = "imported", "Imported history"


class ContractState(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    ENDED = "ended", "Ended"
    TERMINATED = "terminated", "Ended by a break clause"
    DECOMMISSIONED = "decommissioned", "De-commissioned"


FINISHED_STATES = frozenset(
    {ContractState.ENDED, ContractState.TERMINATED, ContractState.DECOMMISSIONED}
)


class Party(models.TextChoices):
    COMMISSIONER = "commissioner", "The Commissioner"
    PROVIDER = "provider", "The provider"


def _approval_approved(contract: Contract) -> bool:
    request = contract.approval_request
    return request is not None and request.state == "approved"


_approval_approved.__doc__ = (
    "The contract award has not been approved through the approvals engine."
)


def _funding_set(contract: Contract) -> bool:
    return contract.award_id is not None


_funding_set.__doc__ = "Say who pays for the contract (funding shares) before it starts."


class Contract(FSMModelMixin, Stamped, models.Model):
    reference = models.CharField(max_length=50, unique=True)
    provider = models.ForeignKey(
        "providers.Organisation", on_delete=models.PROTECT, related_name="contracts"
    )
    title = models.CharField("Service", max_length=200)
    origin = models.CharField(max_length=20, choices=ContractOrigin.choices)
    single_tender_action = models.ForeignKey(
        "commissioning.SingleTenderAction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contracts",
    )
    project = models.ForeignKey(
        "commissioning.CommissioningProject",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contracts",
        help_text="The commissioning project it came from (a tender award or STA sets it)",
    )
    award = models.OneToOneField(
        "grants.Award",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contract",
        help_text="The money: shares per stream or partner and commitments per financial year",
    )
    annual_value = money_field("Annual value (£)")
    start_date = models.DateField()
    initial_months = models.PositiveSmallIntegerField(
        "Initial term (months)", validators=[MinValueValidator(1)]
    )
    commissioner_notice_months = models.PositiveSmallIntegerField(
        "Our break notice (months)", validators=[MinValueValidator(1)]
    )
    provider_notice_months = models.PositiveSmallIntegerField(
        "Provider's break notice (months)", validators=[MinValueValidator(1)]
    )
    ended_on = models.DateField(
        null=True, blank=True, help_text="Set by a break clause or de-commissioning"
    )
    approval_request = models.ForeignKey(
        "approvals.ApprovalRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The contract award approval",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="created_contracts"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    request_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    state = FSMField(
        default=ContractState.DRAFT, choices=ContractState.choices, protected=True, db_index=True
    )

    class Meta:
        ordering = ["reference"]
        constraints = [
            models.CheckConstraint(
                condition=Q(initial_months__gte=1), name="contract_initial_term_positive"
            ),
            models.CheckConstraint(
                condition=Q(commissioner_notice_months__gte=1) & Q(provider_notice_months__gte=1),
                name="contract_break_notice_both_parties",
            ),
            models.CheckConstraint(
                condition=Q(annual_value__gt=0), name="contract_annual_value_positive"
            ),
            models.CheckConstraint(
                condition=~Q(origin="sta") | Q(single_tender_action__isnull=False),
                name="contract_from_sta_names_it",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("commissioning:contract_detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.state in FINISHED_STATES

    def option_rows(self) -> list[ExtensionOption]:
        """Options in order (uses a prefetch when there is one)."""
        cache = getattr(self, "_prefetched_objects_cache", {})
        if "options" in cache:
            return sorted(cache["options"], key=lambda o: o.sequence)
        return list(self.options.order_by("sequence"))

    def timeline(self, *, lead_months: int) -> contract_terms.Timeline:
        return contract_terms.timeline(
            self.start_date,
            self.initial_months,
            [(o.months, o.status) for o in self.option_rows()],
            lead_months=lead_months,
            ended_on=self.ended_on,
        )

    def term_text(self) -> str:
        return contract_terms.describe_term(
            self.initial_months, [o.months for o in self.option_rows()]
        )

    def clean(self) -> None:
        if self.title is not None:
            self.title = self.title.replace("\x00", "").strip()
        if self.reference is not None:
            self.reference = self.reference.replace("\x00", "").strip()
        if self.initial_months is not None:
            errors = contract_terms.term_errors(self.initial_months, [])
            if errors:
                raise ValidationError({"initial_months": errors[0]})

    # --- transitions: contract_services holds the lock and records them ----------------------

    @transition(
        field=state,
        source=ContractState.DRAFT,
        target=ContractState.ACTIVE,
        conditions=[_funding_set, _approval_approved],
    )
    def activate(self) -> None:
        """An officer lets the contract once its award is approved and its funding committed."""

    @transition(field=state, source=ContractState.ACTIVE, target=ContractState.ENDED)
    def end(self) -> None:
        """The current term ran out with no option exercised."""

    @transition(field=state, source=ContractState.ACTIVE, target=ContractState.TERMINATED)
    def terminate(self, *, ends_on) -> None:
        """Either party gave break notice: the contract ends on `ends_on`."""
        self.ended_on = ends_on

    @transition(field=state, source=ContractState.ACTIVE, target=ContractState.DECOMMISSIONED)
    def decommission(self, *, ends_on) -> None:
        """The office decided, with a risk assessment and the provider's agreement, to end it."""
        self.ended_on = ends_on


class ExtensionOption(Stamped, models.Model):
    class Status(models.TextChoices):
        PENDING = OptionStatus.PENDING, "Pending"
        EXERCISED = OptionStatus.EXERCISED, "Exercised"
        DECLINED = OptionStatus.DECLINED, "Declined"
        LAPSED = OptionStatus.LAPSED, "Lapsed"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="options")
    sequence = models.PositiveSmallIntegerField()
    months = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    single_tender_action = models.ForeignKey(
        "commissioning.SingleTenderAction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Added by an approved STA (after the deadline, or beyond the N plus M rule)",
    )
    provider_agreed_by = models.CharField("Who agreed for the provider", max_length=200, blank=True)
    provider_agreed_on = models.DateField(null=True, blank=True)
    agreement_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approval_request = models.ForeignKey(
        "approvals.ApprovalRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["contract", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "sequence"], name="option_sequence_unique"),
            models.CheckConstraint(condition=Q(months__gte=1), name="option_months_positive"),
            models.CheckConstraint(condition=Q(sequence__gte=1), name="option_sequence_positive"),
        ]

    def __str__(self) -> str:
        return f"Option {self.sequence}: {contract_terms.describe_months(self.months)}"

    @property
    def provider_agreed(self) -> bool:
        return bool(self.provider_agreed_by and self.provider_agreed_on)


class BreakNotice(models.Model):
    """Notice under the break clause, by either party: the end is the notice date plus that party's
    notice period, or a later date the notice states."""

    contract = models.OneToOneField(Contract, on_delete=models.PROTECT, related_name="break_notice")
    party = models.CharField(max_length=20, choices=Party.choices)
    given_on = models.DateField()
    given_by = models.CharField("Who gave notice", max_length=200)
    reason = models.TextField()
    stated_end = models.DateField(null=True, blank=True)
    ends_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("given_on")), name="break_ends_after_notice"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_party_display()} gave notice on {self.given_on}"


class DecommissioningDecision(models.Model):
    """A decision to end a contract early, with its risk assessment and the provider's agreement."""

    contract = models.OneToOneField(
        Contract, on_delete=models.PROTECT, related_name="decommissioning"
    )
    reason = models.TextField()
    risks_to_service_users = models.TextField()
    mitigation = models.TextField()
    exit_plan = models.TextField()
    provider_agreed_by = models.CharField("Who agreed for the provider", max_length=200)
    provider_agreed_on = models.DateField()
    ends_on = models.DateField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"De-commissioned, ending {self.ends_on}"


class MeasureDirection(models.TextChoices):
    AT_LEAST = "at_least", "At least the target"
    AT_MOST = "at_most", "At most the target"


class OutcomeMeasureFields(models.Model):
    """The fields every outcome measure shares (a contract's, a commissioning project's planned
    ones): a named metric, its unit, a target and which way is better. A tender award copies a
    project's measures onto its contract with `measure_values()`."""

    Direction = MeasureDirection

    metric = models.CharField(max_length=200)
    unit = models.CharField(max_length=50, blank=True)
    target = models.DecimalField(max_digits=14, decimal_places=2)
    direction = models.CharField(
        max_length=20, choices=MeasureDirection.choices, default=MeasureDirection.AT_LEAST
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.metric}: {self.get_direction_display().lower()} {self.target} {self.unit}"

    def measure_values(self) -> dict:
        """The shared fields as keyword arguments, to copy a measure onto another owner."""
        return {
            "metric": self.metric,
            "unit": self.unit,
            "target": self.target,
            "direction": self.direction,
        }


class OutcomeMeasure(OutcomeMeasureFields):
    """What the provider reports against (returns use these): a metric with a target."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="measures")

    class Meta:
        ordering = ["contract", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "metric"], name="measure_metric_unique")
        ]
