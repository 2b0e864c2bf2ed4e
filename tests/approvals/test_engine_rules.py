"""Approval band rules: every band edge (on the limit, one penny over) and effective dates."""

from datetime import date
from decimal import Decimal

import pytest

from approvals.engine import rules
from approvals.engine.rules import Band, NoBandError

D = Decimal
OLD = date(2016, 4, 1)
NEW = date(2027, 4, 1)

BANDS = [
    Band("sta", OLD, D("0"), D("150000"), ("finance_approver",), source="CSO"),
    Band("sta", OLD, D("150000"), D("500000"), ("chief_executive", "finance_approver")),
    Band("sta", OLD, D("500000"), None, ("commissioner",), needs_decision_notice=True),
    # From NEW the finance limit rises to £200,000 (a band change effective from a date).
    Band("sta", NEW, D("0"), D("200000"), ("finance_approver",)),
    Band("sta", NEW, D("200000"), None, ("commissioner",), needs_decision_notice=True),
    Band("grant", OLD, D("0"), None, ("commissioner",), needs_decision_notice=True),
]


@pytest.mark.parametrize(
    ("value", "on", "roles", "notice"),
    [
        ("0.01", OLD, ("finance_approver",), False),
        ("149999.99", OLD, ("finance_approver",), False),
        ("150000.00", OLD, ("finance_approver",), False),  # on the limit: the lower band
        ("150000.01", OLD, ("chief_executive", "finance_approver"), False),  # one penny over
        ("500000.00", OLD, ("chief_executive", "finance_approver"), False),
        ("500000.01", OLD, ("commissioner",), True),
        ("99999999999.99", OLD, ("commissioner",), True),
        # the day before the change keeps the old set; the day of it uses the new one
        ("180000.00", date(2027, 3, 31), ("chief_executive", "finance_approver"), False),
        ("180000.00", NEW, ("finance_approver",), False),
        ("200000.00", NEW, ("finance_approver",), False),
        ("200000.01", NEW, ("commissioner",), True),
    ],
)
def test_band_edges_and_effective_dates(value, on, roles, notice):
    band = rules.band_for(BANDS, kind="sta", value=D(value), on=on)
    assert band.roles == roles
    assert band.needs_decision_notice is notice


@pytest.mark.parametrize(
    ("kind", "value", "on"),
    [
        ("sta", "0.00", OLD),  # nothing to approve
        ("sta", "100.00", date(2016, 3, 31)),  # before any band
        ("contract_award", "100.00", OLD),  # no band for the kind
    ],
)
def test_no_band(kind, value, on):
    with pytest.raises(NoBandError):
        rules.band_for(BANDS, kind=kind, value=D(value), on=on)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "120000",
            "A single tender action of £120,000.00 must be approved by the Finance approver, "
            "because the band for values up to and including £150,000.00 in force from "
            "1 April 2016 says so (source: CSO).",
        ),
        (
            "250000",
            "A single tender action of £250,000.00 must be approved by both the Chief Executive "
            "and the Finance approver (each a different person), because the band for values over "
            "£150,000.00 up to and including £500,000.00 in force from 1 April 2016 says so.",
        ),
        (
            "600000",
            "A single tender action of £600,000.00 must be approved by the Commissioner, by "
            "signing a decision notice, because the band for values over £500,000.00 in force "
            "from 1 April 2016 says so.",
        ),
    ],
)
def test_who_must_approve_sentence(value, expected):
    band = rules.band_for(BANDS, kind="sta", value=D(value), on=OLD)
    assert (
        rules.who_must_approve(band, value=D(value), kind_label="Single tender action") == expected
    )
