"""The return form (text as typed: the service parses and validates it) and the review forms."""

from __future__ import annotations

from django import forms
from django.core.validators import ProhibitNullCharactersValidator

from core.forms import PlainMessagesMixin
from documents.forms import DocumentField

from .models import StarVersion
from .services import EVIDENCE_TYPES, DraftContent, StarInput

TEXTAREA = {"class": "govuk-textarea", "rows": 6}


class ReturnForm(PlainMessagesMixin, forms.Form):
    """Built per return: one field per output and three per Outcomes Star area shown."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    activity = forms.CharField(
        label="Activity: the service you provided this period",
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    impact = forms.CharField(
        label="Impact: other evidence and case studies",
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    star_version = forms.ModelChoiceField(
        label="Outcomes Star version",
        queryset=StarVersion.objects.filter(active=True),
        required=False,
        empty_label="We do not use the Outcomes Star",
        error_messages={"invalid_choice": "Choose an Outcomes Star version from the list."},
    )
    evidence = DocumentField(
        label="Attach evidence (optional)", allowed_types=EVIDENCE_TYPES, required=False
    )

    def __init__(self, *args, outputs, areas, light: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.outputs = list(outputs)
        self.areas = list(areas)
        if light:
            self.fields["impact"].label = "Impact (optional for a light return)"
        for output in self.outputs:
            self.fields[f"output_{output.pk}"] = forms.CharField(
                label=output.label,
                required=False,
                widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10"}),
            )
        for area in self.areas:
            for part, label in (("people", "People"), ("first", "First"), ("latest", "Latest")):
                self.fields[f"star_{area.pk}_{part}"] = forms.CharField(
                    label=f"{area.name}: {label}",
                    required=False,
                    widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-4"}),
                )

        # The service refuses NUL and other control characters in the user's words.
        for field in self.fields.values():
            field.validators = [
                v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)
            ]

    def output_rows(self):
        return [(o, self[f"output_{o.pk}"]) for o in self.outputs]

    def star_rows(self):
        return [
            (
                a,
                self[f"star_{a.pk}_people"],
                self[f"star_{a.pk}_first"],
                self[f"star_{a.pk}_latest"],
            )
            for a in self.areas
        ]

    def content(self) -> DraftContent:
        data = self.cleaned_data
        star = data.get("star_version")
        return DraftContent(
            activity=data.get("activity", ""),
            impact=data.get("impact", ""),
            outputs={o.pk: data.get(f"output_{o.pk}", "") for o in self.outputs},
            star_version_id=star.pk if star else None,
            star_readings={
                a.pk: StarInput(
                    data.get(f"star_{a.pk}_people", ""),
                    data.get(f"star_{a.pk}_first", ""),
                    data.get(f"star_{a.pk}_latest", ""),
                )
                for a in self.areas
            },
        )

    def add_service_errors(self, errors: dict[str, str]) -> None:
        for name, message in errors.items():
            self.add_error(name if name in self.fields else None, message)


class SubmitForm(PlainMessagesMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label="I confirm that this return is complete and correct",
        required=False,
    )


class ReviewForm(PlainMessagesMixin, forms.Form):
    comment = forms.CharField(
        label="Comments for the provider",
        required=False,
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 4}),
    )
