"""Forms for the contract actions: the list's filters, one form per action (those that end
something ask for a reason and a confirmation), and the outcome measures' rows."""

from __future__ import annotations

from django import forms

from core.forms import DateField, MoneyField, PlainMessagesMixin, rows_formset
from documents.forms import DocumentField
from grants.models import FundingStream
from providers.models import Organisation

from .contract_terms import MAX_TERM_MONTHS
from .models import ContractState, OutcomeMeasure, Party

CONFIRM = "Confirm that you mean to do this: it cannot be undone"
TEXT_LIMIT = 5_000  # characters in any one box of notes, reasons or plans


class ContractFilterForm(PlainMessagesMixin, forms.Form):
    state = forms.ChoiceField(
        label="Status", choices=[("", "Any status"), *ContractState.choices], required=False
    )
    # A name search, not a select of every organisation (5,000 options at national scale);
    # `provider` (an id, from links elsewhere) still narrows to one organisation.
    provider_name = forms.CharField(
        label="Provider",
        help_text="All or part of the organisation's name",
        max_length=200,
        required=False,
        error_messages={"max_length": "Search for up to 200 letters, numbers or spaces"},
    )
    provider = forms.ModelChoiceField(
        queryset=Organisation.objects.all(), required=False, widget=forms.HiddenInput
    )
    stream = forms.ModelChoiceField(
        label="Funding stream",
        queryset=FundingStream.objects.order_by("name"),
        required=False,
        empty_label="Any stream",
    )
    ending_within = forms.IntegerField(
        label="Ending within (months)", min_value=1, max_value=120, required=False
    )
    decisions_due = forms.BooleanField(label="Option decisions due", required=False)


class _Confirmed(PlainMessagesMixin, forms.Form):
    confirm = forms.BooleanField(
        label="I understand this cannot be undone", error_messages={"required": CONFIRM}
    )


class AgreementForm(PlainMessagesMixin, forms.Form):
    agreed_by = forms.CharField(
        label="Who agreed for the provider",
        max_length=200,
        error_messages={"required": "Say who agreed for the provider"},
    )
    agreed_on = DateField(
        label="Date they agreed",
        error_messages={"required": "Enter the date the provider agreed"},
    )


class DeclineForm(_Confirmed):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_LIMIT,
        error_messages={"required": "Give the reason for declining the option"},
    )


class BreakNoticeForm(_Confirmed):
    party = forms.ChoiceField(
        label="Who gave notice",
        choices=Party.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who gave notice"},
    )
    given_by = forms.CharField(
        label="Name of the person who gave notice",
        max_length=200,
        error_messages={"required": "Say who gave notice"},
    )
    given_on = DateField(
        label="Date notice was given",
        error_messages={"required": "Enter the date notice was given"},
    )
    stated_end = DateField(label="End date stated in the notice", required=False)
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_LIMIT,
        error_messages={"required": "Give the reason for the notice"},
    )


class DecommissionForm(_Confirmed):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_LIMIT,
        error_messages={"required": "Give the reason"},
    )
    risks_to_service_users = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_LIMIT,
        error_messages={"required": "Describe the risks to service users"},
    )
    mitigation = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_LIMIT,
        error_messages={"required": "Describe how the risks will be reduced"},
    )
    exit_plan = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_LIMIT,
        error_messages={"required": "Describe the exit plan"},
    )
    provider_agreed_by = forms.CharField(
        label="Who agreed for the provider",
        max_length=200,
        error_messages={"required": "Say who agreed for the provider"},
    )
    provider_agreed_on = DateField(
        label="Date the provider agreed",
        error_messages={"required": "Enter the date the provider agreed"},
    )
    ends_on = DateField(
        label="Date the contract ends",
        error_messages={"required": "Enter the date the contract ends"},
    )


