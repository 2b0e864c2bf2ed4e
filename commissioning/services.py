"""Single Tender Action use cases: draft, change, submit for approval, and act on the approvers'
decision (the approvals engine calls `act_on_sta_decision` through its outcome hook). Each runs in
one transaction and raises CommissioningError with a message people can act on."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from approvals.engine.errors import ApprovalError
from approvals.engine.models import ApprovalKind, ApprovalState
from approvals.engine.services import request_approval
from audit.events import acting_as, record_event
from audit.transitions import TransitionRefused, perform_transition
from documents.services import DocumentRefused, store_document
from grants.services import GrantError, ShareInput
from grants.services.awards import save_contract_award

from . import rules, selectors
from .errors import CommissioningError
from .events import StaEvent
from .models import DirectAwardGround, SingleTenderAction
from .permissions import can_draft_sta, can_edit_sta

CHANGED_SINCE_OPENED = (
    "Someone changed this STA after you opened it. Read the current version, then try again."
)
VALUE_TOO_LARGE = "Enter a whole-life value under £1 trillion"
VALUE_NOT_POSITIVE = "Enter a whole-life value greater than £0"
# The written answers' limit: anything longer belongs in an evidence attachment.
TEXT_LIMIT = 8000
TOO_LONG = "Keep this to 8,000 characters or fewer: attach anything longer as evidence"


@dataclass(frozen=True)
class StaDetails:
    """What an officer writes on an STA (everything else is set by the lifecycle)."""

    supplier: object
    service: str
    whole_life_value: Decimal
    start_date: date
    end_date: date
    procurement_start_date: date
    case: str
    ground: DirectAwardGround
    justification: str
    kind: str = "new"
    existing_contract_reference: str = ""
    category: str = "goods_services"
    options_description: str = ""
    transparency_notice_reference: str = ""
    transparency_notice_published_on: date | None = None
    shares: tuple[ShareInput, ...] = ()


MODEL_FIELDS = [f.name for f in fields(StaDetails) if f.name != "shares"]


def _require(verdict: tuple[bool, str]) -> None:
    if not verdict[0]:
        raise CommissioningError(verdict[1])


def _threshold(sta: SingleTenderAction) -> rules.Threshold:
    try:
        return selectors.threshold_for(category=sta.category, on=sta.procurement_start_date)
    except ValueError as exc:
        raise CommissioningError(str(exc), field="procurement_start_date") from exc


def threshold_for_sta(sta: SingleTenderAction) -> rules.Threshold | None:
    """The statutory threshold for the STA's category on its procurement start date, if any."""
    try:
        return selectors.threshold_for(category=sta.category, on=sta.procurement_start_date)
    except ValueError:
        return None


def route_for_sta(sta: SingleTenderAction) -> rules.RouteBand | None:
    """The route the CSOs would require at this value (what the STA sets aside)."""
    try:
        return selectors.route_for(value=sta.whole_life_value, on=sta.procurement_start_date)
    except ValueError:
        return None


def _check_value(value) -> None:
    if not isinstance(value, Decimal) or not value.is_finite() or value <= 0:
        raise CommissioningError(VALUE_NOT_POSITIVE, field="whole_life_value")
    if value >= Decimal(10) ** 12:
        raise CommissioningError(VALUE_TOO_LARGE, field="whole_life_value")


def _apply(sta: SingleTenderAction, details: StaDetails) -> None:
    _check_value(details.whole_life_value)
    for name in ("case", "justification"):
        if len(getattr(details, name) or "") > TEXT_LIMIT:
            raise CommissioningError(TOO_LONG, field=name)
    for name in MODEL_FIELDS:
        value = getattr(details, name)
        setattr(sta, name, value.replace("\x00", "") if isinstance(value, str) else value)
    try:
        sta.full_clean(exclude=["created_by", "state", "approval_request", "award"])
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise CommissioningError(messages[0], field=None if field == "__all__" else field) from exc
    threshold = _threshold(sta)
    refusal = rules.ground_refusal(
        value=sta.whole_life_value, threshold=threshold, ground=sta.ground.as_rule()
    )
    if refusal:
        raise CommissioningError(refusal, field="ground")


def _save_funding(sta: SingleTenderAction, details: StaDetails) -> None:
    if not details.shares:
        return
    try:
        sta.award = save_contract_award(
            award=sta.award,
            recipient=sta.supplier,
            total=sta.whole_life_value,
            start_date=sta.start_date,
            end_date=sta.end_date,
            shares=details.shares,
        )
    except GrantError as exc:
        raise CommissioningError(str(exc), field="shares") from exc


