"""Outcome-return schedules as pure functions: which periods an award reports on, when each return is
due, when it is late, which awards get the light return, and what changes when an award's end moves.

Source: Commissioning and Grants Strategy ("every funded provider completes an outcome reporting form
every six months"; reporting burden proportionate to the award's size). The period length, the days
allowed after a period ends and the light-return limit are data the caller passes in (read from the
returns settings table), never literals here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from core.periods import consecutive_periods


@dataclass(frozen=True)
class ReturnPeriod:
    number: int
    starts: date
    ends: date
    due: date


def return_periods(
    start: date, end: date, *, months: int, due_after_days: int
) -> list[ReturnPeriod]:
    """Consecutive periods of `months` months from the award's start; the last may be short and
    ends on the award's end date. Each return is due `due_after_days` days after its period ends."""
    if due_after_days < 0:
        raise ValueError("A return cannot be due before its period ends")
    return [
        ReturnPeriod(number, first, last, last + timedelta(days=due_after_days))
        for number, (first, last) in enumerate(consecutive_periods(start, end, months), start=1)
    ]


def is_late(due: date, *, today: date, submitted_on: date | None = None) -> bool:
    """Late from the day after the due date (not on it); a return submitted by then is not late."""
    if submitted_on is not None:
        return submitted_on > due
    return today > due


def days_left(due: date, *, today: date) -> int:
    """Days until the due date (0 on the day, negative once overdue)."""
    return (due - today).days


def is_light_return(award_value: Decimal, *, light_up_to: Decimal) -> bool:
    """Awards up to and including the limit report activity and one headline output only."""
    return award_value <= light_up_to


@dataclass(frozen=True)
class ScheduleChange:
    add: tuple[ReturnPeriod, ...]
    remove: tuple[int, ...]  # period numbers of unsubmitted returns that no longer exist
    reshape: tuple[ReturnPeriod, ...]  # unsubmitted returns whose period end or due date moved


def reschedule(
    new_periods: Iterable[ReturnPeriod],
    existing: dict[int, tuple[ReturnPeriod, bool]],
) -> ScheduleChange:
    """What to change when an award's end moves (extension, break, de-commissioning).

    `existing` maps period number to (its period, whether the provider has submitted it). Submitted
    returns are never touched, even if their period now lies past the new end.
    """
    new = {period.number: period for period in new_periods}
    add = tuple(p for n, p in sorted(new.items()) if n not in existing)
    remove = tuple(
        n for n, (_, submitted) in sorted(existing.items()) if n not in new and not submitted
    )
    reshape = tuple(
        new[n]
        for n, (old, submitted) in sorted(existing.items())
        if n in new and not submitted and (old.ends, old.due) != (new[n].ends, new[n].due)
    )
    return ScheduleChange(add=add, remove=remove, reshape=reshape)


# Outputs are counts or amounts: up to 12 digits before the point and 2 after (the column's size).
OUTPUT_MAX = Decimal("999999999999.99")
NOT_A_NUMBER = "Enter a number, like 12 or 12.5"
NEGATIVE = "Enter a number of 0 or more"
TOO_LARGE = "Enter a number smaller than 1,000,000,000,000"
TOO_PRECISE = "Enter a number with no more than 2 decimal places"
READING_RANGE = "Enter an average reading from 1 to 10"


def parse_output_value(text: str) -> Decimal | None:
    """A provider's output number, or None when left blank; ValueError (message for people) when
    it is negative, not a plain number (letters, NaN, infinity, exponents, NUL), too large, or has
    more than two decimal places. Thousands separators are allowed ("1,200")."""
    cleaned = (text or "").strip().replace(",", "")
    if not cleaned:
        return None
    if "\x00" in cleaned or not all(c.isascii() and (c.isdigit() or c in ".-+") for c in cleaned):
        raise ValueError(NOT_A_NUMBER)
    try:
        value = Decimal(cleaned)
    except ArithmeticError:
        raise ValueError(NOT_A_NUMBER) from None
    if not value.is_finite():
        raise ValueError(NOT_A_NUMBER)
    if value < 0:
        raise ValueError(NEGATIVE)
    if value > OUTPUT_MAX:
        raise ValueError(TOO_LARGE)
    if value.as_tuple().exponent < -2 and value != value.quantize(Decimal("0.01")):
        raise ValueError(TOO_PRECISE)
    return value.quantize(Decimal("0.01")) if value.as_tuple().exponent < 0 else value


def parse_star_reading(text: str) -> Decimal:
    """An average Outcomes Star reading: a number from 1 to 10 (two decimal places at most)."""
    try:
        value = parse_output_value(text)
    except ValueError:
        raise ValueError(READING_RANGE) from None
    if value is None or not Decimal("1") <= value <= Decimal("10"):
        raise ValueError(READING_RANGE)
    return value


def distance_travelled(first: Decimal, latest: Decimal) -> Decimal:
    """Outcomes Star: the change from the first reading to the latest (negative if worse)."""
    return latest - first


def mark(returns, today: date):
    """Late and days left, derived from the due date, on each return shown (pages use these)."""
    from django.utils import timezone

    for r in returns:
        submitted_on = timezone.localdate(r.submitted_at) if r.submitted_at else None
        r.late = is_late(r.due_date, today=today, submitted_on=submitted_on)
        r.days_left = days_left(r.due_date, today=today)
        r.days_overdue = -r.days_left
    return returns
