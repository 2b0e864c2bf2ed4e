"""The procurement route advisor: every band and threshold edge (on it, one penny under), across the
1 January 2026 threshold change, each category, VAT for the statutory test only, and values that
cross a line only once the extension options are counted."""

from datetime import date
from decimal import Decimal

import pytest

from commissioning import route_advisor
from commissioning.route_advisor import REGULATED, SINGLE_TENDER, advise, route_refusal
from commissioning.rules import RouteBand, Threshold

D = Decimal
Y23, Y24 = date(2023, 4, 1), date(2024, 4, 1)
CSO = [
    RouteBand(Y23, D("0"), "One written quote"),
    RouteBand(Y23, D("5000"), "Three written quotes"),
    RouteBand(Y23, D("50000"), "Competitive tender"),
    RouteBand(Y24, D("0"), "One written quote"),
    RouteBand(Y24, D("6000"), "Three written quotes"),
    RouteBand(Y24, D("60000"), "Competitive tender"),
]
ACT = [
    Threshold(date(2024, 1, 1), "goods_services", D("214904")),
    Threshold(date(2024, 1, 1), "works", D("5372609")),
    Threshold(date(2024, 1, 1), "light_touch", D("663540")),
    Threshold(date(2026, 1, 1), "goods_services", D("207720")),
    Threshold(date(2026, 1, 1), "works", D("5193000")),
    Threshold(date(2026, 1, 1), "light_touch", D("663540")),
]
ON = date(2026, 6, 1)


def advice(
    annual: str,
    *,
    category: str = "goods_services",
    initial: int = 12,
    options: tuple[int, ...] = (),
    vat: str = "0",
    on: date = ON,
):
    return advise(
        bands=CSO,
        thresholds=ACT,
        annual_value=D(annual),
        vat_rate=D(vat),
        initial_months=initial,
        option_months=options,
        category=category,
        on=on,
    )


@pytest.mark.parametrize(
    ("annual", "category", "on", "route"),
    [
        # Contract Standing Orders bands (a route owns values from its lower limit)
        ("0.01", "goods_services", ON, "One written quote"),
        ("5999.99", "goods_services", ON, "One written quote"),
        ("6000.00", "goods_services", ON, "Three written quotes"),
        ("59999.99", "goods_services", ON, "Three written quotes"),
        ("60000.00", "goods_services", ON, "Competitive tender"),
        ("4999.99", "goods_services", date(2024, 3, 31), "One written quote"),
        ("5000.00", "goods_services", date(2024, 3, 31), "Three written quotes"),
        ("50000.00", "goods_services", date(2024, 3, 31), "Competitive tender"),
        # Statutory thresholds, 2026 set (at or above is regulated)
        ("207719.99", "goods_services", ON, "Competitive tender"),
        ("207720.00", "goods_services", ON, REGULATED),
        ("5192999.99", "works", ON, "Competitive tender"),
        ("5193000.00", "works", ON, REGULATED),
        ("663539.99", "light_touch", ON, "Competitive tender"),
        ("663540.00", "light_touch", ON, REGULATED),
        # 2024 set: the day before the change and the first day of the new set
        ("214903.99", "goods_services", date(2025, 12, 31), "Competitive tender"),
        ("214904.00", "goods_services", date(2025, 12, 31), REGULATED),
        ("210000.00", "goods_services", date(2025, 12, 31), "Competitive tender"),
        ("210000.00", "goods_services", date(2026, 1, 1), REGULATED),
        ("5200000.00", "works", date(2025, 12, 31), "Competitive tender"),
        ("5200000.00", "works", date(2026, 1, 1), REGULATED),
        ("663540.00", "light_touch", date(2025, 12, 31), REGULATED),
        ("663539.99", "light_touch", date(2026, 1, 1), "Competitive tender"),
        # A light-touch service far above the goods threshold is still below its own
        ("500000.00", "light_touch", ON, "Competitive tender"),
    ],
)
def test_route_at_each_edge(annual, category, on, route):
    assert advice(annual, category=category, on=on).route == route


@pytest.mark.parametrize(
    ("annual", "options", "route"),
    [
        # £100,000 a year for 2 years is £200,000: below £207,720; a 1-year option makes £300,000
        ("100000", (), "Competitive tender"),
        ("100000", (12,), REGULATED),
        # £2,500 for 2 years is £5,000: one quote; with two 6-month options £7,500: three quotes
        ("2500", (), "One written quote"),
        ("2500", (6, 6), "Three written quotes"),
        # £25,000 for 2 years is £50,000; a 1-year option makes £75,000: a tender
        ("25000", (), "Three written quotes"),
        ("25000", (12,), "Competitive tender"),
    ],
)
def test_options_count_towards_the_whole_life_value(annual, options, route):
    assert advice(annual, initial=24, options=options).route == route


@pytest.mark.parametrize(
    ("annual", "vat", "route"),
    [
        # £173,100 a year: £207,720.00 with 20% VAT, at the threshold; the CSO band uses the net
        ("173100.00", "20", REGULATED),
        ("173099.99", "20", "Competitive tender"),
        ("173100.00", "0", "Competitive tender"),
        # £55,000 net is three quotes even though £66,000 with VAT
        ("55000.00", "20", "Three written quotes"),
    ],
)
def test_vat_counts_for_the_statutory_test_only(annual, vat, route):
    assert advice(annual, vat=vat).route == route


def test_the_explanation_is_one_sentence_with_the_facts():
    result = advice("120000", category="light_touch", initial=36, options=(12,))
    assert result.explanation == (
        "£480,000 over 3 + 1 years is a light-touch service below the £663,540 threshold in "
        "force since 1 January 2026: competitive tender"
    )


def test_the_explanation_shows_vat_and_pence():
    result = advice("180000.50", vat="20")
    assert result.whole_life_value == D("180000.50")
    assert result.whole_life_value_with_vat == D("216000.60")
    assert result.explanation == (
        "£180,000.50 (£216,000.60 with VAT) over 1 year is a goods and services contract at or "
        "above the £207,720 threshold in force since 1 January 2026: regulated procurement "
        "(Procurement Act 2023)"
    )


@pytest.mark.parametrize(
    ("annual", "chosen", "allowed"),
    [
        ("100000", "Competitive tender", True),
        ("100000", REGULATED, True),  # a more demanding route is always allowed
        ("100000", "Three written quotes", False),
        ("100000", "One written quote", False),
        ("100000", SINGLE_TENDER, True),
        ("20000", "Three written quotes", True),
        ("20000", "One written quote", False),
        ("300000", "Competitive tender", False),
        ("300000", REGULATED, True),
        ("300000", SINGLE_TENDER, True),
    ],
)
def test_a_route_the_value_does_not_allow_is_refused(annual, chosen, allowed):
    refusal = route_refusal(advice(annual), chosen)
    assert (refusal == "") is allowed
    if not allowed:
        assert "except through an approved single tender action" in refusal


def test_no_rules_in_force_is_a_clear_error():
    with pytest.raises(ValueError, match="No procurement route"):
        advice("1000", on=date(2020, 1, 1))


def test_whole_life_value_is_to_the_penny():
    assert route_advisor.whole_life_value(D("1000.01"), 18) == D("1500.02")
