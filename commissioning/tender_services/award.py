"""Moderation, the ranked result and the award: the lead officer records the moderated scores,
the pure rule (tender_scoring.rank_bids) ranks the bids, and the award creates the contract through
the contract services, links the contract to the project and puts the contract award notice
(with its standstill) on the project's notices checklist. An award off the top-ranked bid needs a reason and approval through the
engine (kind "contract award off the top-ranked bid"); its outcome handler finishes the award."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from approvals.engine.errors import ApprovalError
from approvals.engine.models import ApprovalKind, ApprovalState
from approvals.engine.services import request_approval
from audit.events import acting_as, record_event
from grants.services import ShareInput

from .. import contract_selectors, contract_terms, tender_scoring
from ..contract_services import ContractDetails, create_contract
from ..errors import CommissioningError
from ..events import TenderEvent
from ..models import (
    Bid,
    ContractOrigin,
    ModeratedScore,
    NoticeKind,
    OutcomeMeasure,
    Tender,
    TenderState,
)
from ..notice_services import record_notice_due
from ..project_services import copy_measures
from ..tender_permissions import can_award_tender, can_manage_tenders, can_moderate_tender
from .common import locked, require, require_state, text, transition

NOT_MODERATED = "Moderate every question of every bid before the result can be worked out."
EXCLUDED = "This bid cannot be awarded: {reason}."
OFF_RANKING = (
    "This bid is not the top-ranked one: give the reason for awarding it, and the award will go "
    "for approval."
)
TIE_REASON = "The top-ranked bids are tied: give the reason for choosing this one."
AWAITING = "An award off the top-ranked bid is waiting for approval."


@dataclass(frozen=True)
class MeasureInput:
    metric: str
    target: Decimal
    unit: str = ""


def moderate_bid(
    *, bid: Bid, scores: Mapping[int, tuple[int, str]], moderated_by
) -> list[ModeratedScore]:
    """The tender's lead officer (nobody else) records the panel's consensus for each question
    of a bid, with the rationale; it may be revised until the award."""
    require(can_manage_tenders(moderated_by))
    with transaction.atomic(), acting_as(moderated_by):
        tender = locked(bid.tender)
        require(can_moderate_tender(moderated_by, tender))
        require_state(tender, [TenderState.MODERATION], "moderation is not open")
        if tender.proposed_bid_id:
            raise CommissioningError(AWAITING)
        rows = []
        for question in tender.question_rows():
            score, rationale = scores.get(question.pk, (None, ""))
            if score not in tender_scoring.SCALE:
                raise CommissioningError(
                    f"Choose a score from 0 to {tender_scoring.SCALE_MAX}",
                    field=f"score_{question.pk}",
                )
            rationale = text(
                rationale,
                "Give the rationale for the moderated score",
                field=f"rationale_{question.pk}",
            )
            rows.append(
                ModeratedScore(
                    bid=bid, question=question, score=score, rationale=rationale,
                    moderated_by=moderated_by,
                )
            )  # fmt: skip
        ModeratedScore.objects.filter(bid=bid).delete()
        ModeratedScore.objects.bulk_create(rows)
        record_event(
            TenderEvent.MODERATED, actor=moderated_by, target=tender, message=str(bid.bidder)
        )
    return rows


def ranked_result(tender: Tender, bids: Sequence[Bid] | None = None):
    """The ranked result from the moderated scores (None until every score is moderated).
    `bids`: the tender's bids with `moderated` prefetched, when the caller has them."""
    if bids is None:
        bids = list(tender.bids.select_related("bidder").prefetch_related("moderated"))
    questions = tender.question_rows()
    weights = {q.key: q.weight for q in questions}
    keys = {q.pk: q.key for q in questions}
    inputs = []
    for bid in bids:
        scores = {
            keys[m.question_id]: m.score for m in bid.moderated.all() if m.question_id in keys
        }
        if len(scores) < len(keys):
            return None
        inputs.append(
            tender_scoring.BidInput(bid, bid.whole_life_price, scores, compliant=bid.compliant)
        )
    if not inputs:
        return None
    return tender_scoring.rank_bids(
        inputs,
        question_weights=weights,
        price_weight=tender.price_weight,
        minimum_quality=tender.minimum_quality,
    )


def _measures(measures: Sequence[MeasureInput]) -> list[dict]:
    cleaned = []
    for m in measures:
        metric = text(m.metric, "Name the outcome measure", field="measures", limit=200)
        try:
            target = Decimal(m.target)
        except (InvalidOperation, TypeError, ValueError) as exc:
            raise CommissioningError(f"Give a number as the target for {metric}") from exc
        if not target.is_finite() or abs(target) >= Decimal(10) ** 12:
            raise CommissioningError(f"Give a number as the target for {metric}", field="measures")
        cleaned.append({"metric": metric, "target": str(target), "unit": str(m.unit or "")[:50]})
    if len({m["metric"] for m in cleaned}) < len(cleaned):
        raise CommissioningError("Name each outcome measure once", field="measures")
    return cleaned


