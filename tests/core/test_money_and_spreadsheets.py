"""Money parsing/formatting and spreadsheet formula neutralising."""

from decimal import Decimal

import pytest
import tablib

from core.money import MoneyFormatError, format_gbp, parse_pounds, to_money
from core.spreadsheets import neutralise_cell, neutralise_dataset


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("£150,000.00", Decimal("150000.00")),
        ("150000.01", Decimal("150000.01")),
        (2000, Decimal("2000.00")),
        (0.1, Decimal("0.10")),
        ("  1 250.5 ", Decimal("1250.50")),
        (Decimal("2.005"), Decimal("2.01")),
    ],
)
def test_to_money(raw, expected):
    assert to_money(raw) == expected


@pytest.mark.parametrize("raw", ["abc", "", "NaN", "Infinity"])
def test_to_money_refuses_non_amounts(raw):
    with pytest.raises(ValueError):
        to_money(raw)


@pytest.mark.parametrize(
    ("amount", "text"),
    [(Decimal("150000"), "£150,000.00"), (Decimal("-2.5"), "−£2.50"), (Decimal("0.01"), "£0.01")],
)
def test_format_gbp(amount, text):
    assert format_gbp(amount) == text


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Plain text", "Plain text"),
        (42, 42),
        (None, None),
    ],
)
def test_neutralise_cell(cell, safe):
    assert neutralise_cell(cell) == safe


def test_neutralise_dataset_keeps_headers():
    data = tablib.Dataset(["=1+2", "ok"], headers=["a", "b"])
    safe = neutralise_dataset(data)
    assert safe.headers == ["a", "b"]
    assert safe[0] == ("'=1+2", "ok")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("£1,250.50", Decimal("1250.50")),
        (0.1 + 0.2, Decimal("0.30")),  # a spreadsheet's binary float
        (2000, Decimal("2000.00")),
        (Decimal("2000.01"), Decimal("2000.01")),
    ],
)
def test_parse_pounds_exact(raw, expected):
    assert parse_pounds(raw) == expected


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("1.005", "pence"),
        (1.005, "pence"),
        ("ten", "invalid"),
        (True, "invalid"),
        ("NaN", "invalid"),
    ],
)
def test_parse_pounds_refuses(raw, kind):
    with pytest.raises(MoneyFormatError) as refused:
        parse_pounds(raw)
    assert refused.value.kind == kind
