"""Bids and their evaluation: a bid with its prices and answers, the panel (evaluators with their
conflict-of-interest and confidentiality declaration), each evaluator's score per question per bid
on the five-point scale, and the lead officer's moderated score with its rationale.

The formulas are commissioning/tender_scoring.py; tender_services writes all of these.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from grants.models import money_field

from .. import tender_scoring
from .tenders import Tender, TenderQuestion


class Bid(models.Model):
    tender = models.ForeignKey(Tender, on_delete=models.PROTECT, related_name="bids")
    bidder = models.ForeignKey(
        "providers.Organisation", on_delete=models.PROTECT, related_name="bids"
    )
    whole_life_price = money_field("Whole-life price (£)")
    annual_price = money_field("Price per year (£)")
    received_at = models.DateTimeField(help_text="The server's clock when the bid was recorded")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    compliant = models.BooleanField(default=True)

    class Meta:
        ordering = ["tender", "received_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["tender", "bidder"], name="one_bid_per_bidder"),
            models.CheckConstraint(
                condition=Q(whole_life_price__gt=0) & Q(annual_price__gt=0),
                name="bid_prices_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"Bid from {self.bidder}"

    def get_absolute_url(self) -> str:
        return reverse("commissioning:bid_detail", args=[self.tender_id, self.pk])

    @property
    def over_envelope(self) -> bool:
        return self.whole_life_price > self.tender.funding_envelope


class BidAnswer(models.Model):
    """The bidder's method statement for one question (text; documents attach to the bid)."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(TenderQuestion, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["bid", "question__number"]
        constraints = [
            models.UniqueConstraint(fields=["bid", "question"], name="one_answer_per_question")
        ]

    def __str__(self) -> str:
        return f"Answer to Q{self.question.number}"


class PanelMember(models.Model):
    """An evaluator on one tender's panel. They see no bid until they have declared; a conflict
    with any bidder removes them from the tender."""

    class Status(models.TextChoices):
        ASSIGNED = "assigned", "Waiting for declaration"
        DECLARED = "declared", "Declared: no conflict"
        CONFLICTED = "conflicted", "Removed: conflict of interest"

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="panel")
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="panel_places"
    )
    organisation = models.CharField(max_length=200, help_text="The agency they represent")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ASSIGNED)
    conflicted_bidders = models.ManyToManyField(
        "providers.Organisation", blank=True, related_name="+"
    )
    conflict_details = models.TextField(blank=True)
    confidentiality_agreed = models.BooleanField(default=False)
    declared_at = models.DateTimeField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["tender", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["tender", "evaluator"], name="one_place_per_panel"),
            models.CheckConstraint(
                condition=Q(status="assigned")
                | (Q(declared_at__isnull=False) & Q(confidentiality_agreed=True)),
                name="declaration_is_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.evaluator} ({self.organisation})"

    @property
    def may_see_bids(self) -> bool:
        return self.status == self.Status.DECLARED


class Score(models.Model):
    """One evaluator's score for one question of one bid, with the required justification."""

    member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="scores")
    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="scores")
    question = models.ForeignKey(TenderQuestion, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(
        validators=[MaxValueValidator(tender_scoring.SCALE_MAX)]
    )
    justification = models.TextField()
    scored_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["bid", "question__number", "member"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "bid", "question"], name="one_score_per_member_question"
            ),
            models.CheckConstraint(
                condition=Q(score__lte=tender_scoring.SCALE_MAX), name="score_on_the_scale"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.score} by {self.member}"


class ModeratedScore(models.Model):
    """The panel's consensus for one question of one bid, recorded by the lead officer."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="moderated")
    question = models.ForeignKey(TenderQuestion, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(
        validators=[MaxValueValidator(tender_scoring.SCALE_MAX)]
    )
    rationale = models.TextField()
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    moderated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["bid", "question__number"]
        constraints = [
            models.UniqueConstraint(fields=["bid", "question"], name="one_moderated_score"),
            models.CheckConstraint(
                condition=Q(score__lte=tender_scoring.SCALE_MAX), name="moderated_on_the_scale"
            ),
        ]

    def __str__(self) -> str:
        return f"Moderated {self.score}"
