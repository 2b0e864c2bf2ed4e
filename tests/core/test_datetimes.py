"""Dates and times in people's words, in Europe/London (GOV.UK style)."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from core.datetimes import format_date, format_datetime

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    "value, expected",
    [
        (datetime(2026, 12, 2, 1, 56, tzinfo=UTC), "2 December 2026 at 1:56am"),  # GMT
        (datetime(2026, 7, 1, 0, 56, tzinfo=UTC), "1 July 2026 at 1:56am"),  # BST: UTC+1
        (
            datetime(2026, 3, 29, 0, 59, tzinfo=UTC),
            "29 March 2026 at 12:59am",
        ),  # before clocks go forward
        (datetime(2026, 3, 29, 1, 0, tzinfo=UTC), "29 March 2026 at 2am"),  # after
        (
            datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
            "25 October 2026 at 1:30am",
        ),  # first 1:30 (BST)
        (datetime(2026, 10, 25, 1, 30, tzinfo=UTC), "25 October 2026 at 1:30am"),  # second (GMT)
        (datetime(2026, 12, 2, 0, 0, tzinfo=UTC), "2 December 2026 at midnight"),
        (datetime(2026, 12, 2, 12, 0, tzinfo=UTC), "2 December 2026 at midday"),
        (datetime(2026, 12, 2, 12, 1, tzinfo=UTC), "2 December 2026 at 12:01pm"),
        (datetime(2026, 12, 2, 0, 5, tzinfo=UTC), "2 December 2026 at 12:05am"),
        (datetime(2026, 12, 2, 10, 0, tzinfo=UTC), "2 December 2026 at 10am"),
        (datetime(2026, 12, 2, 23, 59, tzinfo=UTC), "2 December 2026 at 11:59pm"),
        (datetime(2026, 7, 1, 13, 5, tzinfo=LONDON), "1 July 2026 at 1:05pm"),
        (datetime(2026, 12, 2, 1, 56), "2 December 2026 at 1:56am"),  # naive: taken as UTC
        (datetime(2026, 7, 1, 0, 56), "1 July 2026 at 1:56am"),
    ],
)
def test_format_datetime(value, expected):
    assert format_datetime(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [(date(2026, 4, 1), "1 April 2026"), (date(2027, 3, 31), "31 March 2027")],
)
def test_format_date(value, expected):
    assert format_date(value) == expected
