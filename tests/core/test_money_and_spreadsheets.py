"""Money parsing/formatting and spreadsheet formula neutralising."""

from decimal import Decimal

import pytest
import tablib

from core.money import AMOUNT_FORMAT, MoneyFormatError, format_gbp, parse_pounds
from core.spreadsheets import neutralise_cell, neutralise_dataset


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
        ("150000.01", Decimal("150000.01")),
        ("1250.5", Decimal("1250.50")),
        ("12,345,678.90", Decimal("12345678.90")),
        ("  £2,000 ", Decimal("2000.00")),
        ("-5", Decimal("-5.00")),
        ("999,999,999,999.99", Decimal("999999999999.99")),
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
        ("Infinity", "invalid"),
        ("", "invalid"),
        ("1e40", "invalid"),
        ("1E+26", "invalid"),
        ("1,25", "invalid"),  # not £125.00
        ("1,2,3", "invalid"),
        ("12,34.00", "invalid"),
        ("1_000", "invalid"),
        ("１２３", "invalid"),  # full-width digits
        ("١٢٣", "invalid"),  # Arabic-Indic digits
        ("1 250", "invalid"),
        ("1\x00", "invalid"),
        (".5", "invalid"),
        ("£", "invalid"),
        ("5 🙂", "invalid"),
        ("1" * 10_000, "too_large"),
        ("1000000000000", "too_large"),  # the column holds 12 digits of pounds
        ("1,000,000,000,000.00", "too_large"),
        (1e40, "too_large"),
        (10**30, "too_large"),
        (Decimal("1E+40"), "too_large"),
    ],
)
def test_parse_pounds_refuses(raw, kind):
    with pytest.raises(MoneyFormatError) as refused:
        parse_pounds(raw)
    assert refused.value.kind == kind


def test_every_refusal_has_a_message_in_the_users_words():
    with pytest.raises(MoneyFormatError) as refused:
        parse_pounds("1,25")
    assert (
        refused.value.message
        == AMOUNT_FORMAT
        == ("Enter an amount in pounds and pence, like 1,250.50")
    )
