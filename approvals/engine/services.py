"""Approval use cases: request an approval under the band in force, decide it, approve it by signing
its decision notice. Each in one transaction with the request row locked; errors are ApprovalError.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.events import acting_as, record_event
from audit.transitions import TransitionRefused, perform_transition
from core.money import MONEY_MAX_DIGITS, format_gbp

from ..errors import DecisionNoticeError
from . import hooks, rules
from .errors import ApprovalError
from .events import ApprovalEvent
from .models import ApprovalBand, ApprovalDecision, ApprovalKind, ApprovalRequest, Outcome
from .permissions import already_decided_message, can_decide_approval_request, role_to_decide_as

VALUE_TOO_LARGE = "Enter a value under £1 trillion"
VALUE_NOT_POSITIVE = "Enter a value greater than £0"
COMMENT_REQUIRED = "Enter your comments: say why, so the requester can act on them"
TITLE_REQUIRED = "Say what is to be approved"
NOT_A_DECISION = "Choose approve, reject or return for changes"
_MAX_VALUE = Decimal(10) ** (MONEY_MAX_DIGITS - 2)

_TRANSITIONS = {
    Outcome.APPROVED: ("approve", ApprovalEvent.APPROVED),
    Outcome.REJECTED: ("reject", ApprovalEvent.REJECTED),
    Outcome.RETURNED: ("return_for_changes", ApprovalEvent.RETURNED),
}


def _london_today() -> date:
    return timezone.localdate()


def band_for(*, kind: str, value: Decimal, on: date) -> ApprovalBand:
    """The stored band that applies to `value` of `kind` on `on` (ApprovalError if none does)."""
    rows = list(ApprovalBand.objects.filter(kind=kind, effective_from__lte=on))
    try:
        rule = rules.band_for([r.as_rule() for r in rows], kind=kind, value=value, on=on)
    except rules.NoBandError as exc:
        label = str(ApprovalKind(kind).label).lower() if kind in ApprovalKind.values else kind
        raise ApprovalError(
            rules.NO_BAND.format(value=format_gbp(value), kind=label, day=on.strftime("%-d %B %Y"))
        ) from exc
    return next(r for r in rows if r.pk == rule.pk)


def explain_approval(*, kind: str, value: Decimal, on: date | None = None) -> str:
    """Who must approve this, and why: one sentence for forms and pages."""
    band = band_for(kind=kind, value=value, on=on or _london_today())
    return rules.who_must_approve(
        band.as_rule(), value=value, kind_label=str(ApprovalKind(kind).label)
    )


def _check_value(value) -> Decimal:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ApprovalError(VALUE_NOT_POSITIVE)
    if value >= _MAX_VALUE:
        raise ApprovalError(VALUE_TOO_LARGE)
    if value <= 0:
        raise ApprovalError(VALUE_NOT_POSITIVE)
    return value


def request_approval(
    *,
    kind: str,
    value: Decimal,
    title: str,
    requested_by,
    subject_url: str = "",
    on: date | None = None,
    notice_text: str = "",
    request_key: uuid.UUID | str | None = None,
    authors: Sequence = (),
) -> ApprovalRequest:
    """Open a request under the band in force `on` (default today, London). A band that needs a
    decision notice drafts one (by the requester) for the Commissioner to sign; signing approves.
    The same `request_key` twice returns the first request. `authors` (besides the requester)
    wrote what is to be approved, so none of them may decide it."""
    kind = ApprovalKind(kind)
    value = _check_value(value)
    title = " ".join((title or "").replace("\x00", "").split())[:250]
    if not title:
        raise ApprovalError(TITLE_REQUIRED)
    on = on or _london_today()
    key = uuid.UUID(str(request_key)) if request_key else None
    with transaction.atomic(), acting_as(requested_by):
        if key is not None:
            existing = ApprovalRequest.objects.filter(request_key=key).first()
            if existing is not None:
                return existing
        band = band_for(kind=kind, value=value, on=on)
        rule = band.as_rule()
        request = ApprovalRequest(
            kind=kind,
            value=value,
            title=title,
            subject_url=subject_url,
            requested_by=requested_by,
            band_date=on,
            band=band,
            first_role=band.first_role,
            second_role=band.second_role,
            needs_decision_notice=band.needs_decision_notice,
            reason=rules.who_must_approve(rule, value=value, kind_label=str(kind.label)),
            request_key=key,
        )
        if band.needs_decision_notice:
            request.decision_notice = _draft_notice(request, notice_text)
        request.full_clean(exclude=["band", "requested_by", "decision_notice", "state"])
        try:
            with transaction.atomic():
                request.save()
        except IntegrityError:
            if key is not None:
                return ApprovalRequest.objects.get(request_key=key)
            raise
        others = [a for a in authors if a.pk != requested_by.pk]
        if others:
            request.authors.add(*others)
        record_event(
            ApprovalEvent.REQUESTED, actor=requested_by, target=request, message=request.reason
        )
    return request


def _draft_notice(request: ApprovalRequest, notice_text: str):
    from ..services import draft_decision_notice

    try:
        return draft_decision_notice(
            title=request.title,
            decision_text=f"The Commissioner approves: {request.title} ({format_gbp(request.value)}).",
            reasons=notice_text or request.reason,
            amount=request.value,
            drafted_by=request.requested_by,
        )
    except DecisionNoticeError as exc:
        raise ApprovalError(exc.message) from exc


def _locked(request: ApprovalRequest) -> ApprovalRequest:
    try:
        return ApprovalRequest.objects.select_for_update().get(pk=request.pk)
    except ApprovalRequest.DoesNotExist as exc:
        raise ApprovalError("This approval request no longer exists.") from exc


def decide_approval_request(
    *, request: ApprovalRequest, decided_by, outcome: str, comment: str = ""
) -> ApprovalRequest:
    """One approver approves, rejects or returns the request in a role they hold.

    Reject and return need a comment and end the request; approval ends it once every required
    role has approved, each by a different person. The row lock and the one-decision-per-role
    constraint make a second, concurrent or double-clicked decision fail with "already decided by
    … at …" instead of being stored.
    """
    try:
        outcome = Outcome(outcome)
    except ValueError as exc:
        raise ApprovalError(NOT_A_DECISION) from exc
    comment = (comment or "").replace("\x00", "").strip()
    if outcome != Outcome.APPROVED and not comment:
        raise ApprovalError(COMMENT_REQUIRED, field_errors={"comment": [COMMENT_REQUIRED]})
    with transaction.atomic(), acting_as(decided_by):
        locked = _locked(request)
        if locked.needs_decision_notice:
            raise ApprovalError("This is approved by the Commissioner signing its decision notice.")
        return _decide(locked, decided_by=decided_by, outcome=outcome, comment=comment)


def _decide(locked: ApprovalRequest, *, decided_by, outcome: Outcome, comment: str):
    allowed, reason = can_decide_approval_request(decided_by, locked)
    if not allowed:
        raise ApprovalError(reason)
    role = role_to_decide_as(decided_by, locked)
    now = timezone.now()
    decision = ApprovalDecision(
        request=locked,
        role=role,
        outcome=outcome,
        decided_by=decided_by,
        decided_at=now,
        band_id=locked.band_id,
        comment=comment,
    )
    try:
        with transaction.atomic():
            decision.save()
    except IntegrityError as exc:
        raise ApprovalError(already_decided_message(locked)) from exc
    locked.__dict__.get("_prefetched_objects_cache", {}).pop("decisions", None)
    if outcome == Outcome.APPROVED and locked.pending_roles():
        record_event(
            ApprovalEvent.GIVEN,
            actor=decided_by,
            target=locked,
            message=f"Approved as the {rules.role_label(role)}. {comment}".strip(),
        )
        return locked
    name, event = _TRANSITIONS[outcome]
    try:
        perform_transition(
            locked,
            name,
            actor=decided_by,
            event=event,
            message=comment,
            check_permission=False,
            at=now,
        )
    except TransitionRefused as exc:
        raise ApprovalError(str(exc)) from exc
    try:
        hooks.run_outcome_handlers(request=locked, decided_by=decided_by, comment=comment)
    except ValidationError as exc:
        raise ApprovalError(" ".join(exc.messages)) from exc
    return locked


def approve_by_signed_notice(*, notice, signed_by) -> None:
    """The decision notice signing handler (hooks.register_signing_handler): signing the notice
    approves the request it was drafted for, in the signature's transaction."""
    for request in ApprovalRequest.objects.select_for_update().filter(
        decision_notice=notice, state="pending"
    ):
        try:
            _decide(request, decided_by=signed_by, outcome=Outcome.APPROVED, comment="")
        except ApprovalError as exc:
            raise DecisionNoticeError(exc.message) from exc
