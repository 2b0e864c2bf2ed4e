"""Forms for grants, funding shares, delivery activities, budget overrides and payments."""

from __future__ import annotations

import uuid

from django import forms
from django.core.exceptions import ValidationError

from core.financial_years import FinancialYear
from core.forms import DateField, MoneyField, PlainFormSet, PlainMessagesMixin, rows_formset
from core.widgets import GovukCheckboxes
from providers.models import Organisation

from .models import FundingStream, PlanTheme
from .services import GrantDetails, ShareInput


def money_input(label: str, **kwargs) -> MoneyField:
    return MoneyField(label=label, **kwargs)


MAX_ROWS = 20  # funding shares or delivery activities on one grant


class GrantForm(PlainMessagesMixin, forms.Form):
    title = forms.CharField(
        max_length=200, error_messages={"required": "Enter a title for the grant"}
    )
    recipient = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(is_active=True),
        empty_label="Choose the organisation",
        error_messages={"required": "Choose the organisation that receives the grant"},
    )
    purpose = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text="What the money is for: published with the award",
        error_messages={"required": "Enter what the money is for"},
    )
    start_date = DateField(label="Start date")
    end_date = DateField(label="End date")
    total = money_input(
        "Total amount", error_messages={"required": "Enter the total amount of the grant"}
    )
    themes = forms.ModelMultipleChoiceField(
        queryset=PlanTheme.objects.all(),
        widget=GovukCheckboxes,
        label="Police and Crime Plan themes",
        error_messages={"required": "Choose at least one Police and Crime Plan theme"},
    )
    conditions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
        help_text="One condition per line",
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date must be on or after the start date")
        return data


def funder_choices() -> list:
    streams = [(f"s{s.pk}", s.name) for s in FundingStream.objects.all()]
    partners = [
        (f"p{o.pk}", o.name) for o in Organisation.objects.filter(is_active=True).only("pk", "name")
    ]
    return [
        ("", "Choose a funder"),
        ("Our funding streams", streams),
        ("External partners", partners),
    ]


class ShareForm(PlainMessagesMixin, forms.Form):
    funder = forms.ChoiceField(choices=(), required=False, label="Who pays")
    amount = money_input("Amount", required=False)

    def __init__(self, *args, funders=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funder"].choices = funders if funders is not None else funder_choices()

    def clean(self):
        data = super().clean()
        if data.get("funder") and not data.get("amount"):
            self.add_error("amount", "Enter how much this funder pays")
        if data.get("amount") and not data.get("funder"):
            self.add_error("funder", "Choose who pays this amount")
        return data


class BaseShareFormSet(PlainFormSet):
    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if not hasattr(self, "_funders"):
            self._funders = funder_choices()
        kwargs["funders"] = self._funders
        return kwargs

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            **self.get_form_kwargs(None),
        )
        self.add_fields(form, None)
        return form

    def clean(self):
        if any(self.errors):
            return
        if not any(f.cleaned_data.get("funder") for f in self.forms):
            raise ValidationError("Say which funding stream or partner pays for the award")

    def share_inputs(self) -> tuple[ShareInput, ...]:
        stream_ids, partner_ids = [], []
        rows = [f.cleaned_data for f in self.forms if f.cleaned_data.get("funder")]
        for row in rows:
            kind, pk = row["funder"][0], int(row["funder"][1:])
            (stream_ids if kind == "s" else partner_ids).append(pk)
        streams = FundingStream.objects.in_bulk(stream_ids)
        partners = Organisation.objects.in_bulk(partner_ids)
        shares = []
        for row in rows:
            kind, pk = row["funder"][0], int(row["funder"][1:])
            if kind == "s":
                shares.append(ShareInput(amount=row["amount"], stream=streams[pk]))
            else:
                shares.append(ShareInput(amount=row["amount"], partner=partners[pk]))
        return tuple(shares)


ShareFormSet = rows_formset(ShareForm, formset=BaseShareFormSet, max_rows=MAX_ROWS)


