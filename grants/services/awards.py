"""Awards for other apps: the money side of a contract (e.g. an STA), with the same co-funding
shares and per-year commitments as a grant; committing a let contract against budgets, and moving
a contract's end (extension, break) with its commitments. Callers hold the transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_DOWN, Decimal

from django.db.models import Sum
from django.utils import timezone

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
    locked.contract_let_at = timezone.now()
    locked.save(update_fields=["contract_let_at"])
    return locked


def move_contract_award_end(*, award: Award, end_date: date, added: Decimal | None = None) -> Award:
    """Move a contract award's end, changing its shares and per-year commitments in place.

    Later (an extension): `added` is the extra money, shared between the funders in the shares'
    proportions. Earlier (a break or de-commissioning): each funder keeps its money for the days
    still inside the term (pro rata) and the rest is released. Either way each stream's share is
    then split across the financial years pro rata by days, as every award's is, and a year is
    never committed below what has already been paid from it. Callers hold the transaction.
    """
    award = Award.objects.select_for_update().get(pk=award.pk)
    if award.kind != AwardKind.CONTRACT:
        raise GrantError("Only a contract's award can be moved this way")
    if end_date < award.start_date:
        raise GrantError("The end date must be on or after the start date", field="end_date")
    shares = list(award.shares.all())
    if end_date > award.end_date:
        if not isinstance(added, Decimal) or not added.is_finite() or added <= 0:
            raise GrantError("Enter the value the extension adds, more than £0", field="added")
        if not shares:
            raise GrantError("Say which funding stream pays for the contract", field="shares")
        for share, part in zip(
            shares, rules.split_proportionally(added, [s.amount for s in shares]), strict=True
        ):
            share.amount += part
    elif end_date < award.end_date:
        old_days = (award.end_date - award.start_date).days + 1
        new_days = (end_date - award.start_date).days + 1
        for share in shares:
            share.amount = (share.amount * new_days / old_days).quantize(PENNY, rounding=ROUND_DOWN)
    _resplit(award, shares, end_date)
    award.end_date = end_date
    award.total = sum((s.amount for s in shares), Decimal("0.00"))
    _full_clean(award)
    award.save()
    return award


def _resplit(award: Award, shares: list[FundingShare], end_date: date) -> None:
    """Save the shares and set each stream's commitments to its share split by financial year."""
    existing = {(c.stream_id, c.financial_year): c for c in award.commitments.all()}
    paid = dict(
        Commitment.objects.filter(award=award)
        .annotate(paid_total=Sum("payments__amount"))
        .values_list("pk", "paid_total")
    )
    wanted: dict[tuple[int, int], Decimal] = {}
    for share in shares:
        share.save(update_fields=["amount"])
        if share.stream_id is None:
            continue
        for year, amount in rules.split_by_financial_year(
            share.amount, award.start_date, end_date
        ).items():
            wanted[(share.stream_id, year.start_year)] = amount
    for key in sorted(set(existing) | set(wanted), key=lambda k: (k[1], k[0])):
        amount, commitment = wanted.get(key, Decimal("0.00")), existing.get(key)
        already = (paid.get(commitment.pk) if commitment else None) or Decimal("0.00")
        if already > amount:
            raise GrantError(
                f"{format_gbp(already)} has already been paid from {commitment.stream} in "
                f"{FinancialYear(key[1]).label}, more than the {format_gbp(amount)} the new "
                "term leaves"
            )
        if commitment is None:
            if amount > 0:
                Commitment.objects.create(
                    award=award, stream_id=key[0], financial_year=key[1], amount=amount
                )
        elif amount == 0 and not already:
            commitment.delete()
        elif commitment.amount != amount:
            commitment.amount = amount
            commitment.save(update_fields=["amount"])
