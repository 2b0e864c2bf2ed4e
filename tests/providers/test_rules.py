"""Format rules for charity numbers, company numbers and postcodes."""

import pytest

from providers import rules


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("1123456", True),
        ("123456", True),
        ("1123456-1", True),
        ("SC012345", True),
        ("sc012345", True),
        ("NIC100001", True),
        ("12345", False),
        ("112345678", False),
        ("SC01234", False),
        ("AB123456", False),
        ("", False),
    ],
)
def test_charity_number(value, ok):
    assert rules.is_valid_charity_number(value) is ok


@pytest.mark.parametrize(
    ("value", "ok", "normalised"),
    [
        ("01234567", True, "01234567"),
        ("1234567", True, "01234567"),
        ("SC123456", True, "SC123456"),
        ("oc 301234", True, "OC301234"),
        ("SC12345", False, "SC12345"),
        ("123456789", False, "123456789"),
        ("ABC12345", False, "ABC12345"),
    ],
)
def test_company_number(value, ok, normalised):
    assert rules.is_valid_company_number(value) is ok
    assert rules.normalise_company_number(value) == normalised


@pytest.mark.parametrize(
    ("value", "ok", "normalised"),
    [
        ("CB1 1AA", True, "CB1 1AA"),
        ("cb11aa", True, "CB1 1AA"),
        ("PE29 3TN", True, "PE29 3TN"),
        ("EC1A 1BB", True, "EC1A 1BB"),
        ("W1A 0AX", True, "W1A 0AX"),
        ("12345", False, "12 345"),
        ("CB1", False, "CB1"),
    ],
)
def test_postcode(value, ok, normalised):
    assert rules.is_valid_postcode(value) is ok
    assert rules.normalise_postcode(value) == normalised


@pytest.mark.parametrize(
    ("countywide", "district_count", "message"),
    [
        (True, 0, None),
        (False, 1, None),
        (False, 3, None),
        (False, 0, rules.AREA_NEEDS_DISTRICTS_MESSAGE),
        (True, 1, rules.AREA_COUNTYWIDE_WITH_DISTRICTS_MESSAGE),
    ],
)
def test_area_served(countywide, district_count, message):
    assert rules.area_served_error(countywide=countywide, district_count=district_count) == message


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Mind in Cambs", "mind in cambs", True),
        ("Mind in Cambs", "\u041cind in Cambs", True),  # Cyrillic М
        ("Mind in Cambs", "Mi\u200bnd in Cambs", True),  # zero-width space
        ("Mind in Cambs", "Ｍｉｎｄ in Cambs", True),  # full-width
        ("Mind in Cambs", "M\u0456nd in Cambs", True),  # Cyrillic і
        ("Age UK", "\u0391ge UK", True),  # Greek Alpha
        ("Mind in Cambs", "Mínd in Cambs", False),  # an accent is a different name
        ("Mind  in Cambs ", "Mind in Cambs", True),
        ("\tMind in\nCambs", "MIND IN CAMBS", True),
        ("Mind in Cambs", "Mind in Camb", False),
        ("", "  ", True),
    ],
)
def test_name_key(a, b, same):
    assert (rules.name_key(a) == rules.name_key(b)) is same


def test_normalise_name_collapses_spaces():
    assert rules.normalise_name("  Fenland   Victim  Support ") == "Fenland Victim Support"
