"""Form fields every app shares: money as people type it, the GOV.UK date input, and plain
messages in place of Django's defaults."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import forms
from django.forms.utils import pretty_name

from .converters import parse_id
from .money import AMOUNT_FORMAT, AMOUNT_PENCE, AMOUNT_TOO_LARGE, MoneyFormatError, parse_pounds
from .widgets import DATE_PARTS, GovukDateInput, MoneyInput

__all__ = [
    "PlainFormSet",
    "PlainMessagesMixin",
    "AMOUNT_FORMAT",
    "AMOUNT_NOT_POSITIVE",
    "AMOUNT_PENCE",
    "AMOUNT_TOO_LARGE",
    "DateField",
    "MoneyField",
]

AMOUNT_NOT_POSITIVE = "Enter an amount more than £0"
_DEFAULT_REQUIRED = forms.Field.default_error_messages["required"]
STALE_PAGE = "This page is out of date. Open it again and make your change again."


def _choose(field: forms.Field) -> bool:
    return isinstance(field, forms.ChoiceField | forms.ModelChoiceField | forms.BooleanField)


class PlainMessagesMixin:
    """Replaces Django's default messages ("This field is required.", "Null characters are not
    allowed.", "Ensure this value has at most…") with ones that say what to enter, from each
    field's label. A message a form sets itself is kept."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            plain_messages(field, pretty_name(name))


class PlainFormSet(forms.BaseFormSet):
    """A formset whose own messages (too many rows, a tampered form) say what to do."""

    default_error_messages = {
        "missing_management_form": "The form was incomplete. Go back and try again.",
        "too_many_forms": "You can add up to %(num)d rows. Remove the empty ones.",
        "too_few_forms": "Fill in at least %(num)d rows.",
    }


def rows_formset(form: type[forms.Form], *, formset=PlainFormSet, max_rows: int = 20):
    """A formset of repeating rows (MOJ "add another"): one row to start, at most `max_rows`."""
    return forms.formset_factory(
        form,
        formset=formset,
        extra=0,
        min_num=1,
        max_num=max_rows,
        absolute_max=max_rows,
        validate_max=True,
    )


def typed_values(form: forms.Form) -> dict:
    """What was typed into a bound form, as initial values (nothing is validated)."""
    return {name: form[name].value() for name in form.fields}


def rows_with_another(request, formsets: dict[str, type], *, max_rows: int = 20) -> dict:
    """Without JavaScript, "Add another" (a submit button named add_row, valued with a formset's
    prefix) posts the whole form: each formset comes back unbound, as typed, and the named one a
    row longer (up to `max_rows`). Nothing is validated or saved. `formsets`: prefix -> class."""
    grow = request.POST.get("add_row")
    shown = {}
    for prefix, formset_class in formsets.items():
        rows = [typed_values(f) for f in formset_class(request.POST, prefix=prefix).forms]
        if prefix == grow and len(rows) < max_rows:
            rows.append({})
        shown[prefix] = formset_class(initial=rows, prefix=prefix)
    return shown


def plain_messages(field: forms.Field, fallback: str = "a value") -> forms.Field:
    label = str(field.label or fallback).replace("%", "%%")  # messages are %-formatted
    name = label[:1].lower() + label[1:]
    said = label[:1].upper() + label[1:]
    messages = field.error_messages
    if messages.get("required") in (None, _DEFAULT_REQUIRED):
        if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            messages["required"] = f"Select at least one {name}"
        elif isinstance(field, forms.BooleanField):
            messages["required"] = f"Confirm {name}"
        elif _choose(field):
            messages["required"] = f"Select the {name}"
        else:
            messages["required"] = f"Enter the {name}"
    defaults = {
        "null_characters_not_allowed": f"{said} must not contain invisible control characters",
        "max_length": f"{said} must be %(limit_value)d characters or fewer",
        "min_length": f"{said} must be %(limit_value)d characters or more",
        "invalid_choice": f"Choose {name} from the list",
        "invalid_pk_value": f"Choose {name} from the list",
        "max_value": f"{said} must be %(limit_value)s or less",
        "min_value": f"{said} must be %(limit_value)s or more",
    }
    if isinstance(field, forms.IntegerField):
        defaults["invalid"] = f"Enter {name} as a whole number, like 12"
    if field.widget.is_hidden:  # bookkeeping nobody types: only a stale or altered page is wrong
        defaults = dict.fromkeys([*defaults, "invalid"], STALE_PAGE)
        if messages["required"] == f"Enter the {name}":
            messages["required"] = STALE_PAGE
    for code, message in defaults.items():
        if code not in messages or messages[code] == _django_default(field, code):
            messages[code] = message
    if isinstance(field, forms.ModelChoiceField):
        # Django checks each chosen id for NULs (with a fixed message) before querying; check
        # here too that the id fits an integer column (30 digits overflow SQLite: a 500).
        field.validate_no_null_characters = _chosen_id_check(messages)
    return field


