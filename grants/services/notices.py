"""Grants and their decision notices: a notice binds the exact facts of the grants it decides
(recipient, amount, period, version), is signable only while every one of them awaits it unchanged,
and signing, sending back and withdrawing it act on those grants (approvals' hooks call these)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
from django.db.models import Prefetch

from approvals import services as approvals_services
from approvals.errors import DecisionNoticeError
from approvals.models import DecisionNotice
from approvals.states import DecisionNoticeState
from audit.events import acting_as, event_entry, record_event, record_events
from audit.transitions import TransitionRefused, perform_transitions
from core.money import format_gbp

from .. import permissions
from ..events import GrantEvent
from ..models import BudgetOverride, FundingShare, Grant, GrantState
from .common import GrantError, _locked, _require

# The facts whose change makes a bound notice unsignable (its label may be reworded freely).
FACT_KEYS = ("grant", "recipient_id", "amount", "start_date", "end_date", "version")
ENDED_STATES = (GrantState.REJECTED, GrantState.WITHDRAWN)

ALREADY_HAS_NOTICE = "This grant already has a decision notice: it is shown here."
NOTHING_LEFT_TO_DECIDE = (
    "No grant under this decision notice is still waiting for a decision: withdraw it instead."
)
NOTICE_NOT_OPEN = "Grants can be added only to a draft decision notice."
CHANGED_SINCE_BOUND = (
    "Grant {ref} has changed since this notice was drafted, so the notice no longer says what "
    "would be approved. An officer must redraft it."
)
NOT_BOUND = "This notice does not record the exact grants it decides. An officer must redraft it."
ENDED = (
    "Grant {ref} has been {state}, so this notice no longer decides what it says. An officer "
    "must redraft it for the grants still waiting for a decision, or withdraw it."
)
NOT_SUBMITTED = "Grant {ref} is a draft: an officer must submit it for decision first."
ALREADY_DECIDED = "Grant {ref} has already been decided ({state})."
WROTE_GRANT_SIGN = (
    "You created or changed grant {ref}, so someone else must sign this notice "
    "(segregation of duties)."
)
OVERRODE_SIGN = (
    "You agreed the budget override for grant {ref}, so someone else must sign this notice "
    "(segregation of duties)."
)


class NoticeAlreadyDrafted(GrantError):
    """A double click or a colleague drafted this grant's notice first; `notice` is theirs."""

    def __init__(self, notice):
        super().__init__(ALREADY_HAS_NOTICE)
        self.notice = notice


def grant_facts(grant: Grant) -> dict:
    """What a notice binds for one grant (JSON-ready); `FACT_KEYS` are compared at signing."""
    award = grant.award
    return {
        "kind": "grant",
        "grant": grant.pk,
        "label": f"Grant {grant.reference}: {grant.title}",
        "recipient": str(award.recipient),
        "recipient_id": award.recipient_id,
        "amount": str(award.total),
        "start_date": award.start_date.isoformat(),
        "end_date": award.end_date.isoformat(),
        "version": grant.version,
    }


def _key(facts: dict) -> tuple:
    return tuple(facts.get(name) for name in FACT_KEYS)


def _notice_content(grants: Sequence[Grant]) -> dict:
    """Decision text, amount and funding summary of a notice deciding `grants` (pre-filled)."""
    lines, funding = [], []
    for grant in grants:
        award = grant.award
        lines.append(
            f"a grant of {format_gbp(award.total)} to {award.recipient} for {grant.title}, from "
            f"{award.start_date:%-d %B %Y} to {award.end_date:%-d %B %Y}"
        )
        funding += [f"{share.funder} {format_gbp(share.amount)}" for share in award.shares.all()]
    if len(lines) == 1:
        decision = f"The Commissioner approves {lines[0]}."
    else:
        decision = "The Commissioner approves:\n" + "\n".join(f"- {line};" for line in lines)
    return {
        "decision_text": decision,
        "amount": sum((g.award.total for g in grants), Decimal(0)),
        "funding_summary": "; ".join(funding),
    }


def _grants_of(notice, *, lock: bool = False) -> list[Grant]:
    qs = Grant.objects.filter(decision_notice=notice)
    if lock:
        qs = qs.select_for_update(of=("self",))
    return list(
        qs.select_related("award__recipient", "decision_notice")
        .prefetch_related(
            "editors",
            "themes",
            Prefetch(
                "award__shares", queryset=FundingShare.objects.select_related("stream", "partner")
            ),
        )
        .order_by("pk")
    )


