"""Contract terms as pure functions: the "N plus M" rule, end dates, option windows and deadlines.

Source: Commissioning and Grants Strategy ("three plus one, two plus one, one plus one ... the
extension options together may not be longer than the initial term"; break clauses for both parties
are always included). No ORM here: contracts' models, forms, imports and services all call these.

Dates follow the corresponding-date rule: a term of N months starting on day D ends the day before
the same day N months later; where that month has no such day (31 January + 1 month, 29 February +
12 months) the term ends on the last day of that month. An extension runs from the day after the
then-current end.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta

from core.periods import consecutive_periods, period_end, period_start

MAX_TERM_MONTHS = 600  # fifty years: anything longer is a typing mistake, not a contract


class OptionStatus:
    """What became of an extension option (the contracts model stores these values)."""

    PENDING = "pending"
    EXERCISED = "exercised"
    DECLINED = "declined"
    LAPSED = "lapsed"


def describe_months(months: int) -> str:
    """ "3 years", "1 year", "18 months": years where whole."""
    if months % 12 == 0:
        years = months // 12
        return f"{years} year" if years == 1 else f"{years} years"
    return f"{months} month" if months == 1 else f"{months} months"


def describe_term(initial_months: int, option_months: Sequence[int]) -> str:
    """ "3 + 1 years", "2 + 1 + 1 years", "18 + 6 months", "2 years" (no options)."""
    parts = [initial_months, *option_months]
    if all(p % 12 == 0 for p in parts):
        return " + ".join(str(p // 12) for p in parts) + (" year" if parts == [12] else " years")
    return " + ".join(str(p) for p in parts) + " months"


def term_errors(initial_months: int, option_months: Sequence[int]) -> list[str]:
    """Every reason the term breaks the N plus M rule, in words for the officer (empty if valid)."""
    errors: list[str] = []
    if initial_months < 1:
        errors.append("The initial term must be at least 1 month")
    elif initial_months > MAX_TERM_MONTHS:
        errors.append(f"The initial term must be {MAX_TERM_MONTHS} months or fewer")
    for number, months in enumerate(option_months, start=1):
        if months < 1:
            errors.append(f"Extension option {number} must be at least 1 month")
    total = sum(option_months)
    if initial_months >= 1 and total > initial_months:
        errors.append(
            f"The extensions total {total} months but the initial term is {initial_months} "
            "months: together the extension options may not be longer than the initial term"
        )
    return errors


def term_end(start: date, months: int) -> date:
    """The last day of a term of `months` months starting on `start` (inclusive)."""
    if months < 1:
        raise ValueError("A term is at least one month")
    return period_end(start, months)


def decision_deadline(current_end: date, lead_months: int) -> date:
    """The last day to decide an option: `lead_months` before the end it would extend."""
    return current_end - relativedelta(months=lead_months)


@dataclass(frozen=True)
class OptionWindow:
    number: int
    months: int
    status: str
    starts: date
    ends: date
    deadline: date


@dataclass(frozen=True)
class Timeline:
    start: date
    initial_end: date
    options: tuple[OptionWindow, ...]
    current_end: date
    latest_end: date

    def next_option(self) -> OptionWindow | None:
        """The option to decide next: the first still pending (options are decided in order)."""
        return next((o for o in self.options if o.status == OptionStatus.PENDING), None)


def timeline(
    start: date,
    initial_months: int,
    options: Sequence[tuple[int, str]],
    *,
    lead_months: int,
    ended_on: date | None = None,
) -> Timeline:
    """The whole timeline of a contract from its term and each option's (months, status).

    Each option's window follows the one before it, whether or not that one was exercised (a
    pending option after a declined one cannot happen: declining lapses the rest). `ended_on`
    (a break clause or de-commissioning) cuts the current end short.
    """
    initial_end = term_end(start, initial_months)
    windows: list[OptionWindow] = []
    current_end = latest_end = window_end = initial_end
    for number, (months, status) in enumerate(options, start=1):
        starts = window_end + timedelta(days=1)
        ends = term_end(starts, months)
        deadline = decision_deadline(window_end, lead_months)
        windows.append(OptionWindow(number, months, status, starts, ends, deadline))
        if status == OptionStatus.EXERCISED:
            current_end = ends
        if status in (OptionStatus.EXERCISED, OptionStatus.PENDING):
            latest_end = ends
        window_end = ends
    if ended_on is not None and ended_on < current_end:
        current_end = latest_end = ended_on
    return Timeline(start, initial_end, tuple(windows), current_end, latest_end)


def break_end(notice_given_on: date, notice_months: int, stated_end: date | None = None) -> date:
    """When a break clause ends the contract: notice date plus the party's notice period, or a later
    date the notice states."""
    earliest = notice_given_on + relativedelta(months=notice_months)
    if stated_end is not None and stated_end > earliest:
        return stated_end
    return earliest


def term_value(annual_value: Decimal, months: int) -> Decimal:
    """The value of `months` months at `annual_value` a year, to the penny (rounded half up)."""
    return (annual_value * months / 12).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def months_between(start: date, end: date) -> int:
    """The fewest whole months whose term from `start` reaches `end` (a part month counts whole):
    an STA's dates give a contract's term."""
    if end < start:
        raise ValueError("The period ends before it starts")
    months = max(1, (end.year - start.year) * 12 + end.month - start.month - 1)
    while term_end(start, months) < end:
        months += 1
    return months


def meeting_dates(start: date, end: date, every_months: int = 3) -> list[date]:
    """When contract meetings fall across a term: the end of each `every_months` period from the
    start (the last one cut short at the end)."""
    return [last for _, last in consecutive_periods(start, end, every_months)]


def next_meeting(start: date, end: date, day: date, every_months: int = 3) -> date | None:
    """The first of `meeting_dates(start, end, every_months)` on or after `day`, found without
    listing them all (a sweep asks this of thousands of contracts)."""
    months = (day.year - start.year) * 12 + day.month - start.month
    number = max(1, months // every_months - 1)  # at least two periods before `day`'s
    while period_start(start, every_months * (number - 1)) <= end:
        due = min(period_end(start, every_months * number), end)
        if due >= day:
            return due
        number += 1
    return None