def _chosen_id_check(messages: dict):
    def check(value) -> None:
        text = str(value)
        if "\x00" in text:
            raise forms.ValidationError(
                messages["null_characters_not_allowed"], code="null_characters_not_allowed"
            )
        if text.isdigit() and parse_id(text) is None:
            raise forms.ValidationError(messages["invalid_choice"], code="invalid_choice")

    return check


def _django_default(field: forms.Field, code: str) -> str | None:
    """Django's own message for `code` on this kind of field (None when it has none)."""
    for klass in type(field).__mro__:
        message = getattr(klass, "default_error_messages", {}).get(code)
        if message is not None:
            return message
    return None


_CODES = {"invalid": "invalid", "pence": "max_decimal_places", "too_large": "max_value"}


class MoneyField(forms.Field):
    """Pounds and pence as a Decimal, accepting what people type: "£1,250.50", "2000".

    Fractions of a penny are an error, never silently rounded (core.money.parse_pounds).
    """

    widget = MoneyInput

    def __init__(self, *args, positive: bool = True, **kwargs):
        self.positive = positive
        super().__init__(*args, **kwargs)

    def to_python(self, value) -> Decimal | None:
        text = str(value).strip() if value is not None else ""
        if not text:
            return None
        try:
            return parse_pounds(text)
        except MoneyFormatError as exc:
            raise forms.ValidationError(exc.message, code=_CODES[exc.kind]) from exc

    def validate(self, value) -> None:
        super().validate(value)
        if value is not None and self.positive and value <= 0:
            raise forms.ValidationError(AMOUNT_NOT_POSITIVE, code="min_value")

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "decimal", "spellcheck": "false"}

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return f"{value:.2f}"
        return value


def _and(parts: list[str]) -> str:
    return " and ".join(parts) if len(parts) < 3 else "day, month and year"


class DateField(forms.Field):
    """A date typed into the GOV.UK date input (Day, Month, Year), with the design system's
    messages: what is missing, which part is wrong, or that it is not a real date.

    A ValidationError's params["part"] names the box to highlight and the error summary's target.
    """

    widget = GovukDateInput
    default_hint = "For example, 27 3 2026"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", self.default_hint)
        super().__init__(*args, **kwargs)

    def _name(self) -> str:
        return (self.label or "date").lower()

    def to_python(self, value) -> date | None:
        if isinstance(value, date) or value is None:
            return value
        day, month, year = (value + ("", "", ""))[:3] if isinstance(value, tuple) else ("",) * 3
        typed = {"day": day, "month": month, "year": year}
        if not any(typed.values()):
            return None
        label = self._name()
        missing = [part for part in DATE_PARTS if not typed[part]]
        if missing:
            raise forms.ValidationError(
                f"{label[:1].upper()}{label[1:]} must include a {_and(missing)}",
                code="incomplete",
                params={"part": missing[0]},
            )
        for part in DATE_PARTS:
            text = typed[part]
            if not (text.isascii() and text.isdigit()) or (part != "year" and len(text) > 2):
                raise self._not_real(label, part)
        if len(year) != 4:
            raise forms.ValidationError(
                f"The year of the {label} must include 4 numbers, like 2026",
                code="invalid_year",
                params={"part": "year"},
            )
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            raise self._not_real(label, "month" if not 1 <= int(month) <= 12 else "day") from None

    @staticmethod
    def _not_real(label: str, part: str) -> forms.ValidationError:
        return forms.ValidationError(
            f"{label[:1].upper()}{label[1:]} must be a real date",
            code="invalid",
            params={"part": part},
        )

    def validate(self, value) -> None:
        if value in self.empty_values and self.required:
            custom = self.error_messages["required"]
            default = forms.Field.default_error_messages["required"]
            raise forms.ValidationError(
                f"Enter the {self._name()}" if custom == default else custom,
                code="required",
                params={"part": "day"},
            )

    def bound_data(self, data, initial):
        return data