class ActivityForm(PlainMessagesMixin, forms.Form):
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=1000,
        label="Delivery activity",
    )
    target = forms.IntegerField(
        min_value=0,
        max_value=10_000_000,
        required=False,
        label="Target number",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("target") is not None and not data.get("description"):
            self.add_error("description", "Describe the activity this target is for")
        return data


ActivityFormSet = rows_formset(ActivityForm, max_rows=MAX_ROWS)


def grant_details(form: GrantForm, shares: BaseShareFormSet, activities) -> GrantDetails:
    data = form.cleaned_data
    return GrantDetails(
        title=data["title"],
        recipient=data["recipient"],
        purpose=data["purpose"],
        start_date=data["start_date"],
        end_date=data["end_date"],
        total=data["total"],
        shares=shares.share_inputs(),
        themes=tuple(data["themes"]),
        conditions=tuple(line for line in data["conditions"].splitlines() if line.strip()),
        activities=tuple(
            (a.cleaned_data.get("description", ""), a.cleaned_data.get("target"))
            for a in activities.forms
            if a.cleaned_data.get("description")
        ),
    )


class BudgetOverrideForm(PlainMessagesMixin, forms.Form):
    """An officer's request for an override, pre-filled with the stream, year and shortfall known."""

    stream = forms.ModelChoiceField(
        queryset=FundingStream.objects.none(),
        label="Funding stream",
        empty_label=None,
        error_messages={
            "required": "Choose the funding stream that goes beyond its budget",
            "invalid_choice": "Choose one of the funding streams this grant uses",
        },
    )
    financial_year = forms.ChoiceField(
        label="Financial year",
        error_messages={
            "required": "Choose the financial year that goes beyond its budget",
            "invalid_choice": "Choose one of the financial years this grant commits money in",
        },
    )
    amount = money_input(
        "Amount over budget allowed (£)",
        error_messages={"required": "Enter how much over budget to allow, like 1,250.50"},
    )
    reason = forms.CharField(
        label="Why may this grant go beyond the budget?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={
            "required": "Enter why this grant may go beyond the budget",
            "max_length": "Enter the reason in 2,000 characters or fewer",
        },
    )
    # The form's one-time key: a double-clicked or retried post asks for one override.
    request_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, award=None, **kwargs):
        super().__init__(*args, **kwargs)
        commitments = list(award.commitments.select_related("stream")) if award else []
        self.fields["stream"].queryset = FundingStream.objects.filter(
            pk__in={c.stream_id for c in commitments}
        )
        years = sorted({c.financial_year for c in commitments})
        self.fields["financial_year"].choices = [(y, FinancialYear(y).label) for y in years]
        if not self.is_bound:
            self.fields["request_key"].initial = uuid.uuid4()

    def clean_financial_year(self) -> FinancialYear:
        return FinancialYear(int(self.cleaned_data["financial_year"]))

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if "\x00" in reason:
            raise ValidationError("Remove the control characters from the reason")
        return reason


def override_initial(shortfalls, award) -> dict:
    """The first shortfall's stream, year and amount, so the officer need only give a reason."""
    if not shortfalls:
        return {}
    first = shortfalls[0]
    streams = FundingStream.objects.filter(commitments__award=award).distinct()
    stream = next((s for s in streams if str(s) == first.stream), None)
    return {
        "stream": stream.pk if stream else None,
        "financial_year": first.year.start_year,
        "amount": first.shortfall,
    }


class ReasonForm(PlainMessagesMixin, forms.Form):
    """The confirmation step before a final or destructive action: a required reason."""

    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={
            "max_length": "Enter the reason in 2,000 characters or fewer",
            "null_characters_not_allowed": "Remove the control characters from the reason",
        },
    )

    def __init__(self, *args, label: str, required_message: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].error_messages["required"] = required_message

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if "\x00" in reason:
            raise ValidationError("Remove the control characters from the reason")
        return reason


class PaymentForm(PlainMessagesMixin, forms.Form):
    """A payment against one of an award's commitments (a grant's or a contract's)."""

    request_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    commitment = forms.ModelChoiceField(
        queryset=None,
        empty_label="Choose the stream and year",
        label="Commitment paid against",
        error_messages={"required": "Choose the stream and year the payment is paid from"},
    )
    paid_on = DateField(
        label="Date paid",
        error_messages={"required": "Enter the date paid"},
    )
    amount = MoneyField(label="Amount (£)", error_messages={"required": "Enter the amount paid"})
    reference = forms.CharField(
        max_length=100,
        label="Payment reference",
        error_messages={
            "required": "Enter the payment reference, such as the invoice or remittance number",
            "null_characters_not_allowed": "Remove the invisible control characters",
        },
    )

    def __init__(self, *args, award, **kwargs):
        super().__init__(*args, **kwargs)
        commitments = award.commitments.select_related("stream").prefetch_related("payments")
        self.fields["commitment"].queryset = commitments
        self.fields["commitment"].label_from_instance = lambda c: (
            f"{c.stream} {c.year.label} (£{c.remaining:,.2f} left of £{c.amount:,.2f})"
        )
        if not self.is_bound:
            self.initial.setdefault("request_key", uuid.uuid4())
