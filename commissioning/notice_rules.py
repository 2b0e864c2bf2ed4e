"""Which procurement notices a route owes and when each is due, as pure rules over the notice
periods in force (commissioning.NoticePolicy; Procurement Act 2023 ss. 17, 21, 50-53, 87).

Counting (docs/decisions/0010-procurement-route-advisor.md): a period "beginning with" a day counts
that day, as the Act words it. The standstill is working days (core/working_days.py); a notice due
within calendar days is due on the last working day on or before the period ends, so a deadline
that falls on a weekend or bank holiday comes earlier, never later.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from core.working_days import add_working_days, is_working_day

MARKET_ENGAGEMENT = "market_engagement"
TENDER = "tender"
CONTRACT_AWARD = "contract_award"
CONTRACT_DETAILS = "contract_details"
BELOW_THRESHOLD_DETAILS = "below_threshold_details"
LIGHT_TOUCH = "light_touch"

WHEN_AWARD_DECIDED = "Due when the award is decided"
WHEN_SIGNED = "Due within {days} days of signing"


@dataclass(frozen=True)
class NoticeTerms:
    market_engagement_lead_working_days: int
    standstill_working_days: int
    contract_details_days: int
    light_touch_contract_details_days: int
    below_threshold_notice_from: Decimal


@dataclass(frozen=True)
class NoticeDue:
    kind: str
    due_on: date | None
    due_rule: str


def working_day_on_or_before(day: date) -> date:
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def details_days(terms: NoticeTerms, *, category: str, regulated: bool) -> int:
    if regulated and category == LIGHT_TOUCH:
        return terms.light_touch_contract_details_days
    return terms.contract_details_days


def notices_owed(
    *,
    regulated: bool,
    value_with_vat: Decimal,
    category: str,
    starts_on: date,
    terms: NoticeTerms,
    direct_award: bool = False,
) -> list[NoticeDue]:
    """The checklist a procurement owes, in order, with the due dates known at its start. A
    direct award (an STA) has no market engagement or tender notice: its transparency notice is
    on the STA itself."""
    if regulated:
        lead = terms.market_engagement_lead_working_days
        days = details_days(terms, category=category, regulated=True)
        competition = [
            NoticeDue(
                MARKET_ENGAGEMENT,
                add_working_days(starts_on, -lead),
                f"{lead} working days before the procurement starts",
            ),
            NoticeDue(TENDER, working_day_on_or_before(starts_on), "When the procurement starts"),
        ]
        return [
            *([] if direct_award else competition),
            NoticeDue(CONTRACT_AWARD, None, WHEN_AWARD_DECIDED),
            NoticeDue(CONTRACT_DETAILS, None, WHEN_SIGNED.format(days=days)),
        ]
    if value_with_vat >= terms.below_threshold_notice_from:
        return [
            NoticeDue(
                BELOW_THRESHOLD_DETAILS,
                None,
                WHEN_SIGNED.format(days=terms.contract_details_days),
            )
        ]
    return []


def contract_details_due(signed_on: date, *, days: int) -> date:
    """The last working day of the `days`-day period beginning with the day of signing."""
    return working_day_on_or_before(signed_on + timedelta(days=days - 1))


def standstill_ends(published_on: date, *, working_days: int) -> date:
    """The last day of a standstill of `working_days` working days beginning with the day the
    contract award notice is published (that day counts when it is a working day)."""
    return add_working_days(published_on - timedelta(days=1), working_days)
