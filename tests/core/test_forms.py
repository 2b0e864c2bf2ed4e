"""Shared form fields: money and GOV.UK dates as people type them, and plain messages."""

from datetime import date
from decimal import Decimal as D

import pytest
from django import forms
from django.template import Context, Template

from core.forms import (
    AMOUNT_FORMAT,
    AMOUNT_NOT_POSITIVE,
    AMOUNT_PENCE,
    AMOUNT_TOO_LARGE,
    DateField,
    MoneyField,
    PlainMessagesMixin,
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


class DateForm(forms.Form):
    start_date = DateField(label="Start date")


def _typed(day="", month="", year=""):
    return {"start_date_day": day, "start_date_month": month, "start_date_year": year}


@pytest.mark.parametrize(
    ("typed", "message", "part"),
    [
        (_typed(), "Enter the start date", "day"),
        (_typed(day="1"), "Start date must include a month and year", "month"),
        (_typed(day="1", year="2026"), "Start date must include a month", "month"),
        (_typed(month="4", year="2026"), "Start date must include a day", "day"),
        (_typed("1", "4", "26"), "The year of the start date must include 4 numbers", "year"),
        (_typed("1", "4", "9" * 30), "The year of the start date must include 4 numbers", "year"),
        (_typed("31", "2", "2026"), "Start date must be a real date", "day"),
        (_typed("1", "13", "2026"), "Start date must be a real date", "month"),
        (_typed("x", "4", "2026"), "Start date must be a real date", "day"),
        (_typed("\x00", "4", "2026"), "Start date must be a real date", "day"),
        (_typed("１", "4", "2026"), "Start date must be a real date", "day"),
        (_typed("1", "4", "2026 🙂"), "Start date must be a real date", "year"),
    ],
)
def test_date_input_names_the_missing_or_wrong_part(typed, message, part):
    form = DateForm(typed)
    assert not form.is_valid()
    [error] = form.errors.as_data()["start_date"]
    assert error.message.startswith(message)
    assert error.params["part"] == part


def test_date_input_reads_day_month_year():
    form = DateForm(_typed(" 1", "04", "2026"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["start_date"] == date(2026, 4, 1)


def test_date_input_keeps_what_was_typed_and_links_the_wrong_box():
    form = DateForm(_typed("1", "", "2026"))
    form.is_valid()
    html = Template("{% govuk_field form.start_date %}{% govuk_error_summary form %}").render(
        Context({"form": form})
    )
    assert 'name="start_date_day" type="text" inputmode="numeric" value="1"' in html
    assert 'href="#id_start_date_month"' in html
    assert "For example, 27 3 2026" in html


class Plain(PlainMessagesMixin, forms.Form):
    name = forms.CharField(max_length=5)
    kind = forms.ChoiceField(choices=[("a", "A")])
    count = forms.IntegerField(max_value=10)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "name", "Enter the name"),
        ({}, "kind", "Select the kind"),
        ({"name": "a\x00b"}, "name", "Name must not contain invisible control characters"),
        ({"name": "x" * 10_000}, "name", "Name must be 5 characters or fewer"),
        ({"kind": "zzz"}, "kind", "Choose kind from the list"),
        ({"count": "9" * 30}, "count", "Count must be 10 or less"),
        ({"count": "1e40"}, "count", "Enter count as a whole number, like 12"),
    ],
)
def test_no_django_default_messages(data, field, message):
    form = Plain(data)
    assert not form.is_valid()
    assert form.errors[field] == [message]
