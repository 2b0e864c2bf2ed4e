"""Return schedules over their edges: starts on the 1st, the 31st and 29 February; extensions and
early breaks; late on the day after the due date, not on it; light returns at the limit."""

from datetime import date
from decimal import Decimal

import pytest

from returns.rules import (
    ReturnPeriod,
    days_left,
    is_late,
    is_light_return,
    reschedule,
    return_periods,
)


def periods(start, end):
    return [
        (p.starts, p.ends, p.due) for p in return_periods(start, end, months=6, due_after_days=30)
    ]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (
            date(2025, 4, 1),
            date(2026, 3, 31),
            [
                (date(2025, 4, 1), date(2025, 9, 30), date(2025, 10, 30)),
                (date(2025, 10, 1), date(2026, 3, 31), date(2026, 4, 30)),
            ],
        ),
        (
            date(2025, 8, 31),
            date(2026, 8, 30),
            [
                (date(2025, 8, 31), date(2026, 2, 28), date(2026, 3, 30)),
                (date(2026, 3, 1), date(2026, 8, 30), date(2026, 9, 29)),
            ],
        ),
        (
            date(2024, 2, 29),
            date(2025, 2, 28),
            [
                (date(2024, 2, 29), date(2024, 8, 28), date(2024, 9, 27)),
                (date(2024, 8, 29), date(2025, 2, 28), date(2025, 3, 30)),
            ],
        ),
        (  # a last short period ends on the award's end date
            date(2025, 4, 1),
            date(2025, 12, 31),
            [
                (date(2025, 4, 1), date(2025, 9, 30), date(2025, 10, 30)),
                (date(2025, 10, 1), date(2025, 12, 31), date(2026, 1, 30)),
            ],
        ),
    ],
)
def test_return_periods(start, end, expected):
    assert periods(start, end) == expected


def test_periods_are_numbered_from_one():
    numbers = [
        p.number
        for p in return_periods(date(2025, 4, 1), date(2027, 3, 31), months=6, due_after_days=30)
    ]
    assert numbers == [1, 2, 3, 4]


@pytest.mark.parametrize(
    ("today", "submitted_on", "late"),
    [
        (date(2025, 10, 29), None, False),
        (date(2025, 10, 30), None, False),  # on the due date: not late
        (date(2025, 10, 31), None, True),  # the day after: late
        (date(2025, 11, 30), date(2025, 10, 30), False),
        (date(2025, 11, 30), date(2025, 10, 31), True),
    ],
)
def test_late_from_the_day_after_the_due_date(today, submitted_on, late):
    assert is_late(date(2025, 10, 30), today=today, submitted_on=submitted_on) is late


def test_days_left():
    assert days_left(date(2025, 10, 30), today=date(2025, 10, 16)) == 14
    assert days_left(date(2025, 10, 30), today=date(2025, 11, 1)) == -2


@pytest.mark.parametrize(
    ("value", "light"),
    [(Decimal("1999.99"), True), (Decimal("2000.00"), True), (Decimal("2000.01"), False)],
)
def test_light_return_up_to_and_including_the_limit(value, light):
    assert is_light_return(value, light_up_to=Decimal("2000.00")) is light


def _existing(start, end, submitted_numbers):
    return {
        p.number: (p, p.number in submitted_numbers)
        for p in return_periods(start, end, months=6, due_after_days=30)
    }


def test_extension_adds_future_returns_and_leaves_submitted_ones():
    existing = _existing(date(2025, 4, 1), date(2026, 3, 31), {1})
    new = return_periods(date(2025, 4, 1), date(2027, 3, 31), months=6, due_after_days=30)
    change = reschedule(new, existing)
    assert [p.number for p in change.add] == [3, 4]
    assert change.remove == ()
    assert change.reshape == ()


def test_early_break_removes_unsubmitted_and_shortens_the_current_period():
    existing = _existing(date(2025, 4, 1), date(2027, 3, 31), {1})
    new = return_periods(date(2025, 4, 1), date(2025, 12, 31), months=6, due_after_days=30)
    change = reschedule(new, existing)
    assert change.add == ()
    assert change.remove == (3, 4)
    assert [(p.number, p.ends) for p in change.reshape] == [(2, date(2025, 12, 31))]


def test_a_submitted_return_past_the_new_end_is_never_touched():
    existing = _existing(date(2025, 4, 1), date(2027, 3, 31), {1, 2, 3})
    new = return_periods(date(2025, 4, 1), date(2025, 12, 31), months=6, due_after_days=30)
    change = reschedule(new, existing)
    assert change.remove == (4,)
    assert change.reshape == ()  # period 2 was submitted: it keeps its original end


def test_due_after_days_cannot_be_negative():
    with pytest.raises(ValueError):
        return_periods(date(2025, 4, 1), date(2026, 3, 31), months=6, due_after_days=-1)


def test_return_period_is_a_value():
    assert ReturnPeriod(1, date(2025, 4, 1), date(2025, 9, 30), date(2025, 10, 30)) == ReturnPeriod(
        1, date(2025, 4, 1), date(2025, 9, 30), date(2025, 10, 30)
    )
