"""Grant use cases: create and change grants, commit their funding, decide and close them.

Every function is keyword-only, runs in one transaction, and raises GrantError with a message
people can read. Views, imports and the decision-notice signing hook all call these.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction

from approvals import services as approvals_services
from approvals.errors import DecisionNoticeError
from audit.events import acting_as, record_event
from audit.transitions import TransitionRefused, check_transition, perform_transition
from core.financial_years import FinancialYear
from core.money import format_gbp

from . import permissions, rules, selectors
from .models import (
    Award,
    BudgetOverride,
    Commitment,
    DeliveryActivity,
    FundingShare,
    FundingStream,
    Grant,
    GrantCondition,
    GrantState,
    StreamBudget,
    SubsidyAllowance,
)


class GrantError(Exception):
    """A grant change that cannot be made; the message says why, for people."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class ShareInput:
    """One funder's part of an award: a stream of ours or an external partner organisation."""

    amount: Decimal
    stream: FundingStream | None = None
    partner: object | None = None


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


def _require(allowed_reason: tuple[bool, str]) -> None:
    allowed, reason = allowed_reason
    if not allowed:
        raise GrantError(reason)


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


def _set_funding(award: Award, shares: Iterable[ShareInput]) -> None:
    """Replace the award's shares and recompute its per-year commitments (no budget check here)."""
    shares = list(shares)
    if not shares:
        raise GrantError("Say which funding stream pays for the award", field="stream")
    message = rules.shares_message(award.total, [s.amount for s in shares])
    if message:
        raise GrantError(message, field="shares")
    seen: set = set()
    for share in shares:
        key = ("stream", share.stream.pk) if share.stream else ("partner", share.partner.pk)
        if key in seen:
            raise GrantError(f"{share.stream or share.partner} is listed twice", field="shares")
        seen.add(key)
        if share.stream:
            check_stream_takes_award(stream=share.stream, amount=share.amount)
    award.shares.all().delete()
    award.commitments.all().delete()
    FundingShare.objects.bulk_create(
        FundingShare(award=award, stream=s.stream, partner=s.partner, amount=s.amount)
        for s in shares
    )
    commitments = []
    for share in shares:
        if share.stream is None:
            continue
        split = rules.split_by_financial_year(share.amount, award.start_date, award.end_date)
        commitments += [
            Commitment(award=award, stream=share.stream, financial_year=year.start_year, amount=amt)
            for year, amt in split.items()
            if amt > 0
        ]
    Commitment.objects.bulk_create(commitments)


def check_stream_takes_award(*, stream: FundingStream, amount: Decimal) -> None:
    """A paused stream takes no new awards; an award may not exceed the stream's maximum."""
    if not stream.is_active:
        raise GrantError(f"{stream} is paused and takes no new awards", field="stream")
    if rules.exceeds_maximum_award(amount, stream.max_single_award):
        raise GrantError(
            f"{stream} awards can be no more than {format_gbp(stream.max_single_award)}: "
            f"this one is {format_gbp(amount)}",
            field="total",
        )


