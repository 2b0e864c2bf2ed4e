"""Working days in England and Wales across Easter 2026 and Christmas 2026 (core.working_days)."""

from datetime import date, timedelta

import pytest

from core.working_days import (
    MAX_WORKING_DAYS,
    TOO_MANY_DAYS,
    add_working_days,
    bank_holidays,
    is_working_day,
    working_days_between,
)

D = date


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2026, 4, 2), True),  # Thursday before Easter
        (D(2026, 4, 3), False),  # Good Friday
        (D(2026, 4, 4), False),  # Saturday
        (D(2026, 4, 5), False),  # Easter Sunday
        (D(2026, 4, 6), False),  # Easter Monday
        (D(2026, 4, 7), True),  # Tuesday after Easter
        (D(2026, 12, 24), True),  # Christmas Eve is no bank holiday
        (D(2026, 12, 25), False),  # Christmas Day, a Friday
        (D(2026, 12, 26), False),  # Boxing Day, a Saturday
        (D(2026, 12, 27), False),  # Sunday
        (D(2026, 12, 28), False),  # substitute day for Boxing Day
        (D(2026, 12, 29), True),
        (D(2026, 12, 31), True),
        (D(2027, 1, 1), False),  # New Year's Day, a Friday
        (D(2027, 1, 4), True),
        (D(2026, 5, 4), False),  # Early May bank holiday
        (D(2026, 5, 25), False),  # Spring bank holiday
        (D(2026, 8, 31), False),  # Summer bank holiday (England and Wales, not Scotland's)
        (D(2026, 8, 3), True),  # Scotland's summer bank holiday is a working day here
        (D(2026, 3, 17), True),  # St Patrick's Day is Northern Ireland's only
        (D(2026, 11, 30), True),  # St Andrew's Day is Scotland's only
        (D(2023, 5, 8), False),  # a one-off: the coronation
        (D(2022, 9, 19), False),  # a one-off: the state funeral
    ],
)
def test_is_working_day(day, working):
    assert is_working_day(day) is working


def test_bank_holidays_2026_are_the_eight_of_england_and_wales():
    assert list(bank_holidays(2026)) == [
        D(2026, 1, 1),
        D(2026, 4, 3),
        D(2026, 4, 6),
        D(2026, 5, 4),
        D(2026, 5, 25),
        D(2026, 8, 31),
        D(2026, 12, 25),
        D(2026, 12, 28),  # Boxing Day (Saturday 26th) moves to Monday
    ]


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # Easter 2026
        (D(2026, 4, 2), 1, D(2026, 4, 7)),  # Thursday + 1 skips Good Friday to Easter Monday
        (D(2026, 4, 1), 2, D(2026, 4, 7)),
        (D(2026, 4, 2), 5, D(2026, 4, 13)),
        (D(2026, 4, 3), 1, D(2026, 4, 7)),  # from a holiday: the first working day after
        (D(2026, 4, 4), 1, D(2026, 4, 7)),
        (D(2026, 4, 6), 1, D(2026, 4, 7)),
        (D(2026, 3, 30), 10, D(2026, 4, 15)),
        (D(2026, 4, 7), -1, D(2026, 4, 2)),  # back over Easter
        (D(2026, 4, 6), -1, D(2026, 4, 2)),
        (D(2026, 4, 8), -2, D(2026, 4, 2)),
        # Christmas 2026 and New Year 2027
        (D(2026, 12, 24), 1, D(2026, 12, 29)),
        (D(2026, 12, 23), 2, D(2026, 12, 29)),
        (D(2026, 12, 24), 3, D(2026, 12, 31)),
        (D(2026, 12, 24), 4, D(2027, 1, 4)),  # New Year's Day (Friday) skipped too
        (D(2026, 12, 25), 1, D(2026, 12, 29)),
        (D(2026, 12, 28), 1, D(2026, 12, 29)),
        (D(2026, 12, 18), 10, D(2027, 1, 6)),
        (D(2026, 12, 29), -1, D(2026, 12, 24)),
        (D(2027, 1, 4), -3, D(2026, 12, 29)),
        # zero: the start itself, working or not
        (D(2026, 4, 3), 0, D(2026, 4, 3)),
        (D(2026, 4, 7), 0, D(2026, 4, 7)),
    ],
)
def test_add_working_days(start, days, expected):
    assert add_working_days(start, days) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2026, 4, 2), D(2026, 4, 2), 0),
        (D(2026, 4, 2), D(2026, 4, 3), 0),  # end on Good Friday: nothing counted
        (D(2026, 4, 2), D(2026, 4, 6), 0),
        (D(2026, 4, 2), D(2026, 4, 7), 1),  # start not counted, end counted
        (D(2026, 4, 1), D(2026, 4, 7), 2),
        (D(2026, 3, 30), D(2026, 4, 15), 10),
        (D(2026, 4, 3), D(2026, 4, 7), 1),
        (D(2026, 4, 7), D(2026, 4, 2), -1),  # end before start: negative
        (D(2026, 4, 7), D(2026, 4, 6), 0),
        (D(2026, 12, 24), D(2026, 12, 29), 1),
        (D(2026, 12, 24), D(2027, 1, 4), 4),
        (D(2026, 12, 18), D(2027, 1, 6), 10),
        (D(2026, 12, 25), D(2026, 12, 28), 0),
        (D(2026, 12, 29), D(2026, 12, 24), -1),
        (D(2025, 12, 31), D(2026, 12, 31), 253),  # the whole of 2026: 261 weekdays - 8
        (D(2026, 1, 1), D(2026, 12, 31), 253),  # 1 January is not counted, but is no working day
        (D(2026, 1, 2), D(2026, 12, 31), 252),  # 2 January (a Friday) is the start: not counted
    ],
)
def test_working_days_between(start, end, expected):
    assert working_days_between(start, end) == expected


@pytest.mark.parametrize("days", [-12, -5, -1, 1, 2, 3, 7, 20, 300])
@pytest.mark.parametrize(
    "start",
    [
        D(2026, 4, 1),
        D(2026, 4, 3),
        D(2026, 4, 4),
        D(2026, 12, 24),
        D(2026, 12, 26),
        D(2026, 12, 28),
    ],
)
def test_between_is_the_inverse_of_add(start, days):
    assert working_days_between(start, add_working_days(start, days)) == days


def test_between_agrees_with_counting_day_by_day_over_two_years():
    start = D(2026, 1, 1)
    for offset in range(0, 730, 7):
        end = start + timedelta(days=offset)
        by_hand = sum(
            is_working_day(start + timedelta(days=i)) for i in range(1, (end - start).days + 1)
        )
        assert working_days_between(start, end) == by_hand


@pytest.mark.parametrize("days", [MAX_WORKING_DAYS + 1, -MAX_WORKING_DAYS - 1, 10**40])
def test_add_refuses_absurd_spans(days):
    with pytest.raises(ValueError, match=TOO_MANY_DAYS):
        add_working_days(D(2026, 4, 1), days)


@pytest.mark.parametrize("days", [1.5, "3", True, None])
def test_add_refuses_anything_but_a_whole_number(days):
    with pytest.raises(TypeError):
        add_working_days(D(2026, 4, 1), days)


def test_between_at_the_ends_of_the_calendar():
    assert working_days_between(date.max, date.max) == 0
    assert working_days_between(date.min, date.min) == 0


def test_substitute_days_are_named_as_gov_uk_names_them():
    assert bank_holidays(2026)[D(2026, 12, 28)] == "Boxing Day (substitute day)"
    assert D(2026, 12, 26) not in bank_holidays(2026)  # a Saturday: the office is closed anyway
