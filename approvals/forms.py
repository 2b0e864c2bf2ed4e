"""Decision notice forms: drafting and editing, the list filters, signing and withdrawing."""

from __future__ import annotations

import uuid

from django import forms
from django.core.validators import MaxLengthValidator

from core.forms import MoneyField, PlainMessagesMixin

from .models import CONTENT_FIELDS, DecisionNotice, DecisionNoticeState

CONFIRM_REQUIRED = "Confirm that you have read this decision notice and approve it"


class DecisionNoticeForm(PlainMessagesMixin, forms.ModelForm):
    """What a commissioning officer writes. The hidden fields stop double saves and lost edits."""

    amount = MoneyField(
        label="Amount released",
        required=False,
        positive=False,  # the model says "greater than £0, or leave it blank"
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

    # The notice is published: long enough for any real decision, short enough to read.
    TEXT_LIMITS = {"decision_text": 5000, "reasons": 8000, "funding_summary": 2000}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, limit in self.TEXT_LIMITS.items():
            field = self.fields[name]
            field.max_length = limit
            field.validators.append(MaxLengthValidator(limit))
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


class NoticeFilterForm(PlainMessagesMixin, forms.Form):
    q = forms.CharField(label="Title or number", required=False, max_length=200)
    state = forms.ChoiceField(label="Status", required=False)
    year = forms.TypedChoiceField(label="Year", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", "Any status"), *DecisionNoticeState.choices]
        self.fields["year"].choices = [("", "Any year")] + [(y, str(y)) for y in years]


class SignDecisionNoticeForm(PlainMessagesMixin, forms.Form):
    confirm = forms.BooleanField(
        label="I have read this decision notice and I approve it",
        error_messages={"required": CONFIRM_REQUIRED},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class WithdrawDecisionNoticeForm(PlainMessagesMixin, forms.Form):
    reason = forms.CharField(
        label="Why is this draft being withdrawn?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Enter why the draft is being withdrawn"},
    )


class SendBackDecisionNoticeForm(PlainMessagesMixin, forms.Form):
    comments = forms.CharField(
        label="What should the officer change?",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        error_messages={
            "required": "Enter your comments for the officer who drafted the notice",
            "max_length": "Enter your comments in 4,000 characters or fewer",
        },
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
