"""Decision notice forms: drafting and editing, the list filters, signing and withdrawing."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django import forms

from core.money import MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS, to_money

from .models import CONTENT_FIELDS, DecisionNotice, DecisionNoticeState

AMOUNT_FORMAT = "Enter the amount in pounds, like 2000 or £1,250.50"
AMOUNT_TOO_LARGE = "Enter an amount less than £1 trillion"
CONFIRM_REQUIRED = "Confirm that you have read this decision notice and approve it"


class MoneyField(forms.Field):
    """Pounds and pence as a Decimal, accepting what people type: "£1,250.50", "2000"."""

    widget = forms.TextInput

    def to_python(self, value) -> Decimal | None:
        text = str(value).strip() if value is not None else ""
        if not text:
            return None
        if len(text) > 24:
            raise forms.ValidationError(AMOUNT_TOO_LARGE, code="max_length")
        try:
            amount = to_money(text)
        except ValueError as exc:
            raise forms.ValidationError(AMOUNT_FORMAT, code="invalid") from exc
        if abs(amount) >= Decimal(10) ** (MONEY_MAX_DIGITS - MONEY_DECIMAL_PLACES):
            raise forms.ValidationError(AMOUNT_TOO_LARGE, code="max_value")
        return amount

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "decimal", "spellcheck": "false"}

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return f"{value:.2f}"
        return value


class DecisionNoticeForm(forms.ModelForm):
    """What a commissioning officer writes. The hidden fields stop double saves and lost edits."""

    amount = MoneyField(
        label="Amount released",
        required=False,
        help_text="The total of money this decision releases, if any, in pounds",
    )
    request_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = DecisionNotice
        fields = list(CONTENT_FIELDS)
        widgets = {
            "decision_text": forms.Textarea(attrs={"rows": 5}),
            "reasons": forms.Textarea(attrs={"rows": 8}),
            "funding_summary": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "title": {"required": "Enter a title"},
            "decision_text": {"required": "Enter the decision"},
            "reasons": {"required": "Enter the reasons for the decision"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            del self.fields["request_key"]
        else:
            self.fields["request_key"].initial = uuid.uuid4()
            del self.fields["version"]

    def _post_clean(self):
        # The service validates the model (and says no to signed notices); the form only parses.
        pass

    def content(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in CONTENT_FIELDS}


class NoticeFilterForm(forms.Form):
    q = forms.CharField(label="Title or number", required=False, max_length=200)
    state = forms.ChoiceField(label="Status", required=False)
    year = forms.TypedChoiceField(label="Year", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", "Any status"), *DecisionNoticeState.choices]
        self.fields["year"].choices = [("", "Any year")] + [(y, str(y)) for y in years]


class SignDecisionNoticeForm(forms.Form):
    confirm = forms.BooleanField(
        label="I have read this decision notice and I approve it",
        error_messages={"required": CONFIRM_REQUIRED},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class WithdrawDecisionNoticeForm(forms.Form):
    reason = forms.CharField(
        label="Why is this draft being withdrawn?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Enter why the draft is being withdrawn"},
    )
