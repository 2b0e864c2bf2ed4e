"""Approval bands (effective-dated data), approval requests and the decisions people make on them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django_fsm import FSMField, FSMModelMixin, transition

from accounts.roles import Role
from audit.transitions import fsm_permission
from core.money import MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS

from . import rules

BAND_IN_USE = "This band has decided approval requests, so it cannot change: add a new band set."
UPPER_ABOVE_LOWER = "The upper limit must be more than the lower limit"
SECOND_ROLE_DIFFERENT = "Choose a different second role, or leave it blank"
NOTICE_ONE_ROLE = "A band decided by a signed decision notice has one role: the Commissioner"


def _money(verbose_name: str, **kwargs) -> models.DecimalField:
    return models.DecimalField(
        verbose_name, max_digits=MONEY_MAX_DIGITS, decimal_places=MONEY_DECIMAL_PLACES, **kwargs
    )


class ApprovalKind(models.TextChoices):
    STA = "sta", "Single tender action"
    CONTRACT_AWARD = "contract_award", "Contract award off the top-ranked bid"
    CONTRACT_EXTENSION = "contract_extension", "Contract extension"
    BUDGET_OVERRIDE = "budget_override", "Budget override"
    GRANT = "grant", "Grant"


class ApprovalBand(models.Model):
    """Who must approve a kind of decision in a value range, from a date (administrator-edited).

    A band owns values above `above_value` up to and including `up_to_value` (blank: no upper
    limit). The set in force on a date is the kind's rows with the latest `effective_from` on or
    before it; a request keeps the band it was submitted under.
    """

    kind = models.CharField(max_length=30, choices=ApprovalKind.choices)
    effective_from = models.DateField(help_text="The first day this band set applies")
    above_value = _money(
        "Over (£)", validators=[MinValueValidator(0)], help_text="Values above this amount"
    )
    up_to_value = _money(
        "Up to and including (£)", null=True, blank=True, help_text="Blank for no upper limit"
    )
    first_role = models.CharField(max_length=40, choices=Role.choices)
    second_role = models.CharField(
        max_length=40,
        choices=Role.choices,
        blank=True,
        help_text="A second role that must also approve (a different person)",
    )
    needs_decision_notice = models.BooleanField(
        default=False, help_text="Approved by the Commissioner signing a decision notice"
    )
    source = models.CharField(max_length=300, help_text="Where this band comes from")
    is_default = models.BooleanField(
        "Reasonable default", default=False, help_text="Not from a source document"
    )

    class Meta:
        ordering = ["kind", "-effective_from", "above_value"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "effective_from", "above_value"], name="approval_band_unique_start"
            ),
            models.CheckConstraint(
                condition=Q(up_to_value__isnull=True) | Q(up_to_value__gt=F("above_value")),
                name="approval_band_upper_above_lower",
            ),
            models.CheckConstraint(
                condition=Q(above_value__gte=0), name="approval_band_lower_not_negative"
            ),
            models.CheckConstraint(
                condition=~Q(second_role=F("first_role")), name="approval_band_two_roles_differ"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.as_rule().range_text} from {self.effective_from}"

    def save(self, *args, **kwargs) -> None:
        if self.pk and not self._state.adding and self.requests.exists():
            raise ValidationError(BAND_IN_USE)
        super().save(*args, **kwargs)

    @property
    def roles(self) -> tuple[str, ...]:
        return tuple(r for r in (self.first_role, self.second_role) if r)

    def as_rule(self) -> rules.Band:
        return rules.Band(
            kind=self.kind,
            effective_from=self.effective_from,
            above=self.above_value,
            up_to=self.up_to_value,
            roles=self.roles,
            needs_decision_notice=self.needs_decision_notice,
            source=self.source,
            is_default=self.is_default,
            pk=self.pk,
        )

    def clean(self) -> None:
        errors = {}
        bounded = self.up_to_value is not None and self.above_value is not None
        if bounded and self.up_to_value <= self.above_value:
            errors["up_to_value"] = UPPER_ABOVE_LOWER
        if self.second_role and self.second_role == self.first_role:
            errors["second_role"] = SECOND_ROLE_DIFFERENT
        if self.needs_decision_notice and self.second_role:
            errors["second_role"] = NOTICE_ONE_ROLE
        if self.pk and self.requests.exists():
            raise ValidationError(BAND_IN_USE)
        if errors:
            raise ValidationError(errors)


class ApprovalState(models.TextChoices):
    PENDING = "pending", "Waiting for approval"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    RETURNED = "returned", "Returned for changes"


class Outcome(models.TextChoices):
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    RETURNED = "returned", "Returned for changes"


def _may_decide(request: ApprovalRequest, user) -> bool:
    from .permissions import can_decide_approval_request

    return can_decide_approval_request(user, request)[0]


def _predicate(user, request):
    from .permissions import can_decide_approval_request

    return can_decide_approval_request(user, request)


_decide_permission = fsm_permission(_predicate)


class ApprovalRequest(FSMModelMixin, models.Model):
    """One request for approval of something of a kind and value, under the band in force when it
    was submitted. The domain object (e.g. an STA) points at it and acts on its outcome.

    The band's roles and the reason are copied in when it is made, so later band edits never
    change what this request needed.
    """

    kind = models.CharField(max_length=30, choices=ApprovalKind.choices, db_index=True)
    value = _money("Value", validators=[MinValueValidator(0)])
    title = models.CharField(max_length=250)
    subject_url = models.CharField(max_length=250, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="approval_requests"
    )
    requested_at = models.DateTimeField(default=timezone.now, db_index=True)
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        help_text="Everyone who wrote or changed what is to be approved: none of them may decide it",
    )
    band_date = models.DateField(help_text="The date whose band set applies")
    band = models.ForeignKey(ApprovalBand, on_delete=models.PROTECT, related_name="requests")
    first_role = models.CharField(max_length=40, choices=Role.choices)
    second_role = models.CharField(max_length=40, choices=Role.choices, blank=True)
    needs_decision_notice = models.BooleanField(default=False)
    reason = models.TextField(help_text="Who must approve this and why")
    decision_notice = models.ForeignKey(
        "approvals.DecisionNotice",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approval_requests",
    )
    request_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    state = FSMField(
        default=ApprovalState.PENDING, choices=ApprovalState.choices, protected=True, db_index=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="approval_value_not_negative"),
            models.CheckConstraint(
                condition=Q(state=ApprovalState.PENDING, decided_at__isnull=True)
                | (~Q(state=ApprovalState.PENDING) & Q(decided_at__isnull=False)),
                name="approval_decided_iff_final",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "first_role", "second_role"]),
            # MAX(decided_at): part of the version the queues are cached under
            models.Index(fields=["decided_at"], name="approval_decided_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    @property
    def roles(self) -> tuple[str, ...]:
        return tuple(r for r in (self.first_role, self.second_role) if r)

    @property
    def is_pending(self) -> bool:
        return self.state == ApprovalState.PENDING

    def decisions_list(self) -> list[ApprovalDecision]:
        """Decisions so far (uses a prefetch when there is one)."""
        cache = getattr(self, "_prefetched_objects_cache", {})
        if "decisions" in cache:
            return list(cache["decisions"])
        return list(self.decisions.select_related("decided_by"))

    def written_by(self, user) -> bool:
        """Whether `user` asked for this or wrote any of what it approves."""
        if user.pk == self.requested_by_id:
            return True
        cache = getattr(self, "_prefetched_objects_cache", {})
        if "authors" in cache:
            return any(author.pk == user.pk for author in cache["authors"])
        if getattr(self, "reader_id", None) == user.pk:  # read with the request (its page)
            return self.reader_wrote_it
        return self.pk is not None and self.authors.filter(pk=user.pk).exists()

    def pending_roles(self) -> list[str]:
        decided = {d.role for d in self.decisions_list()}
        return [r for r in self.roles if r not in decided]

    def get_pending_role_labels(self) -> list[str]:
        return [rules.role_label(r) for r in self.pending_roles()]

    # --- transitions: only engine.services calls these, holding the row lock ---------------

    @transition(
        field=state,
        source=ApprovalState.PENDING,
        target=ApprovalState.APPROVED,
        permission=_decide_permission,
    )
    def approve(self, *, at) -> None:
        """The last required role approves (or the Commissioner signs the decision notice)."""
        self.decided_at = at

    @transition(
        field=state,
        source=ApprovalState.PENDING,
        target=ApprovalState.REJECTED,
        permission=_decide_permission,
    )
    def reject(self, *, at) -> None:
        """One required approver refuses it, with a reason: it is final."""
        self.decided_at = at

    @transition(
        field=state,
        source=ApprovalState.PENDING,
        target=ApprovalState.RETURNED,
        permission=_decide_permission,
    )
    def return_for_changes(self, *, at) -> None:
        """One required approver sends it back with comments; a resubmission is a new request."""
        self.decided_at = at


class ApprovalDecision(models.Model):
    """One person's decision on a request in one of its roles, under the band that applied."""

    request = models.ForeignKey(ApprovalRequest, on_delete=models.PROTECT, related_name="decisions")
    role = models.CharField(max_length=40, choices=Role.choices)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="approval_decisions"
    )
    decided_at = models.DateTimeField(default=timezone.now)
    band = models.ForeignKey(ApprovalBand, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["decided_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "role"], name="one_decision_per_role"),
            models.UniqueConstraint(
                fields=["request", "decided_by"], name="one_decision_per_person"
            ),
            models.CheckConstraint(
                condition=Q(outcome=Outcome.APPROVED) | ~Q(comment=""),
                name="decision_reject_or_return_has_comment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} by {self.decided_by} as {self.get_role_display()}"
