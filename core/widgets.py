"""Design-system widgets every app's forms use (GOV.UK Frontend / MOJ Frontend patterns):
radios and checkboxes whose error link lands, the GOV.UK date input, money with a £ prefix.
core/templatetags/govuk.py renders them; templates/includes/field.html holds the markup."""

from __future__ import annotations

from datetime import date

from django import forms


class GovukRadioSelect(forms.RadioSelect):
    """Radios whose first option carries the field's id, so the error summary link lands on it."""

    def id_for_label(self, id_, index=None):
        if index in (0, "0"):
            return id_
        return super().id_for_label(id_, index)


class GovukCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes whose first option carries the field's id (GOV.UK error summary convention)."""

    def id_for_label(self, id_, index=None):
        if index in (0, "0"):
            return id_
        return super().id_for_label(id_, index)


class MoneyInput(forms.TextInput):
    """A text input shown with a "£" prefix (GOV.UK input prefix); the value is pounds and pence."""


DATE_PARTS = ("day", "month", "year")


class GovukDateInput(forms.Widget):
    """The GOV.UK date input: three text boxes named <name>_day, <name>_month, <name>_year.

    The value is a (day, month, year) tuple of strings as typed, so a refused date is shown again
    exactly as it was entered.
    """

    def value_from_datadict(self, data, files, name):
        return tuple(str(data.get(f"{name}_{part}", "")).strip() for part in DATE_PARTS)

    def value_omitted_from_data(self, data, files, name):
        return not any(f"{name}_{part}" in data for part in DATE_PARTS)

    def id_for_label(self, id_, index=None):
        return f"{id_}_day" if id_ else id_

    @staticmethod
    def parts(value) -> tuple[str, str, str]:
        """What to show in the three boxes for a date, a typed tuple, or nothing."""
        if isinstance(value, date):
            return (str(value.day), str(value.month), str(value.year))
        if isinstance(value, list | tuple) and len(value) == 3:
            return tuple(str(v or "") for v in value)
        if isinstance(value, str) and value:
            try:
                day = date.fromisoformat(value)
            except ValueError:
                return ("", "", "")
            return (str(day.day), str(day.month), str(day.year))
        return ("", "", "")
