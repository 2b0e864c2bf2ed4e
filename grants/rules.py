"""Grant and funding rules as pure functions: year splits, co-funding shares, award limits, budgets.

Sources: Commissioning and Grants Strategy (Youth Fund awards "no more than £2k each"; co-commissioned
services share costs in stated amounts) and the financial-year convention (1 April – 31 March).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal

from core.financial_years import FinancialYear, years_spanned
from core.money import PENNY, format_gbp


def split_by_financial_year(
    amount: Decimal, start: date, end: date
) -> dict[FinancialYear, Decimal]:
    """Split `amount` across the financial years the period start..end touches, pro rata by days.

    Each year's share is rounded down to the penny; the last year takes what is left, so the
    parts always add up to the amount exactly.
    """
    years = years_spanned(start, end)
    total_days = (end - start).days + 1
    parts: dict[FinancialYear, Decimal] = {}
    allocated = Decimal("0.00")
    for year in years[:-1]:
        days = (min(end, year.last_day) - max(start, year.first_day)).days + 1
        share = (amount * days / total_days).quantize(PENNY, rounding=ROUND_DOWN)
        parts[year] = share
        allocated += share
    parts[years[-1]] = amount - allocated
    return parts


def shares_shortfall(total: Decimal, shares: Iterable[Decimal]) -> Decimal:
    """How far the co-funding shares fall short of (positive) or exceed (negative) the total."""
    return total - sum(shares, Decimal("0.00"))


def shares_message(total: Decimal, shares: Iterable[Decimal]) -> str:
    """Empty when the shares add up to the total to the penny; otherwise what is wrong."""
    gap = shares_shortfall(total, shares)
    if gap == 0:
        return ""
    if gap > 0:
        return (
            f"The funding shares add up to {format_gbp(total - gap)}, {format_gbp(gap)} less "
            f"than the award of {format_gbp(total)}"
        )
    return (
        f"The funding shares add up to {format_gbp(total - gap)}, {format_gbp(-gap)} more "
        f"than the award of {format_gbp(total)}"
    )


def exceeds_maximum_award(amount: Decimal, maximum: Decimal | None) -> bool:
    """A stream's maximum single award is inclusive: £2,000.00 is allowed, £2,000.01 is not."""
    return maximum is not None and amount > maximum


@dataclass(frozen=True)
class BudgetShortfall:
    stream: str
    year: FinancialYear
    shortfall: Decimal

    @property
    def message(self) -> str:
        return (
            f"{self.stream} has too little budget left in {self.year.label}: "
            f"short by {format_gbp(self.shortfall)}"
        )


def budget_shortfall(
    *, budget: Decimal, committed: Decimal, requested: Decimal, overridden: Decimal = Decimal(0)
) -> Decimal:
    """How much `requested` goes beyond what is left (budget − committed + any override); 0 if it fits."""
    gap = requested - (budget - committed) - overridden
    return gap if gap > 0 else Decimal("0.00")


def payment_refusal(*, committed: Decimal, paid: Decimal, amount: Decimal) -> str:
    """Why a payment of `amount` cannot be recorded against a commitment of `committed` of which
    `paid` is already paid ("" when it can): a year's payments never exceed that year's commitment."""
    if amount <= 0:
        return "Enter an amount more than £0"
    left = committed - paid
    if amount > left:
        return (
            f"This payment of {format_gbp(amount)} would take the year's payments past its "
            f"commitment of {format_gbp(committed)}: only {format_gbp(max(left, Decimal(0)))} is "
            "left to pay"
        )
    return ""


def split_proportionally(amount: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """Split `amount` in the proportions of `weights`, rounded down to the penny; the last part
    takes what is left, so the parts add up to the amount exactly."""
    total = sum(weights, Decimal("0"))
    if not weights or total <= 0:
        raise ValueError("Nothing to split the amount between")
    parts = [(amount * w / total).quantize(PENNY, rounding=ROUND_DOWN) for w in weights[:-1]]
    return [*parts, amount - sum(parts, Decimal("0.00"))]
