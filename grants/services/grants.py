"""Grant use cases: record and change a grant, draft its decision notice, send it for decision,
approve it when the notice is signed, and the rest of its lifecycle."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction

from approvals import services as approvals_services
from approvals.errors import DecisionNoticeError
from audit.events import acting_as, record_event
from audit.transitions import TransitionRefused, check_transition
from core.money import format_gbp

from .. import permissions
from ..models import Award, DeliveryActivity, Grant, GrantCondition, GrantState
from .common import GrantError, _full_clean, _locked, _require, _transition
from .funding import ShareInput, _set_funding, budget_shortfalls, check_stream_takes_award


@dataclass(frozen=True)
class GrantDetails:
    title: str
    recipient: object
    purpose: str
    start_date: date
    end_date: date
    total: Decimal
    shares: tuple[ShareInput, ...]
    themes: tuple = ()
    conditions: tuple[str, ...] = ()
    activities: tuple[tuple[str, int | None], ...] = ()


def create_grant(*, details: GrantDetails, created_by, import_key: str | None = None) -> Grant:
    """An officer records a draft grant with its funding shares, themes, conditions and activities."""
    _require(permissions.can_manage_grants(created_by))
    with transaction.atomic(), acting_as(created_by):
        award = Award(
            recipient=details.recipient,
            total=details.total,
            start_date=details.start_date,
            end_date=details.end_date,
        )
        _full_clean(award)
        award.save()
        grant = Grant(
            reference=f"GR-{award.pk:05d}",
            title=details.title,
            award=award,
            purpose=details.purpose,
            created_by=created_by,
            import_key=import_key,
        )
        _full_clean(grant, exclude=["themes"])
        grant.save()
        _set_details(grant, details)
        _set_funding(award, details.shares)
        record_event("grant_drafted", actor=created_by, target=grant)
    return grant


def update_grant(*, grant: Grant, details: GrantDetails, edited_by) -> Grant:
    """Change a draft grant; a grant already sent for decision must be returned to draft first."""
    _require(permissions.can_manage_grants(edited_by, grant))
    with transaction.atomic(), acting_as(edited_by):
        grant = Grant.objects.select_for_update().select_related("award").get(pk=grant.pk)
        if grant.state != GrantState.DRAFT:
            raise GrantError("Only a draft grant can be changed. Return it to draft first.")
        award = grant.award
        award.recipient = details.recipient
        award.total = details.total
        award.start_date = details.start_date
        award.end_date = details.end_date
        _full_clean(award)
        award.save()
        grant.title = details.title
        grant.purpose = details.purpose
        _full_clean(grant, exclude=["themes"])
        grant.save()
        _set_details(grant, details)
        _set_funding(award, details.shares)
    return grant


def _set_details(grant: Grant, details: GrantDetails) -> None:
    grant.themes.set(details.themes)
    grant.conditions.all().delete()
    GrantCondition.objects.bulk_create(
        GrantCondition(grant=grant, text=text.strip())
        for text in details.conditions
        if text.strip()
    )
    grant.activities.all().delete()
    DeliveryActivity.objects.bulk_create(
        DeliveryActivity(grant=grant, description=desc.strip(), target=target)
        for desc, target in details.activities
        if desc.strip()
    )


def submit_grant_for_decision(*, grant: Grant, submitted_by) -> Grant:
    """Send a draft to the Commissioner: its commitments now count against the budgets."""
    with transaction.atomic(), acting_as(submitted_by):
        grant = _locked(grant)
        try:  # state, role, notice and theme first: they are the clearer message
            check_transition(grant, "submit_for_decision", actor=submitted_by)
        except TransitionRefused as exc:
            raise GrantError(str(exc)) from exc
        for share in grant.award.shares.select_related("stream"):
            if share.stream:
                check_stream_takes_award(stream=share.stream, amount=share.amount)
        shortfalls = budget_shortfalls(award=grant.award, lock=True)
        if shortfalls:
            raise GrantError(
                " ".join(s.message for s in shortfalls)
                + ". A finance approver can record a budget override with a reason."
            )
        _transition(grant, "submit_for_decision", submitted_by, "grant_submitted_for_decision")
        Award.objects.filter(pk=grant.award_id).update(counts_against_budget=True)
    return grant


def draft_decision_notice_for_grant(*, grant: Grant, drafted_by):
    """Draft the decision notice that will release this grant, pre-filled from it, and link it."""
    _require(permissions.can_manage_grants(drafted_by, grant))
    with transaction.atomic(), acting_as(drafted_by):
        grant = _locked(grant)
        if grant.decision_notice_id and grant.decision_notice.state != "withdrawn":
            raise GrantError("This grant already has a decision notice.")
        if grant.state != GrantState.DRAFT:
            raise GrantError("A decision notice can only be drafted for a draft grant.")
        award = grant.award
        funding = "; ".join(
            f"{share.funder} {format_gbp(share.amount)}"
            for share in award.shares.select_related("stream", "partner")
        )
        notice = approvals_services.draft_decision_notice(
            title=f"Grant to {award.recipient}: {grant.title}",
            decision_text=(
                f"The Commissioner approves a grant of {format_gbp(award.total)} to "
                f"{award.recipient} for {grant.title}, from {award.start_date:%-d %B %Y} "
                f"to {award.end_date:%-d %B %Y}."
            ),
            reasons=grant.purpose,
            amount=award.total,
            funding_summary=funding,
            drafted_by=drafted_by,
        )
        grant.decision_notice = notice
        grant.save(update_fields=["decision_notice", "updated_at"])
        record_event(
            "decision_notice_drafted",
            actor=drafted_by,
            target=grant,
            message=f"Decision notice “{notice.title}” drafted",
        )
    return notice


def approve_grants_for_notice(*, notice, signed_by) -> list[Grant]:
    """Signing hook: a signed decision notice approves every grant waiting on it.

    A refusal becomes approvals' own error, so the signature is rolled back and its page says why.
    """
    try:
        return _approve_grants_for_notice(notice=notice, signed_by=signed_by)
    except GrantError as exc:
        raise DecisionNoticeError(str(exc)) from exc


def _approve_grants_for_notice(*, notice, signed_by) -> list[Grant]:
    approved = []
    for grant in Grant.objects.select_for_update().filter(
        decision_notice=notice, state=GrantState.AWAITING_DECISION
    ):
        grant.decision_notice = notice  # the signed instance, for the condition check
        _transition(
            grant,
            "approve",
            signed_by,
            "grant_approved",
            message=f"Released by decision notice {notice.number}",
        )
        approved.append(grant)
    return approved


_SIMPLE_ACTIONS = {
    # action: (transition, audit event, releases the budget)
    "return_to_draft": ("return_to_draft", "grant_returned_to_draft", True),
    "reject": ("reject", "grant_rejected", True),
    "activate": ("activate", "grant_activated", False),
    "close": ("close", "grant_closed", False),
    "withdraw": ("withdraw", "grant_withdrawn", True),
}


def change_grant_state(*, grant: Grant, action: str, actor, reason: str = "") -> Grant:
    """Return to draft, reject, activate, close or withdraw a grant (as its transitions allow)."""
    if action not in _SIMPLE_ACTIONS:
        raise GrantError("Unknown action")
    transition_name, event, releases = _SIMPLE_ACTIONS[action]
    with transaction.atomic(), acting_as(actor):
        grant = _locked(grant)
        if (
            action == "return_to_draft"
            and grant.decision_notice_id
            and grant.decision_notice.state == "signed"
        ):
            raise GrantError("The decision notice is signed: the grant can no longer be changed.")
        _transition(grant, transition_name, actor, event, message=reason)
        if releases:
            Award.objects.filter(pk=grant.award_id).update(counts_against_budget=False)
    return grant
