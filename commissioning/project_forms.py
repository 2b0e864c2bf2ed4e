"""Forms for commissioning projects: the Understand and Plan stages (funding shares reuse the
grants' co-funding rows; outcome measures are "add another" rows too), the list's filters, and
ticking off a procurement notice."""

from __future__ import annotations

import re
import uuid
from decimal import Decimal

from django import forms

from accounts.roles import Role, group_name
from core.forms import DateField, MoneyField, PlainMessagesMixin, rows_formset
from documents.forms import DocumentField
from grants.forms import ShareFormSet
from grants.models import FundingStream

from . import route_advisor
from .models import (
    MeasureDirection,
    ProcurementCategory,
    ProcurementRouteBand,
    ProjectScope,
    ProjectStage,
    SingleTenderAction,
    StaState,
)
from .project_services import MeasureInput, PlanDetails, UnderstandDetails

ShareFormSet = ShareFormSet
MAX_MEASURES = 20
OPTIONS_FORMAT = "Enter each extension option as a number of months, separated by commas"


def _text(label: str, *, rows: int = 4, required: bool = False, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


def route_choices() -> list[tuple[str, str]]:
    """Every route the bands name (lowest first), a regulated procurement, and an STA."""
    labels: list[str] = []
    for label in ProcurementRouteBand.objects.order_by("from_value").values_list(
        "route", flat=True
    ):
        if label not in labels:
            labels.append(label)
    labels += [route_advisor.REGULATED, route_advisor.SINGLE_TENDER]
    return [("", "Choose a route"), *((label, label) for label in labels)]


class UnderstandForm(PlainMessagesMixin, forms.Form):
    request_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(
        max_length=200, error_messages={"required": "Enter the project's title"}
    )
    need_statement = _text("Need statement", rows=5)
    evidence_notes = _text("Evidence base: needs-assessment and engagement notes", rows=5)
    co_dependencies = _text("Co-dependencies: other services it relies on or feeds", rows=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.initial.get("request_key"):
            self.initial["request_key"] = uuid.uuid4()

    def details(self) -> UnderstandDetails:
        data = self.cleaned_data
        return UnderstandDetails(
            title=data["title"],
            need_statement=data.get("need_statement") or "",
            evidence_notes=data.get("evidence_notes") or "",
            co_dependencies=data.get("co_dependencies") or "",
        )


class PlanForm(PlainMessagesMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    service_description = _text("Service description", rows=5)
    scope = forms.ChoiceField(
        choices=ProjectScope.choices, widget=forms.RadioSelect, required=False, label="Scope"
    )
    scope_reason = _text("Reason for a pilot or local service", rows=3)
    partners = _text("Co-commissioning partners", rows=2)
    estimated_annual_value = MoneyField(
        label="Estimated annual value (£, excluding VAT)", required=False
    )
    vat_rate = forms.DecimalField(
        label="VAT rate (%)",
        min_value=0,
        max_value=100,
        decimal_places=2,
        max_digits=5,
        initial=Decimal("0"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    initial_months = forms.IntegerField(
        label="Initial term (months)",
        min_value=1,
        max_value=600,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    option_months = forms.CharField(
        label="Extension options (months each)", max_length=100, required=False
    )
    category = forms.ChoiceField(
        choices=[("", "Choose a category"), *ProcurementCategory.choices],
        required=False,
        label="Procurement category",
    )
    procurement_start_date = DateField(label="Procurement start date", required=False)
    chosen_route = forms.ChoiceField(choices=(), required=False, label="Procurement route")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chosen_route"].choices = route_choices()

    def clean_option_months(self) -> tuple[int, ...]:
        raw = (self.cleaned_data.get("option_months") or "").strip()
        if not raw:
            return ()
        parts = [p for p in re.split(r"[\s,+]+", raw) if p]
        if not all(p.isascii() and p.isdigit() and 0 < int(p) <= 600 for p in parts):
            raise forms.ValidationError(OPTIONS_FORMAT)
        return tuple(int(p) for p in parts)

    def details(self, shares, measures) -> PlanDetails:
        data = self.cleaned_data
        return PlanDetails(
            service_description=data.get("service_description") or "",
            scope=data.get("scope") or "",
            scope_reason=data.get("scope_reason") or "",
            partners=data.get("partners") or "",
            estimated_annual_value=data.get("estimated_annual_value"),
            vat_rate=data.get("vat_rate") or Decimal("0"),
            initial_months=data.get("initial_months"),
            option_months=data.get("option_months") or (),
            category=data.get("category") or "",
            procurement_start_date=data.get("procurement_start_date"),
            chosen_route=data.get("chosen_route") or "",
            shares=shares.share_inputs(),
            measures=measures.measure_inputs(),
        )


class MeasureForm(PlainMessagesMixin, forms.Form):
    metric = forms.CharField(max_length=200, required=False, label="Metric")
    unit = forms.CharField(max_length=50, required=False, label="Unit")
    target = forms.DecimalField(
        max_digits=14,
        decimal_places=2,
        min_value=0,
        required=False,
        label="Target",
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    direction = forms.ChoiceField(
        choices=MeasureDirection.choices, initial=MeasureDirection.AT_LEAST, label="Better is"
    )

    def clean(self):
        data = super().clean()
        if data.get("metric") and data.get("target") is None:
            self.add_error("target", "Enter the target for this measure")
        if data.get("target") is not None and not data.get("metric"):
            self.add_error("metric", "Name the metric this target is for")
        return data


class BaseMeasureFormSet(forms.BaseFormSet):
    def measure_inputs(self) -> tuple[MeasureInput, ...]:
        return tuple(
            MeasureInput(
                metric=f.cleaned_data["metric"],
                unit=f.cleaned_data.get("unit") or "",
                target=f.cleaned_data["target"],
                direction=f.cleaned_data.get("direction") or MeasureDirection.AT_LEAST,
            )
            for f in self.forms
            if f.cleaned_data.get("metric")
        )


MeasureFormSet = rows_formset(MeasureForm, max_rows=MAX_MEASURES)
MeasureFormSet.measure_inputs = BaseMeasureFormSet.measure_inputs


class ProjectFilterForm(PlainMessagesMixin, forms.Form):
    stage = forms.ChoiceField(
        choices=[("", "Any stage"), *ProjectStage.choices], required=False, label="Stage"
    )
    stream = forms.ModelChoiceField(
        queryset=FundingStream.objects.all(),
        required=False,
        empty_label="Any stream",
        label="Funding stream",
    )
    officer = forms.ModelChoiceField(
        queryset=None, required=False, empty_label="Any officer", label="Officer"
    )
    route = forms.ChoiceField(choices=(), required=False, label="Route")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        self.fields["officer"].queryset = (
            get_user_model()
            .objects.filter(groups__name=group_name(Role.OFFICER))
            .order_by("first_name", "last_name", "pk")
        )
        self.fields["route"].choices = [("", "Any route"), *route_choices()[1:]]


class EvidenceForm(PlainMessagesMixin, forms.Form):
    evidence = DocumentField(label="Add a needs assessment or other evidence")


class NoticePublishedForm(PlainMessagesMixin, forms.Form):
    reference = forms.CharField(
        max_length=100,
        label="Publication reference",
        error_messages={"required": "Enter the notice's publication reference"},
    )
    published_on = DateField(
        label="Published on", error_messages={"required": "Enter the date it was published"}
    )


class MoveForm(forms.Form):
    stage = forms.ChoiceField(choices=ProjectStage.choices, widget=forms.HiddenInput)


class StaLinkForm(PlainMessagesMixin, forms.Form):
    """Which approved STA stands in for the procurement, by its reference (STA-0042)."""

    single_tender_action = forms.CharField(
        max_length=20,
        label="Reference of the approved single tender action",
        error_messages={"required": "Enter the reference of the approved single tender action"},
    )

    def clean_single_tender_action(self) -> SingleTenderAction:
        raw = self.cleaned_data["single_tender_action"].strip().upper()
        match = re.fullmatch(r"(?:STA-)?0*([0-9]{1,9})", raw)
        sta = (
            SingleTenderAction.objects.filter(pk=int(match.group(1)), state=StaState.APPROVED)
            .select_related("supplier")
            .first()
            if match
            else None
        )
        if sta is None:
            raise forms.ValidationError(
                "Enter the reference of an approved single tender action, like STA-0042"
            )
        return sta
