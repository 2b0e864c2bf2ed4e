"""Funding use cases: an award's shares and commitments, budget checks, pausing
streams, and the subsidy-control warning."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db import transaction

from audit.events import acting_as
from audit.transitions import TransitionRefused, perform_transition
from core.financial_years import FinancialYear
from core.money import MoneyFormatError, format_gbp, parse_pounds

from .. import rules, selectors
from ..events import StreamEvent
from ..models import (
    Award,
    BudgetOverride,
    Commitment,
    FundingShare,
    FundingStream,
    StreamBudget,
    SubsidyAllowance,
)
from ..models.awards import approved_overrides_q
from .common import GrantError


@dataclass(frozen=True)
class ShareInput:
    """One funder's part of an award: a stream of ours or an external partner organisation."""

    amount: Decimal
    stream: FundingStream | None = None
    partner: object | None = None


def _set_funding(award: Award, shares: Iterable[ShareInput]) -> None:
    """Replace one award's shares and per-year commitments (no budget check here)."""
    _set_funding_many([(award, list(shares))])


def _set_funding_many(pairs: Sequence[tuple[Award, Sequence[ShareInput]]]) -> None:
    """Replace the shares and per-year commitments of many awards in a fixed number of queries.

    Raises GrantError (with `index`, the pair's position) for the first award whose shares are
    wrong; nothing is written until every award has been checked.
    """
    for index, (award, shares) in enumerate(pairs):
        try:
            _check_shares(award, shares)
        except GrantError as exc:
            exc.index = index
            raise
    award_ids = [award.pk for award, _ in pairs]
    FundingShare.objects.filter(award_id__in=award_ids).delete()
    Commitment.objects.filter(award_id__in=award_ids).delete()
    FundingShare.objects.bulk_create(
        FundingShare(award=award, stream=s.stream, partner=s.partner, amount=s.amount)
        for award, shares in pairs
        for s in shares
    )
    commitments = []
    for award, shares in pairs:
        for share in shares:
            if share.stream is None:
                continue
            split = rules.split_by_financial_year(share.amount, award.start_date, award.end_date)
            commitments += [
                Commitment(
                    award=award, stream=share.stream, financial_year=year.start_year, amount=amt
                )
                for year, amt in split.items()
                if amt > 0
            ]
    Commitment.objects.bulk_create(commitments)


SHARE_NOT_POSITIVE = "Enter an amount more than £0"


def _check_share_amount(amount: object) -> Decimal:
    """The form's checks on one share's amount, made again here: imports, tasks and admin call
    this service too. Pounds and pence only, more than £0, within what the column holds."""
    try:
        parsed = parse_pounds(amount)
    except MoneyFormatError as exc:
        raise GrantError(exc.message, field="shares") from None
    if parsed <= 0:
        raise GrantError(SHARE_NOT_POSITIVE, field="shares")
    return parsed


def _check_shares(award: Award, shares: Sequence[ShareInput]) -> None:
    if not shares:
        raise GrantError("Say which funding stream pays for the award", field="stream")
    for share in shares:
        _check_share_amount(share.amount)
        if (share.stream is None) == (share.partner is None):
            raise GrantError("Say who pays each share: one funding stream or one partner")
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
    """Where this award's commitments go beyond what is left of a stream's yearly budget."""
    return budget_shortfalls_for(awards=[award], lock=lock)


def budget_shortfalls_for(
    *, awards: Sequence[Award], lock: bool = False
) -> list[rules.BudgetShortfall]:
    """Where these awards' commitments, together, go beyond what is left of a stream's yearly
    budget (after any approved overrides for them). Five queries whatever the number of awards.

    With lock=True the budgets concerned are locked (select_for_update) so that two officers
    submitting at once cannot both take the last of a budget.
    """
    award_ids = [a.pk for a in awards]
    requested: dict[tuple[int, int], Decimal] = {}
    streams: dict[int, str] = {}
    for c in Commitment.objects.filter(award_id__in=award_ids).select_related("stream"):
        key = (c.stream_id, c.financial_year)
        requested[key] = requested.get(key, Decimal(0)) + c.amount
        streams[c.stream_id] = str(c.stream)
    if not requested:
        return []
    stream_ids = sorted(streams)
    years = sorted({year for _, year in requested})
    if lock:
        list(
            StreamBudget.objects.select_for_update()
            .filter(stream_id__in=stream_ids, financial_year__in=years)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    budgets = selectors.budget_totals(stream_ids=stream_ids, years=years)
    committed = selectors.committed_by_stream_year(
        stream_ids=stream_ids, years=years, exclude_award_ids=award_ids
    )
    overrides: dict[tuple[int, int], Decimal] = {}
    for o in BudgetOverride.objects.filter(approved_overrides_q(), award_id__in=award_ids):
        key = (o.stream_id, o.financial_year)
        overrides[key] = overrides.get(key, Decimal(0)) + o.amount
    found = []
    for key in sorted(requested, key=lambda k: (k[1], streams[k[0]])):
        gap = rules.budget_shortfall(
            budget=budgets.get(key, Decimal(0)),
            committed=committed.get(key, Decimal(0)),
            requested=requested[key],
            overridden=overrides.get(key, Decimal(0)),
        )
        if gap > 0:
            found.append(rules.BudgetShortfall(streams[key[0]], FinancialYear(key[1]), gap))
    return found


STREAM_ACTIONS = {
    # action: (audit event, what to enter when no reason is given)
    "pause": (StreamEvent.PAUSED, "Enter why the stream is being paused"),
    "resume": (StreamEvent.RESUMED, "Enter why the stream is being resumed"),
}


def change_stream_status(
    *, stream: FundingStream, action: str, actor, reason: str = ""
) -> FundingStream:
    """Pause or resume a funding stream (a paused stream takes no new awards), with a reason."""
    if action not in STREAM_ACTIONS:
        raise GrantError("That is not something you can do to a funding stream.")
    event, reason_needed = STREAM_ACTIONS[action]
    reason = (reason or "").strip()
    if not reason:
        raise GrantError(reason_needed, field="reason")
    if "\x00" in reason or len(reason) > 2000:
        raise GrantError("Enter the reason in 2,000 characters or fewer", field="reason")
    with transaction.atomic(), acting_as(actor):
        stream = FundingStream.objects.select_for_update().get(pk=stream.pk)
        try:
            perform_transition(
                stream, action, actor=actor, event=event, field="status", message=reason
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
