"""Periods of whole months by the corresponding-date rule, shared by contract terms and return
schedules.

A period of N months starting on day D ends the day before the same day N months later; where that
month has no such day (31 January + 1 month, 29 February + 12 months) it ends on the last day of
that month.
"""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta


def period_start(start: date, months: int) -> date:
    """The first day of the period that begins `months` months after `start` (0 gives `start`)."""
    corresponding = start + relativedelta(months=months)
    if corresponding.day < start.day:  # no such day that month: the next period starts after it
        return corresponding + timedelta(days=1)
    return corresponding


def period_end(start: date, months: int) -> date:
    """The last day (inclusive) of a period of `months` months starting on `start`."""
    if months < 1:
        raise ValueError("A period is at least one month")
    return period_start(start, months) - timedelta(days=1)


def consecutive_periods(start: date, end: date, months: int) -> list[tuple[date, date]]:
    """Back-to-back periods of `months` months counted from `start` (so they never drift a day
    at month ends); the last one is cut short at `end`."""
    if end < start:
        raise ValueError("The period ends before it starts")
    if months < 1:
        raise ValueError("A period is at least one month")
    periods: list[tuple[date, date]] = []
    number = 0
    while (first := period_start(start, months * number)) <= end:
        periods.append((first, min(period_end(start, months * (number + 1)), end)))
        number += 1
    return periods
