"""Bids and the panel: record a bid (refused after the deadline, to the second) and its documents,
assign an
evaluator, declare interests (a conflict removes them), score a bid, start moderation."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.events import acting_as, record_event
from core.money import format_gbp
from documents.services import DocumentRefused, store_document

from .. import rules, tender_scoring
from ..errors import CommissioningError
from ..events import TenderEvent
from ..models import Bid, BidAnswer, PanelMember, Score, Tender, TenderState
from ..tender_permissions import can_evaluate, can_manage_tenders
from .common import locked, require, require_state, text, transition

LATE = "The bid arrived at {received} after the submission deadline of {deadline}: it is refused."
ALREADY_BID = "{bidder} has already bid for this tender."
PRICE = "Enter a price greater than £0 and under £100 billion"
CONFLICTED = "You declared a conflict of interest on this tender, so you are not on its panel."
NOT_DECLARED = "Declare your interests and agree to confidentiality before you see any bid."
CONFIDENTIALITY = "Agree to keep the bids and the evaluation confidential"
SCORE_RANGE = f"Choose a score from 0 to {tender_scoring.SCALE_MAX}"
BID_DOCUMENT = "bid"
_WHEN = "%-d %B %Y at %H:%M:%S"


def _price(value, field: str) -> Decimal:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise CommissioningError(PRICE, field=field)
    if not Decimal(0) < value < Decimal(10) ** 11:
        raise CommissioningError(PRICE, field=field)
    return value


def record_bid(
    *,
    tender: Tender,
    bidder,
    whole_life_price: Decimal,
    annual_price: Decimal,
    answers: Mapping[int, str],
    recorded_by,
) -> Bid:
    """An officer records a bid as it arrives: received now by the server clock, to the second.
    After the deadline it is refused; above the funding envelope it is kept and flagged."""
    require(can_manage_tenders(recorded_by))
    whole_life_price = _price(whole_life_price, "whole_life_price")
    annual_price = _price(annual_price, "annual_price")
    with transaction.atomic(), acting_as(recorded_by):
        tender = locked(tender)
        received = rules.received_to_the_second(timezone.now())
        require_state(tender, [TenderState.PUBLISHED], "it is not open for bids")
        if rules.bid_is_late(received, tender.submission_deadline):
            raise CommissioningError(
                LATE.format(
                    received=timezone.localtime(received).strftime(_WHEN),
                    deadline=timezone.localtime(tender.submission_deadline).strftime(_WHEN),
                )
            )
        bid = Bid(
            tender=tender,
            bidder=bidder,
            whole_life_price=whole_life_price,
            annual_price=annual_price,
            received_at=received,
            recorded_by=recorded_by,
        )
        try:
            with transaction.atomic():
                bid.save()
        except IntegrityError as exc:
            raise CommissioningError(ALREADY_BID.format(bidder=bidder), field="bidder") from exc
        questions = {q.pk: q for q in tender.question_rows()}
        BidAnswer.objects.bulk_create(
            BidAnswer(bid=bid, question=q, text=str(answers.get(pk, "")).replace("\x00", ""))
            for pk, q in questions.items()
        )
        message = f"{bidder}: {format_gbp(whole_life_price)}"
        if bid.over_envelope:
            message += " (above the funding envelope)"
        record_event(TenderEvent.BID_RECEIVED, actor=recorded_by, target=tender, message=message)
    return bid


def attach_bid_document(*, bid: Bid, file, uploaded_by):
    """An officer attaches a document that came with the bid, while the tender is published; the
    panel sees it once declared. The same file twice is kept once."""
    require(can_manage_tenders(uploaded_by))
    with transaction.atomic(), acting_as(uploaded_by):
        tender = locked(bid.tender)
        require_state(tender, [TenderState.PUBLISHED], "bid documents come in with the bids")
        try:
            return store_document(
                file=file, uploaded_by=uploaded_by, owner=bid, purpose=BID_DOCUMENT
            )
        except DocumentRefused as exc:
            raise CommissioningError(str(exc), field="document") from exc


def mark_bid_non_compliant(*, bid: Bid, reason: str, marked_by) -> Bid:
    """An officer finds a bid non-compliant (with the reason, kept in the tender's history): the
    ranking excludes it and it no longer sets the lowest price. Only before the award."""
    require(can_manage_tenders(marked_by))
    reason = text(reason, "Give the reason the bid is not compliant", field="reason")
    with transaction.atomic(), acting_as(marked_by):
        tender = locked(bid.tender)
        require_state(
            tender,
            [TenderState.CLOSED, TenderState.EVALUATION, TenderState.MODERATION],
            "compliance is decided between closing and the award",
        )
        if tender.proposed_bid_id:
            raise CommissioningError("An award is waiting for approval: compliance cannot change.")
        Bid.objects.filter(pk=bid.pk).update(compliant=False)
        record_event(
            TenderEvent.BID_NON_COMPLIANT,
            actor=marked_by,
            target=tender,
            message=f"{bid.bidder}: {reason}",
        )
    bid.refresh_from_db()
    return bid


def assign_evaluator(*, tender: Tender, evaluator, organisation: str, assigned_by) -> PanelMember:
    """An officer puts an evaluator (often from a partner agency) on the tender's panel."""
    require(can_manage_tenders(assigned_by))
    if not can_evaluate(evaluator)[0]:
        raise CommissioningError("Choose a user with the evaluator role", field="evaluator")
    organisation = text(organisation, "Say which agency they represent", field="organisation")
    with transaction.atomic(), acting_as(assigned_by):
        tender = locked(tender)
        require_state(
            tender,
            [TenderState.PUBLISHED, TenderState.CLOSED, TenderState.EVALUATION],
            "the panel can no longer change",
        )
        member, created = PanelMember.objects.get_or_create(
            tender=tender,
            evaluator=evaluator,
            defaults={"organisation": organisation[:200], "assigned_by": assigned_by},
        )
        if created:
            record_event(
                TenderEvent.EVALUATOR_ASSIGNED,
                actor=assigned_by,
                target=tender,
                message=f"{evaluator.get_full_name() or evaluator} ({organisation})",
            )
    return member


def declare_interests(
    *, member: PanelMember, conflicted_bidders, details: str, confidentiality: bool, declared_by
) -> PanelMember:
    """The evaluator signs the conflict-of-interest and confidentiality declaration. A conflict
    with any bidder removes them from this tender; the declaration is made once."""
    if member.evaluator_id != getattr(declared_by, "pk", None):
        raise CommissioningError("Only the evaluator can make their own declaration.")
    if not confidentiality:
        raise CommissioningError(CONFIDENTIALITY, field="confidentiality")
    conflicted = list(conflicted_bidders)
    details = str(details or "").replace("\x00", "").strip()
    if conflicted and not details:
        raise CommissioningError("Describe the conflict of interest", field="details")
    with transaction.atomic(), acting_as(declared_by):
        member = PanelMember.objects.select_for_update().select_related("tender").get(pk=member.pk)
        if member.status != PanelMember.Status.ASSIGNED:
            raise CommissioningError("You have already made your declaration for this tender.")
        require_state(
            member.tender,
            [TenderState.CLOSED, TenderState.EVALUATION],
            "declarations are made once bids are in and before moderation",
        )
        bidders = set(member.tender.bids.values_list("bidder_id", flat=True))
        if any(org.pk not in bidders for org in conflicted):
            raise CommissioningError("Choose bidders of this tender", field="conflicted_bidders")
        member.status = PanelMember.Status.CONFLICTED if conflicted else PanelMember.Status.DECLARED
        member.conflict_details = details
        member.confidentiality_agreed = True
        member.declared_at = timezone.now()
        member.save()
        member.conflicted_bidders.set(conflicted)
        record_event(
            TenderEvent.DECLARED,
            actor=declared_by,
            target=member.tender,
            message=f"{declared_by}: {member.get_status_display()}",
        )
    return member


def score_bid(
    *, member: PanelMember, bid: Bid, scores: Mapping[int, tuple[int, str]], scored_by
) -> list[Score]:
    """The evaluator scores every question of one bid (0–4, each with a justification); they may
    change their scores until moderation starts."""
    if member.evaluator_id != getattr(scored_by, "pk", None):
        raise CommissioningError("Only the evaluator can record their own scores.")
    with transaction.atomic(), acting_as(scored_by):
        member = PanelMember.objects.select_for_update().select_related("tender").get(pk=member.pk)
        if member.status == PanelMember.Status.CONFLICTED:
            raise CommissioningError(CONFLICTED)
        if member.status != PanelMember.Status.DECLARED:
            raise CommissioningError(NOT_DECLARED)
        require_state(member.tender, [TenderState.EVALUATION], "scoring has closed")
        if bid.tender_id != member.tender_id:
            raise CommissioningError("That bid is not for this tender.")
        rows = []
        for question in member.tender.question_rows():
            score, justification = scores.get(question.pk, (None, ""))
            if score not in tender_scoring.SCALE:
                raise CommissioningError(SCORE_RANGE, field=f"score_{question.pk}")
            rows.append(
                Score(
                    member=member,
                    bid=bid,
                    question=question,
                    score=score,
                    justification=text(
                        justification,
                        "Give the reason for your score",
                        field=f"justification_{question.pk}",
                    ),
                )
            )
        Score.objects.filter(member=member, bid=bid).delete()
        Score.objects.bulk_create(rows)
        record_event(
            TenderEvent.SCORED, actor=scored_by, target=member.tender, message=str(bid.bidder)
        )
    return rows


def start_moderation(*, tender: Tender, started_by) -> Tender:
    """Once every panel member who declared has scored every question of every bid."""
    require(can_manage_tenders(started_by))
    with transaction.atomic(), acting_as(started_by):
        tender = locked(tender)
        members = tender.panel.filter(status=PanelMember.Status.DECLARED).count()
        if not members:
            raise CommissioningError("No evaluator has declared and scored yet.")
        expected = members * tender.bids.count() * tender.questions.count()
        done = Score.objects.filter(
            member__tender=tender, member__status=PanelMember.Status.DECLARED
        ).count()
        if done < expected:
            raise CommissioningError(
                f"The panel has recorded {done} of {expected} scores: wait for every score."
            )
        return transition(
            tender, "start_moderation", actor=started_by, event=TenderEvent.MODERATION_STARTED
        )