def draft_sta(
    *, details: StaDetails, created_by, request_key: uuid.UUID | str | None = None
) -> SingleTenderAction:
    """A commissioning officer drafts an STA. The same `request_key` twice returns the first."""
    _require(can_draft_sta(created_by))
    key = uuid.UUID(str(request_key)) if request_key else None
    if key is not None:
        existing = SingleTenderAction.objects.filter(request_key=key).first()
        if existing is not None:
            return existing
    with transaction.atomic(), acting_as(created_by):
        sta = SingleTenderAction(created_by=created_by, request_key=key)
        _apply(sta, details)
        try:
            with transaction.atomic():
                sta.save()
        except IntegrityError:
            if key is not None:
                return SingleTenderAction.objects.get(request_key=key)
            raise
        _save_funding(sta, details)
        if sta.award_id:
            sta.save(update_fields=["award"])
        record_event(StaEvent.DRAFTED, actor=created_by, target=sta)
    return sta


def _locked(sta: SingleTenderAction) -> SingleTenderAction:
    return (
        SingleTenderAction.objects.select_for_update(of=("self",))
        .select_related("ground", "supplier", "approval_request")
        .get(pk=sta.pk)
    )


def update_sta(
    *, sta: SingleTenderAction, details: StaDetails, edited_by, expected_version: int | None = None
) -> SingleTenderAction:
    """An officer changes a draft, or an STA returned for changes. Never an approved one."""
    with transaction.atomic(), acting_as(edited_by):
        locked = _locked(sta)
        _require(can_edit_sta(edited_by, locked))
        if expected_version is not None and int(expected_version) != locked.version:
            raise CommissioningError(CHANGED_SINCE_OPENED)
        _apply(locked, details)
        _save_funding(locked, details)
        locked.version += 1
        locked.save()
        if edited_by.pk != locked.created_by_id:
            locked.editors.add(edited_by)
        record_event(StaEvent.CHANGED, actor=edited_by, target=locked)
    return locked


def submit_sta(
    *, sta: SingleTenderAction, submitted_by, expected_version: int | None = None
) -> SingleTenderAction:
    """An officer sends the STA for approval: the band in force today decides who approves; at or
    above the statutory threshold the transparency notice must be recorded first."""
    with transaction.atomic(), acting_as(submitted_by):
        locked = _locked(sta)
        _require(can_edit_sta(submitted_by, locked))
        if expected_version is not None and int(expected_version) != locked.version:
            raise CommissioningError(CHANGED_SINCE_OPENED)
        threshold = _threshold(locked)
        for refusal in (
            rules.ground_refusal(
                value=locked.whole_life_value, threshold=threshold, ground=locked.ground.as_rule()
            ),
            rules.transparency_refusal(
                value=locked.whole_life_value,
                threshold=threshold,
                reference=locked.transparency_notice_reference,
                published_on=locked.transparency_notice_published_on,
            ),
        ):
            if refusal:
                raise CommissioningError(refusal)
        authors = [locked.created_by, *locked.editors.all()]
        try:
            request = request_approval(
                kind=ApprovalKind.STA,
                value=locked.whole_life_value,
                title=f"{locked.reference}: {locked.service} from {locked.supplier}",
                requested_by=submitted_by,
                subject_url=locked.get_absolute_url(),
                notice_text=locked.case,
                authors=authors,
            )
        except ApprovalError as exc:
            raise CommissioningError(exc.message) from exc
        try:
            perform_transition(
                locked,
                "submit",
                actor=submitted_by,
                event=StaEvent.SUBMITTED,
                message=request.reason,
                approval_request=request,
            )
        except TransitionRefused as exc:
            raise CommissioningError(str(exc)) from exc
    return locked


EVIDENCE = "sta_evidence"


def attach_sta_evidence(*, sta: SingleTenderAction, file, uploaded_by):
    """An officer attaches evidence to a draft (or returned) STA; approvers see it, and it cannot
    change once the STA is submitted. The same file twice is kept once."""
    with transaction.atomic(), acting_as(uploaded_by):
        locked = _locked(sta)
        _require(can_edit_sta(uploaded_by, locked))
        try:
            return store_document(
                file=file, uploaded_by=uploaded_by, owner=locked, purpose=EVIDENCE
            )
        except DocumentRefused as exc:
            raise CommissioningError(str(exc), field="evidence") from exc


_OUTCOMES = {
    ApprovalState.APPROVED: ("approve", StaEvent.APPROVED),
    ApprovalState.REJECTED: ("reject", StaEvent.REJECTED),
    ApprovalState.RETURNED: ("return_for_changes", StaEvent.RETURNED),
}


def act_on_sta_decision(*, request, decided_by, comment: str) -> None:
    """The approvals engine's outcome handler for STAs: the STA follows its request's decision,
    in the same transaction (a refusal here rolls the decision back)."""
    sta = (
        SingleTenderAction.objects.select_for_update(of=("self",))
        .select_related("approval_request")
        .filter(approval_request_id=request.pk)
        .first()
    )
    if sta is None:
        return
    sta.approval_request = request
    name, event = _OUTCOMES[request.state]
    try:
        perform_transition(
            sta,
            name,
            actor=decided_by,
            event=event,
            message=comment,
            check_permission=False,
            comments=comment,
        )
    except TransitionRefused as exc:
        raise ApprovalError(str(exc)) from exc
