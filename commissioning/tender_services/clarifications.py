"""Clarifications: a bidder asks a question before the clarification deadline (recorded against
their organisation, which other bidders never see); an officer answers it, or records a question
that came another way together with its answer. Every bidder sees the answered ones. The same
`request_key` twice (a double click, a retry) records one question."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils import timezone

from audit.events import acting_as, record_event
from core.forms import STALE_PAGE
from providers.selectors import organisation_of

from ..errors import CommissioningError
from ..events import TenderEvent
from ..models import Clarification, Tender, TenderState
from ..tender_permissions import (
    can_ask_clarification,
    can_manage_tenders,
    can_view_published_tenders,
)
from .common import locked, require, require_state, text

QUESTION_LIMIT = 2_000
ANSWERED_ALREADY = (
    "Another answer to this question was saved while you were writing yours: read it on the "
    "tender page before answering again."
)
NOT_THIS_TENDER = "That question was not asked about this tender."


def _key(request_key) -> uuid.UUID | None:
    if not request_key:
        return None
    try:
        return uuid.UUID(str(request_key))
    except ValueError as exc:
        raise CommissioningError(STALE_PAGE) from exc


def ask_clarification(
    *, tender: Tender, question: str, asked_by, request_key=None
) -> Clarification:
    """A provider user asks, for their organisation, while the tender is published and before its
    clarification deadline (to the second). It waits for an officer's answer."""
    require(can_view_published_tenders(asked_by))
    organisation = organisation_of(asked_by)
    question = text(question, "Write your question", field="question", limit=QUESTION_LIMIT)
    key = _key(request_key)
    with transaction.atomic(), acting_as(asked_by):
        tender = locked(tender)
        if key and (found := Clarification.objects.filter(request_key=key).first()):
            if found.tender_id != tender.pk or found.asked_by_organisation_id != organisation.pk:
                raise CommissioningError(STALE_PAGE)
            return found
        require(can_ask_clarification(asked_by, tender))
        clarification = Clarification.objects.create(
            tender=tender,
            question=question,
            asked_by=asked_by,
            asked_by_organisation=organisation,
            request_key=key,
        )
        record_event(
            TenderEvent.CLARIFICATION_ASKED,
            actor=asked_by,
            target=tender,
            message=f"{organisation}: {question[:200]}",
        )
    return clarification


def answer_clarification(
    *, tender: Tender, question: str, answer: str, answered_by, request_key=None, asked=None
) -> Clarification:
    """Answer a bidder's question (`asked`), rewording it if it would identify them, or record a
    question that came another way with its answer; every bidder then sees both. Only while the
    tender is published. The same `request_key` twice records it once."""
    require(can_manage_tenders(answered_by))
    question = text(question, "Write the bidder's question", field="question")
    answer = text(answer, "Write the answer", field="answer")
    key = _key(request_key)
    with transaction.atomic(), acting_as(answered_by):
        tender = locked(tender)
        if asked is not None:
            return _answer_asked(tender, asked, question, answer, answered_by)
        if key and (found := Clarification.objects.filter(request_key=key).first()):
            return found
        require_state(tender, [TenderState.PUBLISHED], "clarifications are for a published tender")
        clarification = Clarification.objects.create(
            tender=tender,
            question=question,
            answer=answer,
            answered_by=answered_by,
            answered_at=timezone.now(),
            request_key=key,
        )
        record_event(TenderEvent.CLARIFIED, actor=answered_by, target=tender, message=question)
    return clarification


def _answer_asked(tender: Tender, asked, question: str, answer: str, answered_by) -> Clarification:
    row = Clarification.objects.select_for_update().filter(pk=asked.pk, tender=tender).first()
    if row is None:
        raise CommissioningError(NOT_THIS_TENDER)
    if row.is_answered:
        if row.answer == answer:  # the same answer sent twice
            return row
        raise CommissioningError(ANSWERED_ALREADY, field="answer")
    require_state(tender, [TenderState.PUBLISHED], "clarifications are for a published tender")
    row.question, row.answer = question, answer
    row.answered_by, row.answered_at = answered_by, timezone.now()
    row.save(update_fields=["question", "answer", "answered_by", "answered_at"])
    record_event(TenderEvent.CLARIFIED, actor=answered_by, target=tender, message=question)
    return row
