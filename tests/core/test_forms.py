"""MoneyField: what people type, and what is refused (fractions of a penny are never rounded)."""

from decimal import Decimal as D

import pytest
from django import forms

from core.forms import (
    AMOUNT_FORMAT,
    AMOUNT_NOT_POSITIVE,
    AMOUNT_PENCE,
    AMOUNT_TOO_LARGE,
    MoneyField,
)


class Form(forms.Form):
    amount = MoneyField()


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("£1,250.50", D("1250.50")),
        ("2000", D("2000.00")),
        (" 0.01 ", D("0.01")),
        ("150000.00", D("150000.00")),
        ("150000.01", D("150000.01")),
    ],
)
def test_accepted(typed, value):
    form = Form({"amount": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == value


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("lots", AMOUNT_FORMAT),
        ("1.005", AMOUNT_PENCE),
        ("0", AMOUNT_NOT_POSITIVE),
        ("-5", AMOUNT_NOT_POSITIVE),
        ("1000000000000", AMOUNT_TOO_LARGE),
        ("NaN", AMOUNT_FORMAT),
        ("1e40", AMOUNT_FORMAT),
        ("1,25", AMOUNT_FORMAT),
        ("1,2,3", AMOUNT_FORMAT),
        ("1_000", AMOUNT_FORMAT),
        ("１０００", AMOUNT_FORMAT),
        ("10\x00", AMOUNT_FORMAT),
        ("9" * 10_000, AMOUNT_TOO_LARGE),
    ],
)
def test_refused(typed, message):
    form = Form({"amount": typed})
    assert not form.is_valid()
    assert form.errors["amount"] == [message]
