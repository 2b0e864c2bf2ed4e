"""Awards for other apps: the money side of a contract (e.g. an STA), with the same co-funding
shares and per-year commitments as a grant. Callers hold the transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from ..models import Award, AwardKind
from .common import _full_clean
from .funding import ShareInput, _set_funding


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
