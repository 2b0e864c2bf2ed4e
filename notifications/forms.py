"""The e-mail preferences form: one checkbox per kind a user may switch off."""

from django import forms

from core.forms import PlainMessagesMixin

from .kinds import choosable_kinds


class EmailPreferencesForm(PlainMessagesMixin, forms.Form):
    kinds = forms.MultipleChoiceField(
        label="Send me an e-mail for",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="You always see every notification here. Escalations are always e-mailed.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = [(k.key, k.label) for k in choosable_kinds()]
        self.fields["kinds"].error_messages["invalid_choice"] = (
            "Choose from the kinds of notification listed"
        )

    def email_on(self) -> dict[str, bool]:
        chosen = set(self.cleaned_data["kinds"])
        return {kind.key: kind.key in chosen for kind in choosable_kinds()}
