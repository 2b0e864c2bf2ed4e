"""Form fields every app shares: money as people type it."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from .money import MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS, MoneyFormatError, parse_pounds

AMOUNT_FORMAT = "Enter the amount in pounds, like 2000 or £1,250.50"
AMOUNT_PENCE = "Enter the amount in pounds and pence, with no more than 2 decimal places"
AMOUNT_TOO_LARGE = "Enter an amount less than £1 trillion"
AMOUNT_NOT_POSITIVE = "Enter an amount more than £0"


class MoneyField(forms.Field):
    """Pounds and pence as a Decimal, accepting what people type: "£1,250.50", "2000".

    Fractions of a penny are an error, never silently rounded.
    """

    widget = forms.TextInput

    def __init__(self, *args, positive: bool = True, **kwargs):
        self.positive = positive
        super().__init__(*args, **kwargs)

    def to_python(self, value) -> Decimal | None:
        text = str(value).strip() if value is not None else ""
        if not text:
            return None
        if len(text) > 24:
            raise forms.ValidationError(AMOUNT_TOO_LARGE, code="max_length")
        try:
            amount = parse_pounds(text)
        except MoneyFormatError as exc:
            if exc.kind == "pence":
                raise forms.ValidationError(AMOUNT_PENCE, code="max_decimal_places") from exc
            raise forms.ValidationError(AMOUNT_FORMAT, code="invalid") from exc
        if abs(amount) >= Decimal(10) ** (MONEY_MAX_DIGITS - MONEY_DECIMAL_PLACES):
            raise forms.ValidationError(AMOUNT_TOO_LARGE, code="max_value")
        return amount

    def validate(self, value) -> None:
        super().validate(value)
        if value is not None and self.positive and value <= 0:
            raise forms.ValidationError(AMOUNT_NOT_POSITIVE, code="min_value")

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "decimal", "spellcheck": "false"}

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return f"{value:.2f}"
        return value
