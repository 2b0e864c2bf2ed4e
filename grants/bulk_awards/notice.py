"""The decision notice drafted for a batch of bulk awards: its title, decision, reasons and funding."""

from __future__ import annotations

from decimal import Decimal

from core.financial_years import FinancialYear
from core.money import format_gbp

from ..models import FundingStream, Grant
from .rows import AwardRow


def notice_text(stream: FundingStream, rows: list[AwardRow], grants: list[Grant]) -> dict:
    """ "Youth Fund awards: 3 small grants, £4,500.00", then each grant and what it is for."""
    total = sum((r.amount for r in rows), Decimal("0.00"))
    count = len(grants)
    noun = "small grant" if count == 1 else "small grants"
    lines = [
        f"- {g.reference}: {format_gbp(r.amount)} to {r.organisation.name} for {r.title}, "
        f"from {r.start_date:%-d %B %Y} to {r.end_date:%-d %B %Y}"
        for r, g in zip(rows, grants, strict=True)
    ]
    purposes = [f"- {g.reference}: {r.purpose}" for r, g in zip(rows, grants, strict=True)]
    by_year: dict[FinancialYear, Decimal] = {}
    for row in rows:
        for year, part in row.years.items():
            by_year[year] = by_year.get(year, Decimal("0.00")) + part
    administrator = stream.intermediary.name if stream.intermediary_id else "The office"
    limit = (
        f"the stream's maximum single award of {format_gbp(stream.max_single_award)}"
        if stream.max_single_award
        else "the stream's rules"
    )
    return {
        "title": f"{stream.name} awards: {count} {noun}, {format_gbp(total)}",
        "decision_text": (
            f"The Commissioner approves {count} {noun} from the {stream.name}, "
            f"totalling {format_gbp(total)}:\n" + "\n".join(lines)
        ),
        "reasons": (
            f"{administrator} administers the {stream.name} and recommends these awards. "
            f"Each is within {limit} and the stream's budget for the year.\n"
            "What each award is for:\n" + "\n".join(purposes)
        ),
        "amount": total,
        "funding_summary": "; ".join(
            f"{stream.name} {format_gbp(amount)} for {year.label}"
            for year, amount in sorted(by_year.items())
        ),
    }