def budget_shortfalls(*, award: Award, lock: bool = False) -> list[rules.BudgetShortfall]:
    """Where this award's commitments go beyond what is left of a stream's yearly budget.

    With lock=True the budgets concerned are locked (select_for_update) so that two officers
    submitting at once cannot both take the last of a budget.
    """
    commitments = list(award.commitments.select_related("stream"))
    if not commitments:
        return []
    stream_ids = sorted({c.stream_id for c in commitments})
    years = sorted({c.financial_year for c in commitments})
    if lock:
        list(
            StreamBudget.objects.select_for_update()
            .filter(stream_id__in=stream_ids, financial_year__in=years)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    budgets = selectors.budget_totals(stream_ids=stream_ids, years=years)
    committed = selectors.committed_by_stream_year(
        stream_ids=stream_ids, years=years, exclude_award_id=award.pk
    )
    overrides: dict[tuple[int, int], Decimal] = {}
    for o in award.budget_overrides.all():
        key = (o.stream_id, o.financial_year)
        overrides[key] = overrides.get(key, Decimal(0)) + o.amount
    found = []
    for c in commitments:
        key = (c.stream_id, c.financial_year)
        gap = rules.budget_shortfall(
            budget=budgets.get(key, Decimal(0)),
            committed=committed.get(key, Decimal(0)),
            requested=c.amount,
            overridden=overrides.get(key, Decimal(0)),
        )
        if gap > 0:
            found.append(rules.BudgetShortfall(str(c.stream), c.year, gap))
    return found


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


def record_budget_override(
    *,
    grant: Grant,
    stream: FundingStream,
    year: FinancialYear,
    amount: Decimal,
    reason: str,
    approved_by,
) -> BudgetOverride:
    """A finance approver agrees, with a reason, that this grant may go beyond a year's budget."""
    _require(permissions.can_override_budget(approved_by, grant.award))
    if grant.created_by_id == approved_by.pk:
        raise GrantError("You drafted this grant, so someone else must agree the override.")
    if not reason.strip():
        raise GrantError("Give the reason for going beyond the budget", field="reason")
    if amount <= 0:
        raise GrantError("Enter an amount more than £0", field="amount")
    with transaction.atomic(), acting_as(approved_by):
        grant = _locked(grant)
        if grant.state != GrantState.DRAFT:
            raise GrantError("Budget overrides are recorded before the grant is submitted.")
        if not grant.award.commitments.filter(
            stream=stream, financial_year=year.start_year
        ).exists():
            raise GrantError(f"This grant commits nothing from {stream} in {year.label}")
        override = BudgetOverride(
            award=grant.award,
            stream=stream,
            financial_year=year.start_year,
            amount=amount,
            reason=reason.strip(),
            approved_by=approved_by,
        )
        _full_clean(override)
        override.save()
        record_event(
            "budget_override_recorded",
            actor=approved_by,
            target=grant,
            message=f"{stream} {year.label}: up to {format_gbp(amount)} over budget. {reason}",
        )
    return override


def change_stream_status(*, stream: FundingStream, action: str, actor) -> FundingStream:
    """Pause or resume a funding stream (a paused stream takes no new awards)."""
    if action not in {"pause", "resume"}:
        raise GrantError("Unknown action")
    with transaction.atomic(), acting_as(actor):
        stream = FundingStream.objects.select_for_update().get(pk=stream.pk)
        try:
            perform_transition(
                stream, action, actor=actor, event=f"stream_{action}d", field="status"
            )
        except TransitionRefused as exc:
            raise GrantError(str(exc)) from exc
    return stream


def subsidy_warning(*, recipient, total: Decimal, start_date: date, exclude_award_id=None) -> str:
    """Warn (not refuse) when an award would take a recipient past the subsidy allowance."""
    allowance = (
        SubsidyAllowance.objects.filter(effective_from__lte=start_date)
        .order_by("-effective_from")
        .first()
    )
    if allowance is None:
        return ""
    since = start_date - relativedelta(years=allowance.period_years)
    earlier = selectors.recipient_awards_total(
        recipient_id=recipient.pk, since=since, exclude_award_id=exclude_award_id
    )
    if earlier + total <= allowance.amount:
        return ""
    return (
        f"With this award {recipient} would receive {format_gbp(earlier + total)} over "
        f"{allowance.period_years} years, more than the {format_gbp(allowance.amount)} minimal "
        f"financial assistance allowance ({allowance.source}). Check subsidy control."
    )


def _locked(grant: Grant) -> Grant:
    return (
        Grant.objects.select_for_update(of=("self",))
        .select_related("award", "decision_notice")
        .get(pk=grant.pk)
    )


def _transition(grant: Grant, name: str, actor, event: str, message: str = "") -> None:
    try:
        perform_transition(grant, name, actor=actor, event=event, message=message)
    except TransitionRefused as exc:
        raise GrantError(str(exc)) from exc


def _full_clean(obj, exclude: list[str] | None = None) -> None:
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise GrantError(messages[0], field=None if field == "__all__" else field) from exc
