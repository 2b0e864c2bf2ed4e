"""Working days in England and Wales: Monday to Friday except bank holidays (lead times, deadlines).

Bank holidays come from the `holidays` package's United Kingdom calendar for England, which is the
same as Wales's (docs/decisions/0006-bank-holidays.md says why this and not a data file). Every
function here is pure: no database, no clock.

Counting convention (one for every function, so they are each other's inverse): a span of working
days counts the days you step onto, never the day you start from. `add_working_days(start, n)`
is the n-th working day after `start` (before it when n is negative), and
`working_days_between(start, add_working_days(start, n)) == n` for any start, working or not.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

# England and Wales share one list of bank holidays; "ENG" is the package's code for England.
_SUBDIVISION = "ENG"
# About forty years of working days: far beyond any lead time, and bounded against hostile input.
MAX_WORKING_DAYS = 10_000
TOO_MANY_DAYS = (
    f"A number of working days must be between -{MAX_WORKING_DAYS:,} and {MAX_WORKING_DAYS:,}"
)


@lru_cache(maxsize=256)
def bank_holidays(year: int) -> dict[date, str]:
    """England and Wales bank holidays in `year` as GOV.UK lists them: the weekdays off, so a
    holiday falling at a weekend appears as its substitute day (Boxing Day 2026, a Saturday, is
    Monday 28 December, "Boxing Day (substitute day)")."""
    calendar = holidays.country_holidays("GB", subdiv=_SUBDIVISION, years=year)
    return {
        day: name.replace("(observed)", "(substitute day)")
        for day, name in sorted(calendar.items())
        if day.year == year and day.weekday() < 5
    }


def is_bank_holiday(day: date) -> bool:
    return day in bank_holidays(day.year)


def is_working_day(day: date) -> bool:
    """Monday to Friday and not an England and Wales bank holiday."""
    return day.weekday() < 5 and not is_bank_holiday(day)


def _check_days(days: int) -> None:
    if isinstance(days, bool) or not isinstance(days, int):
        raise TypeError("days must be a whole number")
    if abs(days) > MAX_WORKING_DAYS:
        raise ValueError(TOO_MANY_DAYS)


def add_working_days(start: date, days: int) -> date:
    """The `days`-th working day after `start` (before it when `days` is negative).

    `start` itself is never counted, so from Thursday 2 April 2026, one working day on is Tuesday
    7 April (Good Friday and Easter Monday are skipped). `days == 0` returns `start` unchanged,
    even when it is not a working day.
    """
    _check_days(days)
    step = timedelta(days=1 if days > 0 else -1)
    day, remaining = start, abs(days)
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day


def _weekdays_in(first: date, last: date) -> int:
    """Monday-to-Friday days in first..last, both included (0 when last < first)."""
    if last < first:
        return 0
    span = (last - first).days + 1
    weeks, extra = divmod(span, 7)
    count = weeks * 5
    weekday = first.weekday()
    for offset in range(extra):
        if (weekday + offset) % 7 < 5:
            count += 1
    return count


def _working_days_in(first: date, last: date) -> int:
    """Working days in first..last, both included."""
    if last < first:
        return 0
    closed = sum(
        1
        for year in range(first.year, last.year + 1)
        for day in bank_holidays(year)
        if first <= day <= last
    )
    return _weekdays_in(first, last) - closed


def working_days_between(start: date, end: date) -> int:
    """Working days from `start` to `end`: `end` is counted, `start` is not.

    From Thursday 2 April 2026 to Tuesday 7 April 2026 is 1 (Good Friday, the weekend and Easter
    Monday are not working days). When `end` is before `start` the answer is negative and counts
    the working days from `end` up to the day before `start` (the days stepped onto going back),
    so a deadline one working day past answers -1. The same day answers 0.
    """
    if end == start:
        return 0
    if end > start:
        return _working_days_in(start + timedelta(days=1), end)
    return -_working_days_in(end, start - timedelta(days=1))
