"""Forms for the contract actions: the list's filters and one form per action (those that end
something ask for a reason and a confirmation)."""

from __future__ import annotations

from django import forms

from core.forms import DateField, PlainMessagesMixin
from grants.models import FundingStream
from providers.models import Organisation

from .models import ContractState, Party

CONFIRM = "Confirm that you mean to do this: it cannot be undone"


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
        error_messages={"required": "Give the reason for the notice"},
    )


class DecommissionForm(_Confirmed):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), error_messages={"required": "Give the reason"}
    )
    risks_to_service_users = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Describe the risks to service users"},
    )
    mitigation = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Describe how the risks will be reduced"},
    )
    exit_plan = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
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
        widget=forms.Textarea(attrs={"rows": 2}), error_messages={"required": "Say who attended"}
    )
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
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
        error_messages={"required": "Summarise the feedback"},
    )
