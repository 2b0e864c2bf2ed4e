"""Procurement rules: route band edges, band changes by date, thresholds by start date, grounds."""

from datetime import date
from decimal import Decimal

import pytest

from commissioning import rules
from commissioning.rules import Ground, RouteBand, Threshold

D = Decimal
Y23, Y24 = date(2023, 4, 1), date(2024, 4, 1)
ROUTES = [
    RouteBand(Y23, D("0"), "one quote"),
    RouteBand(Y23, D("5000"), "three quotes"),
    RouteBand(Y23, D("50000"), "tender"),
    RouteBand(Y24, D("0"), "one quote"),
    RouteBand(Y24, D("6000"), "three quotes"),
    RouteBand(Y24, D("60000"), "tender"),
]
THRESHOLDS = [
    Threshold(date(2024, 1, 1), "goods_services", D("214904")),
    Threshold(date(2026, 1, 1), "goods_services", D("207720")),
    Threshold(date(2024, 1, 1), "light_touch", D("663540")),
    Threshold(date(2026, 1, 1), "light_touch", D("663540")),
]


@pytest.mark.parametrize(
    ("value", "on", "route"),
    [
        ("0.01", Y24, "one quote"),
        ("5999.99", Y24, "one quote"),
        ("6000.00", Y24, "three quotes"),  # on the limit: the higher route owns it
        ("6000.01", Y24, "three quotes"),
        ("59999.99", Y24, "three quotes"),
        ("60000.00", Y24, "tender"),
        ("60000.01", Y24, "tender"),
        ("5000.00", date(2024, 3, 31), "three quotes"),  # the 2023/24 bands the day before
        ("5000.00", Y24, "one quote"),
        ("50000.00", date(2024, 3, 31), "tender"),
        ("50000.00", Y24, "three quotes"),
    ],
)
def test_route_edges(value, on, route):
    assert rules.route_for(ROUTES, value=D(value), on=on).route == route


def test_no_route_before_the_first_set():
    with pytest.raises(ValueError, match="No procurement route"):
        rules.route_for(ROUTES, value=D("10"), on=date(2020, 1, 1))


@pytest.mark.parametrize(
    ("category", "start", "value", "above"),
    [
        ("goods_services", date(2025, 12, 31), "214903.99", False),
        ("goods_services", date(2025, 12, 31), "214904.00", True),
        ("goods_services", date(2025, 12, 31), "210000.00", False),  # 2024 set still in force
        ("goods_services", date(2026, 1, 1), "210000.00", True),  # the 2026 set from its day
        ("goods_services", date(2026, 1, 1), "207719.99", False),
        ("goods_services", date(2026, 1, 1), "207720.00", True),
        ("goods_services", date(2026, 1, 1), "207720.01", True),
        ("light_touch", date(2026, 6, 1), "663539.99", False),
        ("light_touch", date(2026, 6, 1), "663540.00", True),
    ],
)
def test_statutory_threshold_by_procurement_start(category, start, value, above):
    threshold = rules.threshold_for(THRESHOLDS, category=category, on=start)
    assert rules.is_at_or_above(D(value), threshold) is above


CONTINUITY = Ground(
    "Continuity of supply", rules.BELOW_THRESHOLD, "There is no such ground in the Act."
)
TECHNICAL = Ground("Only one supplier for technical reasons", rules.BELOW_THRESHOLD)
SCHEDULE_5 = Ground("Single supplier: technical reasons (Schedule 5)", rules.SCHEDULE_5)
T2026 = THRESHOLDS[1]


@pytest.mark.parametrize(
    ("value", "ground", "refused"),
    [
        ("120000", CONTINUITY, ""),
        ("120000", TECHNICAL, ""),
        ("120000", SCHEDULE_5, "Below the £207,720.00 threshold"),
        ("207719.99", CONTINUITY, ""),
        ("207720.00", CONTINUITY, "There is no such ground in the Act."),
        ("250000", CONTINUITY, "not a ground for a direct award at or above"),
        ("250000", TECHNICAL, "Choose a Schedule 5 ground"),
        ("250000", SCHEDULE_5, ""),
    ],
)
def test_grounds_by_value(value, ground, refused):
    message = rules.ground_refusal(value=D(value), threshold=T2026, ground=ground)
    if refused:
        assert refused in message
    else:
        assert message == ""


@pytest.mark.parametrize(
    ("value", "reference", "published", "refused"),
    [
        ("120000", "", None, False),
        ("250000", "", None, True),
        ("250000", "FTS-2026-0001", None, True),
        ("250000", "  ", date(2026, 1, 5), True),
        ("250000", "FTS-2026-0001", date(2026, 1, 5), False),
    ],
)
def test_transparency_notice_at_or_above(value, reference, published, refused):
    message = rules.transparency_refusal(
        value=D(value), threshold=T2026, reference=reference, published_on=published
    )
    assert bool(message) is refused
