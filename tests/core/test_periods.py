"""Month periods by the corresponding-date rule: month ends, 29 February, no drift."""

from datetime import date

import pytest

from core.periods import consecutive_periods, period_end, period_start


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2025, 4, 1), 6, date(2025, 9, 30)),
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 6, date(2024, 8, 28)),
        (date(2025, 10, 31), 4, date(2026, 2, 28)),
    ],
)
def test_period_end(start, months, end):
    assert period_end(start, months) == end
    assert period_start(start, months) == date.fromordinal(end.toordinal() + 1)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (
            date(2025, 4, 1),
            date(2026, 3, 31),
            [(date(2025, 4, 1), date(2025, 9, 30)), (date(2025, 10, 1), date(2026, 3, 31))],
        ),
        (  # the 31st: periods follow the start's day and never drift to the 1st
            date(2025, 8, 31),
            date(2026, 12, 31),
            [
                (date(2025, 8, 31), date(2026, 2, 28)),
                (date(2026, 3, 1), date(2026, 8, 30)),
                (date(2026, 8, 31), date(2026, 12, 31)),
            ],
        ),
        (  # 29 February start; last period cut short at the end date
            date(2024, 2, 29),
            date(2025, 3, 15),
            [
                (date(2024, 2, 29), date(2024, 8, 28)),
                (date(2024, 8, 29), date(2025, 2, 28)),
                (date(2025, 3, 1), date(2025, 3, 15)),
            ],
        ),
        (date(2025, 4, 1), date(2025, 4, 1), [(date(2025, 4, 1), date(2025, 4, 1))]),
    ],
)
def test_consecutive_periods(start, end, expected):
    assert consecutive_periods(start, end, 6) == expected


@pytest.mark.parametrize("months", [0, -6])
def test_periods_refuse_nonpositive_months(months):
    with pytest.raises(ValueError):
        consecutive_periods(date(2025, 4, 1), date(2026, 3, 31), months)


def test_periods_refuse_end_before_start():
    with pytest.raises(ValueError):
        consecutive_periods(date(2025, 4, 1), date(2025, 3, 31), 6)
