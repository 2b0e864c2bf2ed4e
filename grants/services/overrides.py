"""Budget overrides: an officer asks, in the approvals engine's finance queue, for leave for a draft
grant to go beyond a year's budget; the engine's decision comes back through its outcome hook
(`act_on_budget_override_decision`), which records who agreed it, in the decision's transaction.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from approvals.engine.errors import ApprovalError
from approvals.engine.models import ApprovalKind, ApprovalState
from approvals.engine.services import request_approval
from audit.events import acting_as, record_event
from core.financial_years import FinancialYear
from core.money import format_gbp

from .. import permissions
from ..events import GrantEvent
from ..models import BudgetOverride, FundingStream, Grant, GrantState
from .common import GrantError, _full_clean, _locked, _require

OVERRIDE_ALREADY_RECORDED = (
    "A budget override for {stream} in {year} is already recorded for this grant: up to "
    "{amount} over budget, agreed by {by}. It is shown on the grant."
)
OVERRIDE_ALREADY_REQUESTED = (
    "A budget override for {stream} in {year} has already been asked for on this grant: up to "
    "{amount} over budget, waiting for a finance approver since {since}."
)
OVERRIDE_REJECTED = (
    "A budget override for {stream} in {year} was rejected for this grant, so it cannot be asked "
    "for again: change the grant's amounts to fit the budget."
)
OVERRIDE_KEY_OF_ANOTHER_USER = "This form has already been used by someone else. Start again."
OVERRIDE_REASON_REQUIRED = "Enter why this grant may go beyond the budget"
OVERRIDE_AMOUNT_POSITIVE = "Enter an amount over budget of more than £0, like 1,250.50"
OVERRIDE_ONLY_FOR_DRAFTS = "Budget overrides are agreed before the grant is submitted."


class OverrideAlreadyRecorded(GrantError):
    """A double click, a retry or a colleague asked for this override first; `override` is it."""

    def __init__(self, override: BudgetOverride):
        state = override.approval_request.state
        facts = {
            "stream": override.stream,
            "year": override.year.label,
            "amount": format_gbp(override.amount),
        }
        if state == ApprovalState.APPROVED:
            message = OVERRIDE_ALREADY_RECORDED.format(**facts, by=override.approved_by)
        elif state == ApprovalState.REJECTED:
            message = OVERRIDE_REJECTED.format(**facts)
        else:
            since = timezone.localtime(override.approval_request.requested_at)
            message = OVERRIDE_ALREADY_REQUESTED.format(**facts, since=since.strftime("%-d %B %Y"))
        super().__init__(message)
        self.override = override


def _check_override_input(*, amount, reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise GrantError(OVERRIDE_REASON_REQUIRED, field="reason")
    if "\x00" in reason or len(reason) > 2000:
        raise GrantError("Enter the reason in 2,000 characters or fewer", field="reason")
    if not isinstance(amount, Decimal) or not amount.is_finite() or amount <= 0:
        raise GrantError(OVERRIDE_AMOUNT_POSITIVE, field="amount")
    return reason


def request_budget_override(
    *,
    grant: Grant,
    stream: FundingStream,
    year: FinancialYear,
    amount: Decimal,
    reason: str,
    requested_by,
    request_key: uuid.UUID | str | None = None,
) -> BudgetOverride:
    """An officer asks, with a reason, that this draft grant may go beyond a year's budget: an
    approval request of kind "budget override" for the band's approvers (a finance approver).

    At most one override per grant, stream and year: the same `request_key` again (double click,
    retry) returns the first; any other second attempt gets OverrideAlreadyRecorded with it,
    unless the first was returned for changes (then this asks again, on the same row). Nobody
    who created or changed the grant may decide the request (segregation of duties).
    """
    reason = _check_override_input(amount=amount, reason=reason)
    key = uuid.UUID(str(request_key)) if request_key else None
    try:
        with transaction.atomic(), acting_as(requested_by):
            grant = _locked(grant)
            if key is not None:
                earlier = _override(request_key=key)
                if earlier is not None:
                    return _same_override_request(earlier, requested_by)
            _require(permissions.can_request_budget_override(requested_by, grant))
            if grant.state != GrantState.DRAFT:
                raise GrantError(OVERRIDE_ONLY_FOR_DRAFTS)
            if not grant.award.commitments.filter(
                stream=stream, financial_year=year.start_year
            ).exists():
                raise GrantError(f"This grant commits nothing from {stream} in {year.label}")
            override = _override(award=grant.award, stream=stream, financial_year=year.start_year)
            if override is not None and override.approval_request.state != ApprovalState.RETURNED:
                raise OverrideAlreadyRecorded(override)
            override = override or BudgetOverride(
                award=grant.award, stream=stream, financial_year=year.start_year
            )
            override.amount, override.reason, override.request_key = amount, reason, key
            _full_clean(override, exclude=["award", "stream", "approval_request", "approved_by"])
            try:
                override.approval_request = request_approval(
                    kind=ApprovalKind.BUDGET_OVERRIDE,
                    value=amount,
                    title=(
                        f"Budget override for grant {grant.reference}: {stream} {year.label}, "
                        f"up to {format_gbp(amount)} over budget"
                    ),
                    requested_by=requested_by,
                    subject_url=grant.get_absolute_url(),
                    request_key=key,
                    authors=[grant.created_by, *grant.editors.all()],
                )
            except ApprovalError as exc:
                raise GrantError(exc.message, field="amount") from exc
            override.save()
            record_event(
                GrantEvent.OVERRIDE_REQUESTED,
                actor=requested_by,
                target=grant,
                message=f"{stream} {year.label}: up to {format_gbp(amount)} over budget. {reason}",
            )
    except IntegrityError:
        # A concurrent post won the race (the grant lock makes this rare): hand back its result.
        earlier = _override(request_key=key) if key is not None else None
        if earlier is not None:
            return _same_override_request(earlier, requested_by)
        earlier = _override(award=grant.award, stream=stream, financial_year=year.start_year)
        if earlier is not None:
            raise OverrideAlreadyRecorded(earlier) from None
        raise
    return override


def _override(**lookup) -> BudgetOverride | None:
    return (
        BudgetOverride.objects.filter(**lookup)
        .select_related("stream", "approved_by", "approval_request")
        .first()
    )


def _same_override_request(override: BudgetOverride, requested_by) -> BudgetOverride:
    if override.approval_request.requested_by_id != requested_by.pk:
        raise GrantError(OVERRIDE_KEY_OF_ANOTHER_USER)
    return override


_OUTCOME_EVENTS = {
    ApprovalState.APPROVED: GrantEvent.OVERRIDE_RECORDED,
    ApprovalState.RETURNED: GrantEvent.OVERRIDE_RETURNED,
    ApprovalState.REJECTED: GrantEvent.OVERRIDE_REJECTED,
}


def act_on_budget_override_decision(*, request, decided_by, comment: str) -> None:
    """The approvals engine's outcome handler for budget overrides, inside the decision's
    transaction: an approval is checked again against the whole grant record (nobody who wrote
    the grant or its notice agrees its override; only while it is a draft) and records who
    agreed it; a refusal here raises ApprovalError and rolls the decision back."""
    override = (
        BudgetOverride.objects.select_for_update(of=("self",))
        .select_related("stream", "award")
        .filter(approval_request_id=request.pk)
        .first()
    )
    if override is None:
        return
    grant = Grant.objects.select_for_update(of=("self",)).get(award_id=override.award_id)
    if request.state == ApprovalState.APPROVED:
        allowed, why = permissions.can_override_budget(decided_by, override.award)
        if not allowed:
            raise ApprovalError(why)
        if grant.state != GrantState.DRAFT:
            raise ApprovalError(OVERRIDE_ONLY_FOR_DRAFTS)
        override.approved_by, override.approved_at = decided_by, request.decided_at
        override.save(update_fields=["approved_by", "approved_at"])
    facts = f"{override.stream} {override.year.label}: up to {format_gbp(override.amount)}"
    record_event(
        _OUTCOME_EVENTS[request.state],
        actor=decided_by,
        target=grant,
        message=f"{facts} over budget. {comment or override.reason}".strip(),
    )
