"""Procurement notices: which a route owes, and their due dates across weekends and bank holidays
(Easter 2026: Good Friday 3 April, Easter Monday 6 April; Christmas 2026: Boxing Day substitute
Monday 28 December)."""

from datetime import date
from decimal import Decimal

import pytest

from commissioning import notice_rules
from commissioning.notice_rules import NoticeTerms

TERMS = NoticeTerms(
    market_engagement_lead_working_days=20,
    standstill_working_days=8,
    contract_details_days=30,
    light_touch_contract_details_days=120,
    below_threshold_notice_from=Decimal("30000.00"),
)


@pytest.mark.parametrize(
    ("published", "ends"),
    [
        # Thursday 2 April counts as day 1; Good Friday and Easter Monday do not count
        (date(2026, 4, 2), date(2026, 4, 15)),
        # The same weekday a week later with no holiday: 8 working days end on the Monday+1 week
        (date(2026, 4, 16), date(2026, 4, 27)),
        # Published on a Saturday: the count starts on Monday
        (date(2026, 4, 18), date(2026, 4, 29)),
        # Across Christmas: 25 and 28 December (Boxing Day substitute) and 1 January
        (date(2026, 12, 22), date(2027, 1, 5)),
    ],
)
def test_standstill_is_eight_working_days_beginning_with_publication(published, ends):
    assert notice_rules.standstill_ends(published, working_days=8) == ends


@pytest.mark.parametrize(
    ("signed", "days", "due"),
    [
        # 30 days beginning 5 March 2026 end on Good Friday 3 April: due Thursday 2 April
        (date(2026, 3, 5), 30, date(2026, 4, 2)),
        # 30 days beginning 8 March end Monday 6 April (Easter Monday): still Thursday 2 April
        (date(2026, 3, 8), 30, date(2026, 4, 2)),
        # 30 days beginning 9 March end Tuesday 7 April, a working day
        (date(2026, 3, 9), 30, date(2026, 4, 7)),
        # Light-touch: 120 days beginning 1 September 2026 end 29 December, a working day
        (date(2026, 9, 1), 120, date(2026, 12, 29)),
        # 120 days beginning 31 August 2026 end Monday 28 December (Boxing Day substitute)
        (date(2026, 8, 31), 120, date(2026, 12, 24)),
    ],
)
def test_contract_details_notice_due_on_the_last_working_day_of_the_period(signed, days, due):
    assert notice_rules.contract_details_due(signed, days=days) == due


def kinds(**kwargs):
    defaults = {
        "regulated": False,
        "value_with_vat": Decimal("100000"),
        "category": "goods_services",
        "starts_on": date(2026, 6, 1),
        "terms": TERMS,
    }
    defaults.update(kwargs)
    return [(n.kind, n.due_on) for n in notice_rules.notices_owed(**defaults)]


def test_a_regulated_procurement_owes_four_notices():
    assert kinds(regulated=True) == [
        ("market_engagement", date(2026, 4, 30)),  # 20 working days back, skipping 4 and 25 May
        ("tender", date(2026, 6, 1)),
        ("contract_award", None),
        ("contract_details", None),
    ]


def test_a_tender_notice_due_on_a_bank_holiday_is_due_the_working_day_before():
    owed = dict(kinds(regulated=True, starts_on=date(2026, 4, 6)))
    assert owed["tender"] == date(2026, 4, 2)


@pytest.mark.parametrize(
    ("value", "owed"),
    [
        ("29999.99", []),
        ("30000.00", [("below_threshold_details", None)]),
    ],
)
def test_below_threshold_contract_details_notice_from_thirty_thousand(value, owed):
    assert kinds(value_with_vat=Decimal(value)) == owed


@pytest.mark.parametrize(
    ("category", "regulated", "days"),
    [
        ("light_touch", True, 120),
        ("goods_services", True, 30),
        ("works", True, 30),
        ("light_touch", False, 30),
    ],
)
def test_contract_details_period_by_category(category, regulated, days):
    assert notice_rules.details_days(TERMS, category=category, regulated=regulated) == days


@pytest.mark.parametrize(
    ("regulated", "value", "owed"),
    [
        (True, "900000", ["contract_award", "contract_details"]),
        (False, "30000", ["below_threshold_details"]),
        (False, "29999.99", []),
    ],
)
def test_a_direct_award_owes_no_market_engagement_or_tender_notice(regulated, value, owed):
    notices = notice_rules.notices_owed(
        regulated=regulated,
        value_with_vat=Decimal(value),
        category="light_touch",
        starts_on=date(2026, 6, 1),
        terms=TERMS,
        direct_award=True,
    )
    assert [n.kind for n in notices] == owed