class MeetingForm(PlainMessagesMixin, forms.Form):
    request_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    held_on = DateField(
        label="Date of the meeting",
        error_messages={"required": "Enter the date the meeting was held"},
    )
    attendees = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_LIMIT,
        error_messages={"required": "Say who attended"},
    )
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_LIMIT,
        error_messages={"required": "Write the meeting notes"},
    )
    closed = forms.MultipleChoiceField(
        label="Open actions now done", required=False, widget=forms.CheckboxSelectMultiple
    )
    action = forms.CharField(label="New action agreed", max_length=500, required=False)
    action_owner = forms.CharField(label="Who owns it", max_length=200, required=False)
    action_due_on = DateField(label="Due by", required=False)

    def __init__(self, *args, open_actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closed"].choices = [(str(a.pk), str(a)) for a in open_actions]
        if not open_actions:
            del self.fields["closed"]

    def clean(self):
        data = super().clean()
        parts = [data.get("action"), data.get("action_owner"), data.get("action_due_on")]
        if any(parts) and not all(parts):
            raise forms.ValidationError(
                "For a new action give what it is, who owns it and when it is due"
            )
        return data


class FeedbackForm(PlainMessagesMixin, forms.Form):
    kind = forms.ChoiceField(
        label="What is it",
        choices=[("service_user", "Service-user feedback"), ("dip_sample", "Dip sample")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose feedback or dip sample"},
    )
    received_on = DateField(label="Date", error_messages={"required": "Enter the date"})
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_LIMIT,
        error_messages={"required": "Summarise the feedback"},
    )


class MeasureForm(PlainMessagesMixin, forms.Form):
    """One outcome measure row (MOJ "add another"); a row left without a name is removed."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    metric = forms.CharField(label="Measure", max_length=200, required=False)
    unit = forms.CharField(label="Unit (optional)", max_length=50, required=False)
    target = forms.DecimalField(
        label="Target",
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={
            "invalid": "Enter the target as a number, like 120",
            "max_digits": "Enter a target under 1,000,000,000,000",
            "max_whole_digits": "Enter a target under 1,000,000,000,000",
            "max_decimal_places": "Give the target to at most 2 decimal places",
            "min_value": "Enter a target of 0 or more",
        },
    )
    direction = forms.ChoiceField(
        label="The target is",
        choices=OutcomeMeasure.Direction.choices,
        initial=OutcomeMeasure.Direction.AT_LEAST,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.prefix and "-" in self.prefix:  # MOJ add another renumbers (and clears) it
            pattern = self.prefix.rsplit("-", 1)[0] + "-%index%"
            self.fields["id"].widget.attrs.update(
                {"data-name": f"{pattern}-id", "data-id": f"id_{pattern}-id"}
            )

    def clean(self):
        data = super().clean()
        if data.get("metric") and data.get("target") is None and "target" not in self.errors:
            self.add_error("target", "Enter the target for this measure")
        if data.get("target") is not None and not data.get("metric"):
            self.add_error("metric", "Name the measure this target is for")
        return data


MeasureFormSet = rows_formset(MeasureForm, max_rows=20)


class DraftTermsForm(PlainMessagesMixin, forms.Form):
    """A draft's term: whole months, the options in order, each party's break notice."""

    initial_months = forms.IntegerField(
        label="Initial term (months)",
        min_value=1,
        max_value=MAX_TERM_MONTHS,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    option_months = forms.CharField(
        label="Extension options (months each, in order)",
        help_text="For example 12 for a 2 + 1, or 12, 12 for a 2 + 1 + 1. Leave empty for none.",
        max_length=200,
        required=False,
    )
    commissioner_notice_months = forms.IntegerField(
        label="Our break notice (months)",
        min_value=1,
        max_value=60,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    provider_notice_months = forms.IntegerField(
        label="Provider's break notice (months)",
        min_value=1,
        max_value=60,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )

    def clean_option_months(self) -> tuple[int, ...]:
        parts = [p.strip() for p in self.cleaned_data["option_months"].split(",") if p.strip()]
        if len(parts) > 10 or not all(p.isascii() and p.isdigit() and len(p) <= 3 for p in parts):
            raise forms.ValidationError(
                "Enter each option as a whole number of months, separated by commas, like 12, 12"
            )
        return tuple(int(p) for p in parts)


class DraftMoneyForm(PlainMessagesMixin, forms.Form):
    """A draft's annual value; who pays comes in grants' co-funding rows (ShareFormSet), and
    `opened_at` carries the money_fingerprint the page was opened with."""

    opened_at = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    annual_value = MoneyField(
        label="Annual value (£)",
        error_messages={"required": "Enter the contract's annual value"},
    )


class ContractDocumentForm(PlainMessagesMixin, forms.Form):
    document = DocumentField(label="Document to keep with the contract")
