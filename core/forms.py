"""Form fields every app shares: money as people type it."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from .money import AMOUNT_FORMAT, AMOUNT_PENCE, AMOUNT_TOO_LARGE, MoneyFormatError, parse_pounds

__all__ = ["AMOUNT_FORMAT", "AMOUNT_NOT_POSITIVE", "AMOUNT_PENCE", "AMOUNT_TOO_LARGE", "MoneyField"]

AMOUNT_NOT_POSITIVE = "Enter an amount more than £0"
_CODES = {"invalid": "invalid", "pence": "max_decimal_places", "too_large": "max_value"}


class MoneyField(forms.Field):
    """Pounds and pence as a Decimal, accepting what people type: "£1,250.50", "2000".

    Fractions of a penny are an error, never silently rounded (core.money.parse_pounds).
    """

    widget = forms.TextInput

    def __init__(self, *args, positive: bool = True, **kwargs):
        self.positive = positive
        super().__init__(*args, **kwargs)

    def to_python(self, value) -> Decimal | None:
        text = str(value).strip() if value is not None else ""
        if not text:
            return None
        try:
            return parse_pounds(text)
        except MoneyFormatError as exc:
            raise forms.ValidationError(exc.message, code=_CODES[exc.kind]) from exc

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
