"""Outcome returns: one per award and period, its outputs (each a snapshot of the measure it reports
on) and the versions the provider submitted, so every version stays readable."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django_fsm import FSMField, transition

from audit.transitions import fsm_permission

from .. import permissions
from .star import StarVersion

LOCKED = "This return has been accepted and can no longer be changed."


class ReturnState(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    RESUBMITTED = "resubmitted", "Resubmitted"
    ACCEPTED = "accepted", "Accepted"


EDITABLE_STATES = (ReturnState.NOT_STARTED, ReturnState.DRAFT, ReturnState.CHANGES_REQUESTED)
AWAITING_REVIEW = (ReturnState.SUBMITTED, ReturnState.RESUBMITTED)
# Submitted at least once: the schedule never moves or removes these (rules.reschedule).
SUBMITTED_STATES = (*AWAITING_REVIEW, ReturnState.CHANGES_REQUESTED, ReturnState.ACCEPTED)


class OutcomeReturn(models.Model):
    """A provider's six-monthly outcome return for one period of one award.

    A return belongs to a grant *or* a contract: two nullable keys and a check that exactly one
    is set, each with its own "once per award and period" constraint.
    """

    grant = models.ForeignKey(
        "grants.Grant",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outcome_returns",
    )
    contract = models.ForeignKey(
        "commissioning.Contract",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outcome_returns",
    )
    # Copied from the award when the schedule is made: the visibility filter and the queue's
    # provider filter read it without joining through the award.
    provider = models.ForeignKey(
        "providers.Organisation", on_delete=models.PROTECT, related_name="outcome_returns"
    )
    period_number = models.PositiveSmallIntegerField()
    period_start = models.DateField()
    period_end = models.DateField()
    due_date = models.DateField()
    light = models.BooleanField(
        "Light return", default=False, help_text="Activity and one headline output only"
    )
    state = FSMField(default=ReturnState.NOT_STARTED, choices=ReturnState.choices, protected=True)
    version = models.PositiveIntegerField(
        default=1, help_text="Goes up on every save: a form from an older version is refused"
    )
    activity = models.TextField("Activity: the service provided", blank=True)
    impact = models.TextField("Impact, other evidence and case studies", blank=True)
    star_version = models.ForeignKey(
        StarVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="outcome_returns_edited",
        help_text="Everyone who changed it: none of them may review it",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_comment = models.TextField(blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            # Exactly one award key is set.
            models.CheckConstraint(
                condition=Q(grant__isnull=False, contract__isnull=True)
                | Q(grant__isnull=True, contract__isnull=False),
                name="outcome_return_belongs_to_one_award",
            ),
            models.UniqueConstraint(
                fields=["grant", "period_number"],
                condition=Q(grant__isnull=False),
                name="outcome_return_once_per_grant_period",
            ),
            models.UniqueConstraint(
                fields=["contract", "period_number"],
                condition=Q(contract__isnull=False),
                name="outcome_return_once_per_contract_period",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start"))
                & Q(due_date__gte=models.F("period_end")),
                name="outcome_return_dates_in_order",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "submitted_at"], name="outcome_return_queue"),
            models.Index(fields=["provider", "due_date"], name="outcome_return_provider_due"),
            # selectors.returns_version: the latest review, read from the index.
            models.Index(fields=["reviewed_at"], name="outcome_return_reviewed"),
            # The review queue (selectors.review_queue): waiting returns, oldest submission first.
            models.Index(
                fields=["submitted_at", "id"],
                condition=Q(state__in=list(AWAITING_REVIEW)),
                name="outcome_return_waiting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.award_reference} return {self.period_number} ({self.period_label})"

    def get_absolute_url(self) -> str:
        return reverse("returns:return_detail", args=[self.pk])

    def clean(self) -> None:
        if (self.grant_id is None) == (self.contract_id is None):
            raise ValidationError("A return belongs to a grant or a contract.")

    @property
    def award_object(self):
        """The grant or contract this return reports on."""
        return self.grant if self.grant_id else self.contract

    @property
    def award_kind(self) -> str:
        """ "grant" or "contract": the returns URL of the award's page is named after it."""
        return "grant" if self.grant_id else "contract"

    @property
    def award_reference(self) -> str:
        award = self.award_object
        return award.reference if award is not None else ""

    @property
    def award_title(self) -> str:
        award = self.award_object
        return award.title if award is not None else ""

    @property
    def award_url(self) -> str:
        """The award's returns page (its returns and a chart of each output over time)."""
        if self.grant_id:
            return reverse("returns:award_returns", args=[self.grant_id])
        return reverse("returns:contract_returns", args=[self.contract_id])

    @property
    def period_label(self) -> str:
        return f"{self.period_start:%-d %b %Y} to {self.period_end:%-d %b %Y}"

    @property
    def is_locked(self) -> bool:
        return self.state == ReturnState.ACCEPTED

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def was_submitted(self) -> bool:
        return self.state in SUBMITTED_STATES

    # Conditions: each docstring is the message people see when it does not hold.
    def has_content(self) -> bool:
        """Describe the activity and give a number for every output before submitting."""
        outputs = list(self.outputs.all())
        return bool(self.activity.strip()) and all(o.value is not None for o in outputs)

    def never_submitted(self) -> bool:
        """This return was submitted before: resubmit it."""
        return not self.submissions.exists()

    def submitted_before(self) -> bool:
        """This return has not been submitted yet."""
        return self.submissions.exists()

    @transition(
        field=state,
        source=[ReturnState.NOT_STARTED, ReturnState.CHANGES_REQUESTED],
        target=ReturnState.DRAFT,
        permission=fsm_permission(permissions.can_edit_return),
    )
    def start_draft(self) -> None:
        """The provider starts (or, after a request for changes, reopens) the return."""

    @transition(
        field=state,
        source=ReturnState.DRAFT,
        target=ReturnState.SUBMITTED,
        conditions=[has_content, never_submitted],
        permission=fsm_permission(permissions.can_edit_return),
    )
    def submit(self) -> None:
        """The provider submits the return for an officer to review."""

    @transition(
        field=state,
        source=ReturnState.DRAFT,
        target=ReturnState.RESUBMITTED,
        conditions=[has_content, submitted_before],
        permission=fsm_permission(permissions.can_edit_return),
    )
    def resubmit(self) -> None:
        """The provider submits the return again after the officer asked for changes."""

    @transition(
        field=state,
        source=list(AWAITING_REVIEW),
        target=ReturnState.CHANGES_REQUESTED,
        permission=fsm_permission(permissions.can_review_return),
    )
    def request_changes(self) -> None:
        """An officer who did not edit it sends it back with a comment the provider sees."""

    @transition(
        field=state,
        source=list(AWAITING_REVIEW),
        target=ReturnState.ACCEPTED,
        permission=fsm_permission(permissions.can_review_return),
    )
    def accept(self) -> None:
        """An officer who did not edit it accepts it; it is locked from then on."""


