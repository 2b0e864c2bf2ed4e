"""The tender's own use cases: draft it, add its questions, approve it for publication, publish
it, close it, start evaluation, cancel it. Clarifications are in clarifications.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from audit.events import acting_as, record_event

from .. import contract_terms
from ..errors import CommissioningError
from ..events import TenderEvent
from ..models import ProjectStage, Tender, TenderQuestion, TenderState
from ..models.tenders import OPEN_STATES
from ..tender_permissions import can_approve_publication, can_manage_tenders
from .common import locked, require, require_state, text, transition

REFERENCE_TAKEN = "Another tender already has the reference {reference}"
WEIGHT_RANGE = "Enter a weight from 0 to 100"
NOT_IN_DO = "Choose a commissioning project in its Do stage: a tender is how it procures"
NOT_AN_OFFICER = "Choose a commissioning officer as the tender's lead officer"
ENVELOPE = "Enter a funding envelope greater than £0 and under £100 billion"


@dataclass(frozen=True)
class TenderDetails:
    project: object
    reference: str
    title: str
    stream: object
    funding_envelope: Decimal
    quality_weight: Decimal
    price_weight: Decimal
    clarification_deadline: datetime
    submission_deadline: datetime
    contract_start: date
    initial_months: int
    option_months: tuple[int, ...] = ()
    minimum_quality: Decimal | None = None
    description: str = ""


def _weight(value, field: str) -> Decimal:
    try:
        weight = Decimal(value)
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise CommissioningError(WEIGHT_RANGE, field=field) from exc
    if not weight.is_finite() or not Decimal(0) <= weight <= Decimal(100):
        raise CommissioningError(WEIGHT_RANGE, field=field)
    return weight.quantize(Decimal("0.01"))


def create_tender(
    *, details: TenderDetails, created_by, lead_officer=None, request_key=None
) -> Tender:
    """An officer drafts a tender (its questions come next). The lead officer, who alone moderates
    and awards it, is its author unless another commissioning officer is named."""
    require(can_manage_tenders(created_by))
    lead_officer = lead_officer or created_by
    if not can_manage_tenders(lead_officer)[0]:
        raise CommissioningError(NOT_AN_OFFICER, field="lead_officer")
    if details.project is None or details.project.stage != ProjectStage.DO:
        raise CommissioningError(NOT_IN_DO, field="project")
    envelope = details.funding_envelope
    if not isinstance(envelope, Decimal) or not envelope.is_finite():
        raise CommissioningError(ENVELOPE, field="funding_envelope")
    if not Decimal(0) < envelope < Decimal(10) ** 11:
        raise CommissioningError(ENVELOPE, field="funding_envelope")
    errors = contract_terms.term_errors(details.initial_months, details.option_months)
    if errors:
        raise CommissioningError(errors[0], field="option_months")
    if details.submission_deadline < details.clarification_deadline:
        raise CommissioningError(
            "The clarification deadline must be on or before the submission deadline",
            field="clarification_deadline",
        )
    minimum = details.minimum_quality
    with transaction.atomic(), acting_as(created_by):
        tender = Tender(
            project=details.project,
            reference=text(details.reference, "Enter a reference", field="reference", limit=50),
            title=text(details.title, "Say what service is tendered", field="title", limit=200),
            description=str(details.description or "").replace("\x00", "").strip(),
            stream=details.stream,
            funding_envelope=envelope,
            quality_weight=_weight(details.quality_weight, "quality_weight"),
            price_weight=_weight(details.price_weight, "price_weight"),
            minimum_quality=None if minimum is None else _weight(minimum, "minimum_quality"),
            clarification_deadline=details.clarification_deadline.replace(microsecond=0),
            submission_deadline=details.submission_deadline.replace(microsecond=0),
            contract_start=details.contract_start,
            initial_months=details.initial_months,
            option_months=list(details.option_months),
            lead_officer=lead_officer,
            created_by=created_by,
        )
        try:
            tender.full_clean(exclude=["state", "lead_officer", "created_by", "stream", "project"])
        except ValidationError as exc:
            field, messages = next(iter(exc.message_dict.items()))
            if field == "reference":
                messages = [REFERENCE_TAKEN.format(reference=tender.reference)]
            raise CommissioningError(
                messages[0], field=None if field == "__all__" else field
            ) from exc
        try:
            with transaction.atomic():
                tender.save()
        except IntegrityError as exc:
            raise CommissioningError(REFERENCE_TAKEN.format(reference=tender.reference)) from exc
        record_event(TenderEvent.DRAFTED, actor=created_by, target=tender)
    return tender


def add_question(*, tender: Tender, text_: str, weight, added_by) -> TenderQuestion:
    """An officer adds a method-statement question with its weight to a draft tender."""
    require(can_manage_tenders(added_by))
    with transaction.atomic(), acting_as(added_by):
        tender = locked(tender)
        require_state(tender, [TenderState.DRAFT], "only a draft tender's questions can change")
        number = (
            tender.questions.order_by("-number").values_list("number", flat=True).first()
        ) or 0
        question = TenderQuestion.objects.create(
            tender=tender,
            number=number + 1,
            text=text(text_, "Write the question", field="text", limit=2000),
            weight=_weight(weight, "weight"),
        )
        record_event(
            TenderEvent.QUESTION_ADDED,
            actor=added_by,
            target=tender,
            message=f"Q{question.number} ({question.weight}%)",
        )
    return question


def approve_tender_for_publication(*, tender: Tender, approved_by) -> Tender:
    """Another officer approves the draft; its weights must add up."""
    with transaction.atomic(), acting_as(approved_by):
        tender = locked(tender)
        require(can_approve_publication(approved_by, tender))
        errors = tender.weight_errors()
        if errors:
            raise CommissioningError(errors[0])
        if not tender.question_rows():
            raise CommissioningError("Add at least one method-statement question first.")
        return transition(
            tender,
            "approve_for_publication",
            actor=approved_by,
            event=TenderEvent.APPROVED,
            approved_by=approved_by,
        )


def publish_tender(*, tender: Tender, publication_reference: str, published_by) -> Tender:
    """The officer records where the tender was published, with its reference."""
    require(can_manage_tenders(published_by))
    reference = text(
        publication_reference,
        "Enter the external publication reference",
        field="publication_reference",
        limit=100,
    )
    with transaction.atomic(), acting_as(published_by):
        tender = locked(tender)
        return transition(
            tender,
            "publish",
            actor=published_by,
            event=TenderEvent.PUBLISHED,
            message=reference,
            publication_reference=reference,
        )


def close_tender(*, tender: Tender, closed_by) -> Tender:
    require(can_manage_tenders(closed_by))
    with transaction.atomic(), acting_as(closed_by):
        return transition(locked(tender), "close", actor=closed_by, event=TenderEvent.CLOSED)


def start_evaluation(*, tender: Tender, started_by) -> Tender:
    require(can_manage_tenders(started_by))
    with transaction.atomic(), acting_as(started_by):
        return transition(
            locked(tender),
            "start_evaluation",
            actor=started_by,
            event=TenderEvent.EVALUATION_STARTED,
        )


def cancel_tender(*, tender: Tender, reason: str, cancelled_by) -> Tender:
    require(can_manage_tenders(cancelled_by))
    reason = text(reason, "Give the reason for cancelling the tender", field="reason")
    with transaction.atomic(), acting_as(cancelled_by):
        tender = locked(tender)
        require_state(tender, OPEN_STATES, "it can no longer be cancelled")
        return transition(
            tender,
            "cancel",
            actor=cancelled_by,
            event=TenderEvent.CANCELLED,
            message=reason,
            reason=reason,
        )
