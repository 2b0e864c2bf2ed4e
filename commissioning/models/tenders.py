"""Tenders: the tender and its lifecycle (draft → approved for publication → published → closed →
evaluation → moderation → awarded, or cancelled), its method-statement questions and their
weights, clarifications, and the five-point scale's descriptors (data).

Bids and evaluation (panel, declarations, scores, moderation) are in tender_evaluation.py. The
scoring formulas are the pure rule commissioning/tender_scoring.py; commissioning/tender_services
holds the locks and records every transition.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django_fsm import FSMField, FSMModelMixin, transition

from grants.models import money_field

from .. import tender_scoring

WEIGHT = {"max_digits": 5, "decimal_places": 2}


class TenderState(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved for publication"
    PUBLISHED = "published", "Published"
    CLOSED = "closed", "Closed for bids"
    EVALUATION = "evaluation", "In evaluation"
    MODERATION = "moderation", "In moderation"
    AWARDED = "awarded", "Awarded"
    CANCELLED = "cancelled", "Cancelled"


OPEN_STATES = (
    TenderState.DRAFT,
    TenderState.APPROVED,
    TenderState.PUBLISHED,
    TenderState.CLOSED,
    TenderState.EVALUATION,
    TenderState.MODERATION,
)


class ScoreDescriptor(models.Model):
    """The five-point scale's words (administrator-edited): 0 unacceptable … 4 excellent."""

    score = models.PositiveSmallIntegerField(
        unique=True, validators=[MaxValueValidator(tender_scoring.SCALE_MAX)]
    )
    label = models.CharField(max_length=50)
    descriptor = models.TextField()

    class Meta:
        ordering = ["score"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__lte=tender_scoring.SCALE_MAX), name="descriptor_on_the_scale"
            )
        ]

    def __str__(self) -> str:
        return f"{self.score} {self.label}"


def _weights_total(tender: Tender) -> bool:
    return not tender.weight_errors()


_weights_total.__doc__ = (
    "The weights do not add up: quality and price must total 100% and the question weights "
    "the quality share."
)


def _deadlines_ahead(tender: Tender) -> bool:
    now = timezone.now()
    return bool(
        tender.clarification_deadline
        and tender.submission_deadline
        and now < tender.clarification_deadline <= tender.submission_deadline
    )


_deadlines_ahead.__doc__ = (
    "The clarification deadline must be in the future and on or before the submission deadline."
)


def _deadline_passed(tender: Tender) -> bool:
    return timezone.now() > tender.submission_deadline


_deadline_passed.__doc__ = "Bids can still arrive: the submission deadline has not passed."


def _has_bids(tender: Tender) -> bool:
    return tender.bids.exists()


_has_bids.__doc__ = "There are no bids to evaluate."


