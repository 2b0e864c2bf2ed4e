"""Forms for Single Tender Actions (the funding shares reuse the grants' co-funding formset)."""

from __future__ import annotations

import uuid

from django import forms

from core.forms import DateField, MoneyField, PlainMessagesMixin
from documents.forms import DocumentField
from grants.forms import MAX_ROWS, ShareFormSet
from providers.models import Organisation

from .models import ProcurementCategory, StaKind
from .selectors import active_grounds
from .services import TEXT_LIMIT, TOO_LONG, StaDetails

ShareFormSet = ShareFormSet
MAX_ROWS = MAX_ROWS  # the co-funding rows' limit, shared with the grant form
CONTROL_CHARACTERS = "Remove the invisible control characters from this answer"


class StaForm(PlainMessagesMixin, forms.Form):
    request_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(
        choices=StaKind.choices,
        widget=forms.RadioSelect,
        label="Is this a new contract or an extension?",
        initial=StaKind.NEW,
        error_messages={"required": "Say whether this is a new contract or an extension"},
    )
    existing_contract_reference = forms.CharField(
        max_length=100, required=False, label="Contract it extends (for an extension)"
    )
    supplier = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(is_active=True),
        empty_label="Choose the supplier",
        error_messages={"required": "Choose the supplier from the providers directory"},
    )
    service = forms.CharField(
        max_length=200,
        label="Service or goods",
        error_messages={"required": "Say what service or goods the STA buys"},
    )
    category = forms.ChoiceField(
        choices=ProcurementCategory.choices,
        label="Procurement category",
        error_messages={"required": "Choose the procurement category"},
    )
    whole_life_value = MoneyField(
        label="Whole-life value (£, including VAT and any options)",
        error_messages={"required": "Enter the whole-life value, including any options"},
    )
    options_description = forms.CharField(
        max_length=300, required=False, label="Options to extend included in the value"
    )
    start_date = DateField(
        label="Contract start date",
        error_messages={"required": "Enter the contract start date"},
    )
    end_date = DateField(
        label="Contract end date (including options)",
        error_messages={"required": "Enter the contract end date"},
    )
    procurement_start_date = DateField(
        label="Procurement start date",
        error_messages={"required": "Enter the date the procurement started"},
    )
    case = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=TEXT_LIMIT,
        label="Written case",
        error_messages={
            "required": "Write the case for awarding without competition",
            "max_length": TOO_LONG,
        },
    )
    ground = forms.ModelChoiceField(
        queryset=active_grounds(),
        widget=forms.RadioSelect,
        empty_label=None,
        label="Ground for a direct award",
        error_messages={"required": "Choose the ground for awarding without competition"},
    )
    justification = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_LIMIT,
        error_messages={
            "required": "Give the justification for the ground you chose",
            "max_length": TOO_LONG,
        },
    )
    transparency_notice_reference = forms.CharField(
        max_length=100, required=False, label="Transparency notice reference"
    )
    transparency_notice_published_on = DateField(
        required=False,
        label="Transparency notice published on",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.initial.get("request_key"):
            self.initial["request_key"] = uuid.uuid4()
        for field in self.fields.values():
            field.error_messages["null_characters_not_allowed"] = CONTROL_CHARACTERS

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date must be on or after the start date")
        return data

    def details(self, shares) -> StaDetails:
        data = self.cleaned_data
        fields = {k: v for k, v in data.items() if k not in {"request_key", "version"}}
        fields["existing_contract_reference"] = fields.get("existing_contract_reference") or ""
        fields["options_description"] = fields.get("options_description") or ""
        fields["transparency_notice_reference"] = fields.get("transparency_notice_reference") or ""
        return StaDetails(**fields, shares=shares.share_inputs())


class EvidenceForm(PlainMessagesMixin, forms.Form):
    evidence = DocumentField(label="Add evidence")


class StaSubmitForm(PlainMessagesMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