def award_tender(
    *,
    tender: Tender,
    bid: Bid,
    awarded_by,
    reason: str = "",
    measures: Sequence[MeasureInput] = (),
) -> Tender:
    """The tender's lead officer awards it to `bid`. The top-ranked bid is awarded at once (a
    contract is drafted); another bid, or one of tied top bids, needs a reason; an off-ranking one
    goes for approval."""
    require(can_manage_tenders(awarded_by))
    reason = str(reason or "").replace("\x00", "").strip()
    with transaction.atomic(), acting_as(awarded_by):
        tender = locked(tender)
        require(can_award_tender(awarded_by, tender))
        require_state(tender, [TenderState.MODERATION], "it cannot be awarded now")
        if tender.proposed_bid_id:
            raise CommissioningError(AWAITING)
        if bid.tender_id != tender.pk:
            raise CommissioningError("That bid is not for this tender.")
        results = ranked_result(tender)
        if results is None:
            raise CommissioningError(NOT_MODERATED)
        mine = next(r for r in results if r.bid.pk == bid.pk)
        if mine.rank is None:
            raise CommissioningError(EXCLUDED.format(reason=mine.excluded_reason.lower()))
        tender.outcome_measures = _measures(measures)
        if mine.rank == 1:
            if mine.tied and not reason:
                raise CommissioningError(TIE_REASON, field="reason")
            return _complete(tender, bid, reason=reason, actor=awarded_by)
        if not reason:
            raise CommissioningError(OFF_RANKING, field="reason")
        try:
            tender.award_approval_request = request_approval(
                kind=ApprovalKind.CONTRACT_AWARD,
                value=bid.whole_life_price,
                title=f"{tender.reference}: award {tender.title} to {bid.bidder} "
                f"(ranked {mine.rank})",
                requested_by=awarded_by,
                subject_url=tender.get_absolute_url(),
                notice_text=reason,
            )
        except ApprovalError as exc:
            raise CommissioningError(exc.message) from exc
        tender.proposed_bid = bid
        tender.award_reason = reason
        tender.save(update_fields=["award_approval_request", "proposed_bid", "award_reason",
                                   "outcome_measures"])  # fmt: skip
        record_event(TenderEvent.AWARD_REQUESTED, actor=awarded_by, target=tender, message=reason)
    return tender


def _complete(tender: Tender, bid: Bid, *, reason: str, actor) -> Tender:
    """Draft the contract from the bid and the tender's terms, then mark the tender awarded."""
    notice = contract_selectors.policy_on(tender.contract_start).default_notice_months
    contract = create_contract(
        details=ContractDetails(
            reference=f"{tender.reference}-C",
            provider=bid.bidder,
            title=tender.title,
            start_date=tender.contract_start,
            initial_months=tender.initial_months,
            annual_value=bid.annual_price,
            commissioner_notice_months=notice,
            provider_notice_months=notice,
            option_months=tuple(tender.option_months),
            shares=(
                ShareInput(
                    amount=contract_terms.term_value(bid.annual_price, tender.initial_months),
                    stream=tender.stream,
                ),
            ),
            origin=ContractOrigin.TENDER,
        ),
        created_by=tender.lead_officer,
    )
    project = tender.project
    planned = {m.metric for m in project.measures.all()}
    OutcomeMeasure.objects.bulk_create(
        OutcomeMeasure(
            contract=contract, metric=m["metric"], target=Decimal(m["target"]), unit=m["unit"]
        )
        for m in tender.outcome_measures
        if m["metric"] not in planned  # the project's planned measure wins
    )
    copy_measures(project=project, contracts=[contract])
    contract.project = project
    contract.save(update_fields=["project"])
    _award_notice_due(project, actor)
    tender.contract = contract
    tender.proposed_bid = None
    return transition(
        tender,
        "award",
        actor=actor,
        event=TenderEvent.AWARDED,
        message=f"{bid.bidder}: contract {contract.reference}",
        bid=bid,
        reason=reason,
    )


def _award_notice_due(project, actor) -> None:
    """A regulated procurement's contract award notice is due once the award is decided (an
    earlier planned due date stands: an award never postpones a notice). Publishing it on the
    project's checklist starts the standstill (notice_services.record_notice_published)."""
    today = timezone.localdate()
    notice = project.notices.filter(kind=NoticeKind.CONTRACT_AWARD).first()
    if notice is None and not project.regulated:
        return
    if notice is not None and (notice.is_published or (notice.due_on and notice.due_on <= today)):
        return
    record_notice_due(
        project=project,
        kind=NoticeKind.CONTRACT_AWARD,
        due_on=today,
        actor=actor,
        due_rule=f"Award decided on {today:%-d %B %Y}: publish it, then wait out the standstill "
        "before signing",
    )


def act_on_award_decision(*, request, decided_by, comment: str) -> None:
    """The engine's outcome handler: an approved off-ranking award is completed; a rejected or
    returned one frees the tender for another award decision."""
    tender = (
        Tender.objects.select_for_update(of=("self",))
        .filter(award_approval_request_id=request.pk, proposed_bid__isnull=False)
        .first()
    )
    if tender is None:
        return
    bid = Bid.objects.select_related("bidder").get(pk=tender.proposed_bid_id)
    if request.state == ApprovalState.APPROVED:
        try:
            _complete(tender, bid, reason=tender.award_reason, actor=decided_by)
        except CommissioningError as exc:
            raise ApprovalError(exc.message) from exc
    elif request.state in (ApprovalState.REJECTED, ApprovalState.RETURNED):
        tender.proposed_bid = None
        tender.save(update_fields=["proposed_bid"])
