"""Contract management: record a three-monthly meeting with its agreed actions, close an action,
record service-user feedback or a dip sample, keep a document with the contract. Open actions carry to the next meeting (they are
read from every earlier meeting, so nothing is copied)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.events import acting_as, record_event
from documents.services import DocumentRefused, store_document

from ..contract_permissions import can_manage_contract
from ..errors import CommissioningError
from ..events import ContractEvent
from ..models import Contract, ContractMeeting, FeedbackEntry, FeedbackKind, MeetingAction
from .common import _locked, _require

NOT_LET = "Meetings and feedback are recorded on a contract that has been let."


@dataclass(frozen=True)
class ActionInput:
    description: str
    owner: str
    due_on: date


def _clean(value: str, message: str, field: str, limit: int | None = None) -> str:
    cleaned = (
        " ".join((value or "").replace("\x00", "").split())
        if limit
        else ((value or "").replace("\x00", "").strip())
    )
    if not cleaned:
        raise CommissioningError(message, field=field)
    if limit and len(cleaned) > limit:
        raise CommissioningError(f"Keep it to {limit} characters or fewer", field=field)
    return cleaned


def _check_date(day, field: str, label: str) -> date:
    if not isinstance(day, date):
        raise CommissioningError(f"Enter the date {label}", field=field)
    if day > timezone.localdate():
        raise CommissioningError(f"Enter the date {label}: today or earlier", field=field)
    return day


def record_meeting(
    *,
    contract: Contract,
    held_on: date,
    attendees: str,
    notes: str,
    actions: Sequence[ActionInput] = (),
    closed_action_ids: Sequence[int] = (),
    recorded_by,
    request_key: uuid.UUID | str | None = None,
) -> ContractMeeting:
    """An officer records a contract meeting, the actions it agreed, and which open actions from
    earlier meetings are now done. The same `request_key` twice records it once."""
    held_on = _check_date(held_on, "held_on", "the meeting was held")
    attendees = _clean(attendees, "Say who attended", "attendees")
    notes = _clean(notes, "Write the meeting notes", "notes")
    cleaned = [
        ActionInput(
            _clean(a.description, "Describe the action", "actions", 500),
            _clean(a.owner, "Say who owns the action", "actions", 200),
            a.due_on,
        )
        for a in actions
    ]
    if any(not isinstance(a.due_on, date) or a.due_on < held_on for a in cleaned):
        raise CommissioningError(
            "Give each action a due date on or after the meeting", field="actions"
        )
    key = uuid.UUID(str(request_key)) if request_key else None
    if key is not None and (found := ContractMeeting.objects.filter(request_key=key).first()):
        return found
    with transaction.atomic(), acting_as(recorded_by):
        locked = _locked(contract)
        _require(can_manage_contract(recorded_by, locked))
        if locked.state == "draft" or held_on < locked.start_date:
            raise CommissioningError(NOT_LET, field="held_on")
        try:
            with transaction.atomic():
                meeting = ContractMeeting.objects.create(
                    contract=locked,
                    held_on=held_on,
                    attendees=attendees,
                    notes=notes,
                    recorded_by=recorded_by,
                    request_key=key,
                )
        except IntegrityError:
            return ContractMeeting.objects.get(request_key=key)
        MeetingAction.objects.bulk_create(
            MeetingAction(
                meeting=meeting, description=a.description, owner=a.owner, due_on=a.due_on
            )
            for a in cleaned
        )
        closed = MeetingAction.objects.filter(
            meeting__contract=locked, pk__in=list(closed_action_ids), done_on__isnull=True
        ).update(done_on=held_on)
        record_event(
            ContractEvent.MEETING_RECORDED,
            actor=recorded_by,
            target=locked,
            message=f"Meeting on {held_on:%-d %B %Y}: {len(cleaned)} action(s) agreed, "
            f"{closed} closed",
        )
    return meeting


def open_actions(contract: Contract) -> list[MeetingAction]:
    """Every action not yet done, from any meeting: what the next meeting picks up."""
    return list(
        MeetingAction.objects.filter(meeting__contract=contract, done_on__isnull=True)
        .select_related("meeting")
        .order_by("due_on", "pk")
    )


def record_feedback(
    *, contract: Contract, kind: str, received_on: date, summary: str, recorded_by
) -> FeedbackEntry:
    """An officer records service-user feedback or a dip sample of the provider's case files."""
    if kind not in FeedbackKind.values:
        raise CommissioningError("Choose feedback or dip sample", field="kind")
    received_on = _check_date(received_on, "received_on", "of the feedback")
    summary = _clean(summary, "Summarise the feedback", "summary")
    with transaction.atomic(), acting_as(recorded_by):
        locked = _locked(contract)
        _require(can_manage_contract(recorded_by, locked))
        if locked.state == "draft":
            raise CommissioningError(NOT_LET)
        entry = FeedbackEntry.objects.create(
            contract=locked,
            kind=kind,
            received_on=received_on,
            summary=summary,
            recorded_by=recorded_by,
        )
        record_event(
            ContractEvent.FEEDBACK_RECORDED,
            actor=recorded_by,
            target=locked,
            message=entry.get_kind_display(),
        )
    return entry


CONTRACT_DOCUMENT = "contract_document"


def attach_contract_document(*, contract: Contract, document, uploaded_by):
    """An officer keeps a document with the contract (the signed contract, a variation, a
    monitoring report); the contract's provider and office staff can download it. The same file
    twice is kept once. `document` is the uploaded file."""
    with transaction.atomic(), acting_as(uploaded_by):
        locked = _locked(contract)
        _require(can_manage_contract(uploaded_by, locked))
        try:
            return store_document(
                file=document, uploaded_by=uploaded_by, owner=locked, purpose=CONTRACT_DOCUMENT
            )
        except DocumentRefused as exc:
            raise CommissioningError(str(exc), field="document") from exc