class ReturnOutput(models.Model):
    """A number reported against one measure, with the measure copied as it stood (label, unit,
    target) so the return reads the same after the measure changes."""

    outcome_return = models.ForeignKey(
        OutcomeReturn, on_delete=models.CASCADE, related_name="outputs"
    )
    # Where the measure came from, e.g. "grant_activity:12" (later "outcome_measure:5").
    measure_key = models.CharField(max_length=50)
    label = models.TextField()
    unit = models.CharField(max_length=50, blank=True)
    target = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    value = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["outcome_return", "measure_key"], name="return_output_once_per_measure"
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0),
                name="return_output_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label[:40]}: {self.value}"


class ReturnSubmission(models.Model):
    """One submitted version of a return, frozen as the provider sent it, with the review of it."""

    outcome_return = models.ForeignKey(
        OutcomeReturn, on_delete=models.CASCADE, related_name="submissions"
    )
    number = models.PositiveSmallIntegerField()
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    content = models.JSONField(help_text="Activity, impact, outputs, star readings, evidence")
    outcome = models.CharField(max_length=20, blank=True, help_text="accepted or changes_requested")

    review_comment = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["outcome_return", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["outcome_return", "number"], name="return_submission_numbered_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.outcome_return} version {self.number}"

    @property
    def outcome_label(self) -> str:
        """The review's outcome in words: "accepted", "changes requested"."""
        return self.outcome.replace("_", " ")