def _bind(notice, grants: Sequence[Grant], *, by, with_text: bool) -> None:
    """Re-bind `notice` to `grants`' current facts (and, with_text, re-write what it decides)."""
    content = _notice_content(grants) if with_text else {}
    try:
        approvals_services.update_decision_notice(
            notice=notice, edited_by=by, facts=[grant_facts(g) for g in grants], **content
        )
    except DecisionNoticeError as exc:
        raise GrantError(exc.message) from exc


def draft_decision_notice_for_grant(*, grant: Grant, drafted_by):
    """Draft the decision notice that will release this grant, pre-filled from it and bound to
    its facts. A second request (double click, a colleague) gets NoticeAlreadyDrafted with the
    first one's notice."""
    _require(permissions.can_manage_grants(drafted_by, grant))
    with transaction.atomic(), acting_as(drafted_by):
        grant = _locked(grant)
        notice = grant.decision_notice
        if notice is not None and notice.state != DecisionNoticeState.WITHDRAWN:
            raise NoticeAlreadyDrafted(notice)
        if grant.state != GrantState.DRAFT:
            raise GrantError("A decision notice can only be drafted for a draft grant.")
        [grant] = _grants_of_ids([grant.pk])
        notice = approvals_services.draft_decision_notice(
            title=f"Grant to {grant.award.recipient}: {grant.title}",
            reasons=grant.purpose,
            drafted_by=drafted_by,
            facts=[grant_facts(grant)],
            **_notice_content([grant]),
        )
        Grant.objects.filter(pk=grant.pk).update(decision_notice=notice)
        record_event(
            GrantEvent.NOTICE_DRAFTED,
            actor=drafted_by,
            target=grant,
            message=f"Decision notice “{notice.title}” drafted",
        )
    return notice


def _grants_of_ids(ids) -> list[Grant]:
    return list(
        Grant.objects.filter(pk__in=ids)
        .select_related("award__recipient")
        .prefetch_related(
            Prefetch(
                "award__shares", queryset=FundingShare.objects.select_related("stream", "partner")
            )
        )
        .order_by("pk")
    )


def add_grant_to_decision_notice(*, grant: Grant, notice, added_by):
    """Put a draft grant under a draft notice that already decides other grants, and redraft it."""
    _require(permissions.can_manage_grants(added_by, grant))
    with transaction.atomic(), acting_as(added_by):
        notice = DecisionNotice.objects.select_for_update().get(pk=notice.pk)
        if not notice.is_open:
            raise GrantError(NOTICE_NOT_OPEN)
        grant = _locked(grant)
        current = grant.decision_notice
        if current is not None and current.state != DecisionNoticeState.WITHDRAWN:
            if current.pk == notice.pk:
                return notice  # a double click: already there
            raise NoticeAlreadyDrafted(current)
        if grant.state != GrantState.DRAFT:
            raise GrantError("Only a draft grant can be added to a decision notice.")
        Grant.objects.filter(pk=grant.pk).update(decision_notice=notice)
        _bind(notice, _grants_of(notice, lock=True), by=added_by, with_text=True)
        record_event(
            GrantEvent.NOTICE_REDRAFTED,
            actor=added_by,
            target=grant,
            message=f"Added to decision notice “{notice.title}”",
        )
    return notice


def redraft_decision_notice(*, notice, redrafted_by):
    """Bind a draft notice again to what its grants now say, dropping rejected and withdrawn ones,
    and re-write its decision text, amount and funding from them."""
    _require(permissions.can_manage_grants(redrafted_by))
    with transaction.atomic(), acting_as(redrafted_by):
        notice = DecisionNotice.objects.select_for_update().get(pk=notice.pk)
        if not notice.is_open:
            raise GrantError(NOTICE_NOT_OPEN)
        grants = _grants_of(notice, lock=True)
        ended = [g for g in grants if g.state in ENDED_STATES]
        live = [g for g in grants if g.state not in ENDED_STATES]
        if not live:
            raise GrantError(NOTHING_LEFT_TO_DECIDE)
        if ended:
            Grant.objects.filter(pk__in=[g.pk for g in ended]).update(decision_notice=None)
        _bind(notice, live, by=redrafted_by, with_text=True)
        record_events(
            [
                event_entry(
                    GrantEvent.NOTICE_REDRAFTED,
                    actor=redrafted_by,
                    target=grant,
                    message=f"Decision notice “{notice.title}” redrafted from this grant",
                )
                for grant in live
            ]
        )
    return notice


def bind_submitted_grants(*, notice, submitted_by) -> None:
    """After grants are linked to `notice` on submission, bind it to their facts (bulk uploads)."""
    _bind(notice, _grants_of(notice), by=submitted_by, with_text=False)


