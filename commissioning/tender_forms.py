"""Forms for tenders: the list's filters, drafting a tender (deadlines as a GOV.UK date plus a
time), a question, publication, a clarification, a bid, the panel, the declaration, score and
moderation forms (one score and one justification per question), the award and cancelling."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.utils import timezone

from accounts.roles import Role
from core.forms import DateField, MoneyField, PlainMessagesMixin
from documents.forms import DocumentField
from grants.models import FundingStream
from providers.models import Organisation

from . import tender_scoring
from .models import CommissioningProject, ProjectStage, TenderState

CONFIRM = "Confirm that you mean to do this: it cannot be undone"
TIME_HINT = "24-hour clock, for example 12:00"


def _time_field(label: str) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        help_text=TIME_HINT,
        input_formats=["%H:%M", "%H:%M:%S"],
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"Enter the {label.lower()} as hours and minutes, like 12:00",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
    )


def _text(label: str, message: str, rows: int = 3, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": message},
        **kwargs,
    )


class TenderFilterForm(PlainMessagesMixin, forms.Form):
    state = forms.ChoiceField(
        label="Status", choices=[("", "Any status"), *TenderState.choices], required=False
    )
    stream = forms.ModelChoiceField(
        label="Funding stream",
        queryset=FundingStream.objects.order_by("name"),
        required=False,
        empty_label="Any stream",
    )
    deadline_from = DateField(label="Submission deadline from", required=False)
    deadline_to = DateField(label="Submission deadline to", required=False)


class TenderForm(PlainMessagesMixin, forms.Form):
    project = forms.ModelChoiceField(
        label="Commissioning project",
        help_text="Only projects in their Do stage can go to tender",
        queryset=CommissioningProject.objects.filter(stage=ProjectStage.DO).order_by("title"),
        error_messages={"required": "Choose the commissioning project this tender is for"},
    )
    reference = forms.CharField(
        max_length=50, error_messages={"required": "Enter the tender's reference"}
    )
    title = forms.CharField(
        label="Service", max_length=200, error_messages={"required": "Say what service is tendered"}
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=10_000
    )
    stream = forms.ModelChoiceField(
        label="Funding stream",
        queryset=FundingStream.objects.order_by("name"),
        error_messages={"required": "Choose the funding stream that pays for it"},
    )
    funding_envelope = MoneyField(label="Funding envelope (£, whole life)")
    quality_weight = forms.DecimalField(
        label="Quality share (%)", min_value=0, max_value=100, decimal_places=2
    )
    price_weight = forms.DecimalField(
        label="Price share (%)", min_value=0, max_value=100, decimal_places=2
    )
    minimum_quality = forms.DecimalField(
        label="Minimum quality score (optional)",
        min_value=0,
        max_value=100,
        decimal_places=2,
        required=False,
    )
    clarification_date = DateField(label="Clarification deadline")
    clarification_time = _time_field("Clarification deadline time")
    submission_date = DateField(label="Submission deadline")
    submission_time = _time_field("Submission deadline time")
    contract_start = DateField(label="Contract start")
    initial_months = forms.IntegerField(label="Initial term (months)", min_value=1, max_value=120)
    option_months = forms.CharField(
        label="Extension options (months, optional)",
        help_text="Separate options with commas, for example 12, 12",
        required=False,
        max_length=50,
    )

    def clean_option_months(self) -> tuple[int, ...]:
        raw = self.cleaned_data.get("option_months") or ""
        parts = [p.strip() for p in raw.split(",") if p.strip()]
        if not all(p.isascii() and p.isdigit() and 0 < int(p) <= 120 for p in parts):
            raise forms.ValidationError("Enter each option as a number of months, like 12")
        return tuple(int(p) for p in parts)

    @staticmethod
    def _at(day: dt.date | None, time: dt.time | None) -> dt.datetime | None:
        if day is None or time is None:
            return None
        return timezone.make_aware(dt.datetime.combine(day, time))

    def clean(self):
        data = super().clean()
        data["clarification_deadline"] = self._at(
            data.get("clarification_date"), data.get("clarification_time")
        )
        data["submission_deadline"] = self._at(
            data.get("submission_date"), data.get("submission_time")
        )
        return data


class QuestionForm(PlainMessagesMixin, forms.Form):
    text = _text("Question", "Write the question")
    weight = forms.DecimalField(label="Weight (%)", min_value=0, max_value=100, decimal_places=2)


class PublishForm(PlainMessagesMixin, forms.Form):
    publication_reference = forms.CharField(
        label="External publication reference",
        help_text="The notice's reference on Bluelight, Find a Tender or the Central Digital Platform",
        max_length=100,
        error_messages={"required": "Enter the external publication reference"},
    )


class ClarificationForm(PlainMessagesMixin, forms.Form):
    request_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    question = _text("The bidder's question", "Write the bidder's question")
    answer = _text("Our answer", "Write the answer")


class BidForm(PlainMessagesMixin, forms.Form):
    bidder = forms.ModelChoiceField(
        queryset=Organisation.objects.order_by("name"),
        error_messages={"required": "Choose the bidder"},
    )
    whole_life_price = MoneyField(label="Whole-life price (£)")
    annual_price = MoneyField(label="Price per year (£)")

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        for q in questions:
            self.fields[f"answer_{q.pk}"] = forms.CharField(
                label=f"Answer to Q{q.number}: {q.text[:80]}",
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                max_length=50_000,
            )


class BidDocumentForm(PlainMessagesMixin, forms.Form):
    document = DocumentField(label="Add a document that came with the bid")


class PanelForm(PlainMessagesMixin, forms.Form):
    evaluator = forms.ModelChoiceField(
        queryset=None, error_messages={"required": "Choose the evaluator"}
    )
    organisation = forms.CharField(
        label="Agency they represent",
        max_length=200,
        error_messages={"required": "Say which agency they represent"},
    )

    def __init__(self, *args, **kwargs):
        from django.contrib.auth import get_user_model

        super().__init__(*args, **kwargs)
        self.fields["evaluator"].queryset = (
            get_user_model()
            .objects.filter(groups__name=str(Role.EVALUATOR.label), is_active=True)
            .order_by("username")
        )


class DeclarationForm(PlainMessagesMixin, forms.Form):
    conflicted_bidders = forms.ModelMultipleChoiceField(
        label="Bidders you have a conflict of interest with",
        help_text="Leave empty if you have none. A conflict removes you from this tender's panel.",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    details = forms.CharField(
        label="Details of any conflict",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=10_000,
    )
    confidentiality = forms.BooleanField(
        label="I will keep the bids and the evaluation confidential, and I have no conflict of "
        "interest other than any declared above",
        error_messages={"required": "Agree to keep the bids and the evaluation confidential"},
    )

    def __init__(self, *args, bidders=None, **kwargs):
        super().__init__(*args, **kwargs)
        if bidders is not None:
            self.fields["conflicted_bidders"].queryset = bidders


class ScoresForm(PlainMessagesMixin, forms.Form):
    """One score (0–4, the descriptors as the choices) and one justification per question."""

    reason_label = "Justification"

    def __init__(self, *args, questions=(), descriptors=(), initial_scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        labels = {d.score: f"{d.score} {d.label}: {d.descriptor}" for d in descriptors}
        choices = [(str(s), labels.get(s, str(s))) for s in tender_scoring.SCALE]
        initial_scores = initial_scores or {}
        self.questions = list(questions)
        for q in self.questions:
            score, reason = initial_scores.get(q.pk, (None, ""))
            self.fields[f"score_{q.pk}"] = forms.TypedChoiceField(
                label=f"Q{q.number} ({q.weight}%): {q.text[:120]}",
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect,
                initial=None if score is None else str(score),
                error_messages={"required": f"Choose a score for Q{q.number}"},
            )
            self.fields[f"reason_{q.pk}"] = forms.CharField(
                label=f"{self.reason_label} for Q{q.number}",
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=10_000,
                initial=reason,
                error_messages={
                    "required": f"Give the {self.reason_label.lower()} for Q{q.number}"
                },
            )

    def scores(self) -> dict[int, tuple[int, str]]:
        data = self.cleaned_data
        return {q.pk: (data[f"score_{q.pk}"], data[f"reason_{q.pk}"]) for q in self.questions}


class ModerationForm(ScoresForm):
    reason_label = "Rationale"


class AwardForm(PlainMessagesMixin, forms.Form):
    bid = forms.ChoiceField(
        label="Award to", widget=forms.RadioSelect, error_messages={"required": "Choose the bid"}
    )
    reason = forms.CharField(
        label="Reason (needed for a bid other than the top-ranked one, or between tied bids)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=10_000,
    )
    measures = forms.CharField(
        label="Outcome measures (optional)",
        help_text="One a line: measure, target, unit. For example: Victims supported, 500, people",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=10_000,
    )
    confirm = forms.BooleanField(
        label="I understand the award creates the contract", error_messages={"required": CONFIRM}
    )

    def __init__(self, *args, results=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bid"].choices = [
            (str(r.bid.pk), f"{r.bid.bidder}: rank {r.rank}, total {r.total}")
            for r in results
            if r.rank is not None
        ]

    def clean_measures(self):
        from .tender_services import MeasureInput

        rows = []
        for number, line in enumerate((self.cleaned_data.get("measures") or "").splitlines(), 1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(",")]
            try:
                target = Decimal(parts[1])
            except (IndexError, ArithmeticError, ValueError):
                raise forms.ValidationError(
                    f"Line {number}: write the measure, a number as its target, then the unit"
                ) from None
            rows.append(MeasureInput(parts[0], target, parts[2] if len(parts) > 2 else ""))
        return rows


class NonCompliantForm(PlainMessagesMixin, forms.Form):
    reason = _text("Why the bid is not compliant", "Give the reason the bid is not compliant")
    confirm = forms.BooleanField(
        label="I understand the bid will be excluded from the ranking",
        error_messages={"required": CONFIRM},
    )


class CancelForm(PlainMessagesMixin, forms.Form):
    reason = _text("Reason for cancelling", "Give the reason for cancelling the tender")
    confirm = forms.BooleanField(
        label="I understand this cannot be undone", error_messages={"required": CONFIRM}
    )
