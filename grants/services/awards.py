"""Awards for other apps: the money side of a contract (e.g. an STA), with the same co-funding
shares and per-year commitments as a grant; committing a let contract against budgets, and moving
a contract's end (extension, break) with its commitments. Callers hold the transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal

from django.db.models import Sum

from core.financial_years import FinancialYear
from core.money import PENNY, format_gbp

from .. import rules
from ..models import Award, AwardKind, Commitment, FundingShare, StreamBudget
from .common import GrantError, _full_clean
from .funding import ShareInput, _set_funding, budget_shortfalls


def save_contract_award(
    *,
    award: Award | None,
    recipient,
    total: Decimal,
    start_date: date,
    end_date: date,
    shares: Sequence[ShareInput],
) -> Award:
    """Create or update a contract award and replace its shares and commitments (GrantError on
    shares that do not add up, a paused stream, or a stream's maximum). It does not count against
    budgets until the contract is let."""
    award = award or Award(kind=AwardKind.CONTRACT)
    award.recipient = recipient
    award.total = total
    award.start_date = start_date
    award.end_date = end_date
    _full_clean(award)
    award.save()
    _set_funding(award, shares)
    return award


def commit_contract_award(*, award: Award) -> Award:
    """Count a let contract's commitments against stream budgets (GrantError naming every stream
    and year whose budget cannot take them). The budgets are locked while checking. A contract
    runs for years whose budgets are not set yet: those years are not checked here."""
    locked = Award.objects.select_for_update().get(pk=award.pk)
    if locked.kind != AwardKind.CONTRACT:
        raise GrantError("Only a contract's award can be committed this way")
    if not locked.shares.exists():
        raise GrantError("Say which funding stream pays for the contract", field="shares")
    set_years = set(
        StreamBudget.objects.filter(stream__shares__award=locked).values_list(
            "stream__name", "financial_year"
        )
    )
    shortfalls = [
        s
        for s in budget_shortfalls(award=locked, lock=True)
        if (s.stream, s.year.start_year) in set_years
    ]
    if shortfalls:
        raise GrantError(" ".join(s.message for s in shortfalls))
    locked.counts_against_budget = True
    locked.save(update_fields=["counts_against_budget"])
    return locked


def move_contract_award_end(*, award: Award, end_date: date, added: Decimal | None = None) -> Award:
    """Move a contract award's end, changing its shares and per-year commitments in place.

    Later (an extension): `added` is the extra money, shared between the funders in the shares'
    proportions and committed pro rata by days across the financial years of the added period.
    Earlier (a break or de-commissioning): each year's commitment keeps the part of its days that
    is still inside the term and the rest is released; a year already paid beyond what it keeps
    is refused. Payments are never touched. Callers hold the transaction.
    """
    award = Award.objects.select_for_update().get(pk=award.pk)
    if award.kind != AwardKind.CONTRACT:
        raise GrantError("Only a contract's award can be moved this way")
    if end_date < award.start_date:
        raise GrantError("The end date must be on or after the start date", field="end_date")
    shares = list(award.shares.all())
    if end_date > award.end_date:
        _extend(award, shares, end_date, added)
    elif end_date < award.end_date:
        _shorten(award, shares, end_date)
    award.end_date = end_date
    award.total = sum((s.amount for s in shares), Decimal("0.00"))
    _full_clean(award)
    award.save()
    return award


def _extend(award: Award, shares: list[FundingShare], end_date: date, added) -> None:
    if not isinstance(added, Decimal) or not added.is_finite() or added <= 0:
        raise GrantError("Enter the value the extension adds, more than £0", field="added")
    if not shares:
        raise GrantError("Say which funding stream pays for the contract", field="shares")
    first_day = award.end_date + timedelta(days=1)
    parts = rules.split_proportionally(added, [s.amount for s in shares])
    existing = {(c.stream_id, c.financial_year): c for c in award.commitments.all()}
    for share, part in zip(shares, parts, strict=True):
        share.amount += part
        share.save(update_fields=["amount"])
        if share.stream_id is None:
            continue
        for year, amount in rules.split_by_financial_year(part, first_day, end_date).items():
            commitment = existing.get((share.stream_id, year.start_year))
            if commitment is None:
                Commitment.objects.create(
                    award=award,
                    stream_id=share.stream_id,
                    financial_year=year.start_year,
                    amount=amount,
                )
            else:
                commitment.amount += amount
                commitment.save(update_fields=["amount"])


def _shorten(award: Award, shares: list[FundingShare], end_date: date) -> None:
    old_days = (award.end_date - award.start_date).days + 1
    new_days = (end_date - award.start_date).days + 1
    paid = dict(
        Commitment.objects.filter(award=award)
        .annotate(paid_total=Sum("payments__amount"))
        .values_list("pk", "paid_total")
    )
    kept_by_stream: dict[int, Decimal] = {}
    for commitment in award.commitments.all():
        year = FinancialYear(commitment.financial_year)
        before = _overlap_days(year, award.start_date, award.end_date)
        after = _overlap_days(year, award.start_date, end_date)
        keep = (
            (commitment.amount * after / before).quantize(PENNY, rounding=ROUND_DOWN)
            if after
            else Decimal("0.00")
        )
        already = paid.get(commitment.pk) or Decimal("0.00")
        if already > keep:
            raise GrantError(
                f"{format_gbp(already)} has already been paid from {commitment.stream} in "
                f"{year.label}, more than the {format_gbp(keep)} the shorter term leaves"
            )
        kept_by_stream[commitment.stream_id] = kept_by_stream.get(commitment.stream_id, 0) + keep
        if keep == 0 and not already:
            commitment.delete()
        elif keep != commitment.amount:
            commitment.amount = keep
            commitment.save(update_fields=["amount"])
    for share in shares:
        if share.stream_id is not None:
            share.amount = Decimal(kept_by_stream.get(share.stream_id, 0))
        else:
            share.amount = (share.amount * new_days / old_days).quantize(PENNY, rounding=ROUND_DOWN)
        share.save(update_fields=["amount"])


def _overlap_days(year: FinancialYear, start: date, end: date) -> int:
    first, last = max(start, year.first_day), min(end, year.last_day)
    return max((last - first).days + 1, 0)
