"""Grant rules: year splits, co-funding shares, maximum awards and budget shortfalls."""

from datetime import date
from decimal import Decimal as D

import pytest

from core.financial_years import FinancialYear
from grants import rules


@pytest.mark.parametrize(
    ("amount", "start", "end", "expected"),
    [
        # Wholly inside one year, ending on 31 March.
        (D("1000.00"), date(2025, 4, 1), date(2026, 3, 31), {2025: D("1000.00")}),
        # 31 March vs 1 April: one day in each year.
        (D("100.00"), date(2026, 3, 31), date(2026, 4, 1), {2025: D("50.00"), 2026: D("50.00")}),
        # Pro rata by days across the boundary; the last year takes the remainder.
        (
            D("1000.00"),
            date(2026, 1, 1),
            date(2026, 12, 31),
            {2025: D("246.57"), 2026: D("753.43")},
        ),
        # A leap year: 2023/24 has 366 days (29 February 2024).
        (D("366.00"), date(2023, 4, 1), date(2024, 3, 31), {2023: D("366.00")}),
        # 29 February to 1 April: 32 days in 2023/24, 1 day in 2024/25.
        (D("1000.00"), date(2024, 2, 29), date(2024, 4, 1), {2023: D("969.69"), 2024: D("30.31")}),
        # Four years touched; the parts still add up to the penny.
        (
            D("0.03"),
            date(2025, 3, 31),
            date(2027, 4, 1),
            {2024: D("0.00"), 2025: D("0.01"), 2026: D("0.01"), 2027: D("0.01")},
        ),
    ],
)
def test_split_by_financial_year(amount, start, end, expected):
    split = rules.split_by_financial_year(amount, start, end)
    assert {y.start_year: v for y, v in split.items()} == expected
    assert sum(split.values()) == amount


@pytest.mark.parametrize(
    ("total", "shares", "ok"),
    [
        (D("100.00"), [D("50.00"), D("25.00"), D("25.00")], True),  # 50% NHS / 25% / 25%
        (D("100.00"), [D("50.00"), D("25.00"), D("24.99")], False),
        (D("100.00"), [D("50.00"), D("25.00"), D("25.01")], False),
        (D("2000.00"), [D("2000.00")], True),
    ],
)
def test_shares_must_add_up_to_the_penny(total, shares, ok):
    assert (rules.shares_message(total, shares) == "") is ok


def test_shares_message_names_the_gap():
    assert "£0.01 less" in rules.shares_message(D("100.00"), [D("99.99")])
    assert "£0.01 more" in rules.shares_message(D("100.00"), [D("100.01")])


@pytest.mark.parametrize(
    ("amount", "maximum", "exceeds"),
    [
        (D("2000.00"), D("2000.00"), False),
        (D("2000.01"), D("2000.00"), True),
        (D("1999.99"), D("2000.00"), False),
        (D("999999.00"), None, False),
    ],
)
def test_maximum_single_award(amount, maximum, exceeds):
    assert rules.exceeds_maximum_award(amount, maximum) is exceeds


@pytest.mark.parametrize(
    ("budget", "committed", "requested", "overridden", "gap"),
    [
        (D("70000.00"), D("60000.00"), D("10000.00"), D(0), D("0.00")),
        (D("70000.00"), D("60000.00"), D("10000.01"), D(0), D("0.01")),
        (D("70000.00"), D("60000.00"), D("12000.00"), D("2000.00"), D("0.00")),
        (D("70000.00"), D("60000.00"), D("12000.00"), D("1999.99"), D("0.01")),
        (D("0.00"), D("0.00"), D("1.00"), D(0), D("1.00")),
    ],
)
def test_budget_shortfall(budget, committed, requested, overridden, gap):
    assert (
        rules.budget_shortfall(
            budget=budget, committed=committed, requested=requested, overridden=overridden
        )
        == gap
    )


def test_shortfall_message_names_stream_year_and_amount():
    msg = rules.BudgetShortfall("Youth Fund", FinancialYear(2025), D("0.01")).message
    assert msg == "Youth Fund has too little budget left in 2025/26: short by £0.01"
