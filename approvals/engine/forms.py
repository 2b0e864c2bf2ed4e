"""The approver's decision form: approve, reject or return for changes (a comment for the last two)."""

from __future__ import annotations

from django import forms

from core.forms import PlainMessagesMixin

from .models import ApprovalKind, Outcome
from .services import COMMENT_REQUIRED


class DecisionForm(PlainMessagesMixin, forms.Form):
    outcome = forms.ChoiceField(
        choices=[
            (Outcome.APPROVED, "Approve"),
            (Outcome.RETURNED, "Return for changes"),
            (Outcome.REJECTED, "Reject"),
        ],
        widget=forms.RadioSelect,
        label="Your decision",
        error_messages={
            "required": "Choose approve, return for changes or reject",
            "invalid_choice": "Choose approve, return for changes or reject",
        },
    )
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
        label="Comments",
        help_text="Needed to reject or return it: say what is wrong or what to change",
        error_messages={"max_length": "Keep your comments under 5,000 characters"},
    )

    def clean(self):
        data = super().clean()
        comment = (data.get("comment") or "").replace("\x00", "").strip()
        data["comment"] = comment
        if data.get("outcome") in (Outcome.REJECTED, Outcome.RETURNED) and not comment:
            self.add_error("comment", COMMENT_REQUIRED)
        return data


class QueueFilterForm(PlainMessagesMixin, forms.Form):
    kind = forms.ChoiceField(
        choices=[("", "All kinds"), *ApprovalKind.choices], required=False, label="Kind"
    )