def notice_signing_blockers(*, notice, user=None, grants: list[Grant] | None = None) -> list[str]:
    """Why `notice` may not be signed (by `user`) now, as far as its grants are concerned.

    Signable only while every grant under it awaits this decision with exactly the facts the
    notice bound, and (with a user) only by someone who neither created nor changed any of them
    nor agreed one of their budget overrides. A fixed number of queries.
    """
    if grants is None:
        grants = _grants_of(notice)
    bound = {f.get("grant"): f for f in notice.decided_facts or [] if f.get("kind") == "grant"}
    if not grants and not bound:
        return []  # a notice about something other than grants
    reasons: list[str] = []
    for grant in grants:
        ref = grant.reference
        if grant.state in ENDED_STATES:
            reasons.append(ENDED.format(ref=ref, state=grant.get_state_display().lower()))
        elif grant.state == GrantState.DRAFT:
            reasons.append(NOT_SUBMITTED.format(ref=ref))
        elif grant.state != GrantState.AWAITING_DECISION:
            reasons.append(ALREADY_DECIDED.format(ref=ref, state=grant.get_state_display()))
        if grant.state not in ENDED_STATES and (
            grant.pk not in bound or _key(bound[grant.pk]) != _key(grant_facts(grant))
        ):
            reasons.append(CHANGED_SINCE_BOUND.format(ref=ref) if grant.pk in bound else NOT_BOUND)
    if set(bound) - {g.pk for g in grants}:
        reasons.append(NOT_BOUND)
    if user is not None and getattr(user, "pk", None):
        reasons += [
            WROTE_GRANT_SIGN.format(ref=g.reference) for g in grants if g.created_or_edited_by(user)
        ]
        overridden = set(
            BudgetOverride.objects.filter(
                award__grant__decision_notice=notice, approved_by=user
            ).values_list("award__grant__reference", flat=True)
        )
        reasons += [OVERRODE_SIGN.format(ref=ref) for ref in sorted(overridden)]
    return list(dict.fromkeys(reasons))


def approve_grants_for_notice(*, notice, signed_by) -> list[Grant]:
    """Signing hook: the signed notice approves every grant under it, in a fixed number of queries.

    The grants are locked and checked again (state, bound facts, who signs), so a change that
    raced the signature rolls the signature back with the reason.
    """
    grants = _grants_of(notice, lock=True)
    for grant in grants:
        grant.decision_notice = notice  # the signed instance, for the condition check
    blockers = notice_signing_blockers(notice=notice, user=signed_by, grants=grants)
    if blockers:
        raise DecisionNoticeError(" ".join(blockers))
    try:
        return perform_transitions(
            grants,
            "approve",
            actor=signed_by,
            event=GrantEvent.APPROVED,
            message=f"Released by decision notice {notice.number}",
        )
    except TransitionRefused as exc:
        raise DecisionNoticeError(str(exc)) from exc


def return_grants_of_withdrawn_notice(*, notice, withdrawn_by) -> list[Grant]:
    """Withdrawal hook: grants waiting on a withdrawn notice go back to draft, releasing their
    commitments (which count only while a grant is live)."""
    waiting = [g for g in _grants_of(notice, lock=True) if g.state == GrantState.AWAITING_DECISION]
    return perform_transitions(
        waiting,
        "return_to_draft",
        actor=withdrawn_by,
        event=GrantEvent.RETURNED_TO_DRAFT,
        message=f"Its decision notice was withdrawn: {notice.withdrawal_reason}",
        check_permission=False,  # the withdrawal was allowed; this follows from it
    )


def withdraw_notice_if_nothing_left(*, grant: Grant, actor, reason: str) -> None:
    """After `grant` was rejected or withdrawn: if it was the last grant its open notice decided,
    the notice is withdrawn too, with the reason."""
    notice = grant.decision_notice if grant.decision_notice_id else None
    if notice is None or notice.state not in (
        DecisionNoticeState.DRAFT,
        DecisionNoticeState.RETURNED,
    ):
        return
    others = Grant.objects.filter(decision_notice=notice).exclude(state__in=ENDED_STATES)
    if others.exists():
        return
    try:
        approvals_services.withdraw_decision_notice(
            notice=notice,
            withdrawn_by=actor,
            reason=f"Grant {grant.reference} was {grant.get_state_display().lower()}: {reason}",
            check_permission=False,
        )
    except DecisionNoticeError as exc:
        raise GrantError(exc.message) from exc
