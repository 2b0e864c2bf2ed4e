"""Forms for bidders: the filters of the tenders open for bids, and a clarification question."""

from __future__ import annotations

from django import forms

from core.forms import PlainMessagesMixin
from grants.models import FundingStream

from .tender_services.clarifications import QUESTION_LIMIT


class BidderTenderFilterForm(PlainMessagesMixin, forms.Form):
    stream = forms.ModelChoiceField(
        label="Funding stream",
        queryset=FundingStream.objects.order_by("name"),
        required=False,
        empty_label="Any stream",
    )
    only_ours = forms.BooleanField(label="Only tenders we bid for", required=False)


class ClarificationQuestionForm(PlainMessagesMixin, forms.Form):
    request_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    question = forms.CharField(
        label="Your question",
        help_text=(
            "Every bidder will see your question and the answer. Your organisation's name is not "
            "shown to them: leave it out of the question too."
        ),
        max_length=QUESTION_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Write your question"},
    )