class Tender(FSMModelMixin, models.Model):
    project = models.ForeignKey(
        "commissioning.CommissioningProject",
        on_delete=models.PROTECT,
        related_name="tenders",
        help_text="The commissioning project, in its Do stage, this tender procures for",
    )
    reference = models.CharField(max_length=50, unique=True)
    title = models.CharField("Service", max_length=200)
    description = models.TextField(blank=True)
    stream = models.ForeignKey(
        "grants.FundingStream",
        on_delete=models.PROTECT,
        related_name="tenders",
        help_text="The funding stream that pays for the contract",
    )
    funding_envelope = money_field(
        "Funding envelope (£, whole life)", help_text="The most the office will pay"
    )
    quality_weight = models.DecimalField("Quality share (%)", **WEIGHT)
    price_weight = models.DecimalField("Price share (%)", **WEIGHT)
    minimum_quality = models.DecimalField(
        "Minimum quality score",
        null=True,
        blank=True,
        help_text="Bids scoring less on quality are excluded (blank for none)",
        **WEIGHT,
    )
    clarification_deadline = models.DateTimeField()
    submission_deadline = models.DateTimeField()
    publication_reference = models.CharField(
        "External publication reference", max_length=100, blank=True
    )
    contract_start = models.DateField("Contract start")
    initial_months = models.PositiveSmallIntegerField(
        "Initial term (months)", validators=[MinValueValidator(1)]
    )
    option_months = models.JSONField(
        default=list, blank=True, help_text="Extension options in months, e.g. [12] for N plus 1"
    )
    lead_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="led_tenders"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="created_tenders"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(blank=True)
    awarded_bid = models.OneToOneField(
        "commissioning.Bid", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    proposed_bid = models.ForeignKey(
        "commissioning.Bid",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="A bid off the top of the ranking, proposed for award while approval is sought",
    )
    outcome_measures = models.JSONField(
        default=list, blank=True, help_text="The contract's outcome measures, set at award"
    )
    award_reason = models.TextField(
        blank=True, help_text="Why the award is not to the top-ranked bid (needs approval)"
    )
    award_approval_request = models.ForeignKey(
        "approvals.ApprovalRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Approval of an award off the top-ranked bid",
    )
    contract = models.OneToOneField(
        "commissioning.Contract",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tender",
    )
    state = FSMField(
        default=TenderState.DRAFT, choices=TenderState.choices, protected=True, db_index=True
    )

    class Meta:
        ordering = ["-submission_deadline", "-pk"]
        indexes = [models.Index(fields=["state", "submission_deadline"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(funding_envelope__gt=0), name="tender_envelope_positive"
            ),
            models.CheckConstraint(
                condition=Q(submission_deadline__gte=F("clarification_deadline")),
                name="tender_clarifications_close_first",
            ),
            models.CheckConstraint(
                condition=Q(quality_weight__gte=0) & Q(price_weight__gte=0),
                name="tender_weights_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(state="awarded") | Q(awarded_bid__isnull=False),
                name="tender_awarded_names_the_bid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("commissioning:tender_detail", args=[self.pk])

    def question_rows(self) -> list[TenderQuestion]:
        cache = getattr(self, "_prefetched_objects_cache", {})
        if "questions" in cache:
            return sorted(cache["questions"], key=lambda q: q.number)
        return list(self.questions.order_by("number"))

    def weight_errors(self) -> list[str]:
        return tender_scoring.weight_errors(
            self.quality_weight, self.price_weight, [q.weight for q in self.question_rows()]
        )

    @property
    def is_open_for_bids(self) -> bool:
        return self.state == TenderState.PUBLISHED and timezone.now() <= self.submission_deadline

    # --- transitions: tender_services holds the lock and records them ------------------------

    @transition(
        field=state,
        source=TenderState.DRAFT,
        target=TenderState.APPROVED,
        conditions=[_weights_total],
    )
    def approve_for_publication(self, *, approved_by) -> None:
        """An officer who did not draft it approves the tender for publication."""
        self.approved_by = approved_by

    @transition(
        field=state,
        source=TenderState.APPROVED,
        target=TenderState.PUBLISHED,
        conditions=[_weights_total, _deadlines_ahead],
    )
    def publish(self, *, publication_reference: str) -> None:
        """The lead officer publishes it (e.g. on Bluelight or Find a Tender) with its reference."""
        self.publication_reference = publication_reference
        self.published_at = timezone.now()

    @transition(
        field=state,
        source=TenderState.PUBLISHED,
        target=TenderState.CLOSED,
        conditions=[_deadline_passed],
    )
    def close(self) -> None:
        """The submission deadline has passed: no more bids."""

    @transition(
        field=state,
        source=TenderState.CLOSED,
        target=TenderState.EVALUATION,
        conditions=[_has_bids],
    )
    def start_evaluation(self) -> None:
        """The panel may now declare and score."""

    @transition(field=state, source=TenderState.EVALUATION, target=TenderState.MODERATION)
    def start_moderation(self) -> None:
        """Every panel member has scored every bid: the lead officer moderates to consensus."""

    @transition(field=state, source=TenderState.MODERATION, target=TenderState.AWARDED)
    def award(self, *, bid, reason: str = "") -> None:
        """The contract goes to `bid` (off the top-ranked bid only with approval)."""
        self.awarded_bid = bid
        self.award_reason = reason

    @transition(field=state, source=list(OPEN_STATES), target=TenderState.CANCELLED)
    def cancel(self, *, reason: str) -> None:
        """An officer stops the tender, with a reason, from any open state."""
        self.cancel_reason = reason


class TenderQuestion(models.Model):
    """A method-statement question with its weight (its share of the quality score, in %)."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    weight = models.DecimalField("Weight (%)", **WEIGHT)

    class Meta:
        ordering = ["tender", "number"]
        constraints = [
            models.UniqueConstraint(fields=["tender", "number"], name="question_number_unique"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="question_weight_not_negative"),
        ]

    def __str__(self) -> str:
        return f"Q{self.number}"

    @property
    def key(self) -> str:
        return f"Q{self.number}"


class Clarification(models.Model):
    """A bidder's question and the office's answer, shown to every bidder once answered. A
    provider may ask one before the clarification deadline: it is recorded against their
    organisation (never shown to other bidders) and waits for an officer's answer; an officer may
    also record a question that came another way together with its answer."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="clarifications")
    question = models.TextField()
    answer = models.TextField(blank=True)
    asked_by_organisation = models.ForeignKey(
        "providers.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The bidder who asked through the service (blank when an officer recorded it)",
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    asked_at = models.DateTimeField(default=timezone.now)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    request_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["tender", "asked_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(answer="") & Q(answered_by__isnull=True) & Q(answered_at__isnull=True))
                | (~Q(answer="") & Q(answered_by__isnull=False) & Q(answered_at__isnull=False)),
                name="clarification_answered_in_full",
            ),
            models.CheckConstraint(
                condition=Q(asked_by_organisation__isnull=True) | Q(asked_by__isnull=False),
                name="clarification_asker_named",
            ),
        ]

    def __str__(self) -> str:
        return self.question[:60]

    @property
    def is_answered(self) -> bool:
        return bool(self.answered_at)
