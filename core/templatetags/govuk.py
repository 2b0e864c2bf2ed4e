"""Design-system template tags (GOV.UK Frontend / MOJ Frontend): one place per component.

Loaded as a builtin, so every template can use them without {% load %}.
"""

from decimal import Decimal

from django import forms, template
from django.utils.html import format_html

from core.financial_years import FinancialYear
from core.money import format_gbp
from core.widgets import DATE_PARTS, GovukDateInput, MoneyInput

register = template.Library()

_INPUT_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.SelectMultiple: "govuk-select",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.CheckboxSelectMultiple: "govuk-checkboxes__input",
    forms.RadioSelect: "govuk-radios__input",
    forms.ClearableFileInput: "govuk-file-upload",
    forms.FileInput: "govuk-file-upload",
}


def _kind(widget: forms.Widget) -> str:
    if isinstance(widget, GovukDateInput):
        return "date"
    if isinstance(widget, MoneyInput):
        return "money"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "select"
    if isinstance(widget, forms.FileInput):
        return "file"
    return "input"


@register.filter
def gbp(value) -> str:
    """£1,234.50 (from a Decimal, an int, text or a lazy object wrapping one)"""
    if value in (None, ""):
        return ""
    return format_gbp(Decimal(str(value)))


@register.filter
def gbp_whole(value) -> str:
    if value in (None, ""):
        return ""
    return format_gbp(Decimal(value), pence=False)


@register.filter
def financial_year(day) -> str:
    return FinancialYear.containing(day).label if day else ""


@register.inclusion_tag("includes/field.html")
def govuk_field(
    field,
    hint: str = "",
    width: str = "",
    label_size: str = "",
    item: str = "",
    reveal=None,
    reveal_on: str = "",
):
    """A form field with label, hint, error message and the right GOV.UK classes.

    `item` names the repeating row a formset field belongs to ("Funder"): its label gains a
    hidden "for funder 2" and the attributes MOJ "add another" renumbers rows by. `reveal` is
    another field shown under the radio or checkbox whose value is `reveal_on` (GOV.UK
    conditional reveal).
    """
    widget = field.field.widget
    kind = _kind(widget)
    css = _INPUT_CLASSES.get(type(widget), "govuk-input")
    if field.errors and kind in {"input", "money", "textarea", "select", "file"}:
        css += f" {css.split()[0]}--error"
    if width and kind in {"input", "money"}:
        css += f" govuk-input--width-{width}" if width.isdigit() else f" govuk-!-width-{width}"
    described = []
    hint = hint or field.help_text
    if hint:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
    attrs = {"class": css}
    suffix = ""
    if item:
        attrs.update(_row_attrs(field))
        suffix = f"for {item.lower()} {_row_index(field) + 1}"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if kind in {"input", "money", "textarea", "select", "file", "checkbox"}:
        rendered = field.as_widget(attrs=attrs)
    else:
        rendered = None
    return {
        "date_parts": _date_parts(field) if kind == "date" else [],
        "field": field,
        "kind": kind,
        "hint": hint,
        "rendered": rendered,
        "label_size": label_size,
        "item": suffix,
        "options": _options(field, reveal_on if reveal is not None else None),
        "reveal": reveal,
        "option_class": css,
        "described": " ".join(described),
    }


def _row_index(field) -> int:
    """A formset form's position, from its prefix ("shares-2" is 2)."""
    tail = (field.form.prefix or "").rsplit("-", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def _row_attrs(field) -> dict[str, str]:
    """data-name / data-id with %index% where the row number goes (MOJ add another)."""
    prefix = field.form.prefix or ""
    if "-" not in prefix:
        return {}
    pattern = prefix.rsplit("-", 1)[0] + "-%index%"
    return {
        "data-name": field.html_name.replace(prefix, pattern, 1),
        "data-id": field.auto_id.replace(prefix, pattern, 1),
        "data-label": "true",
    }


def _error_part(field) -> str:
    """The date box a date field's first error is about ("day", "month" or "year")."""
    for error in field.form.errors.as_data().get(field.name, []):
        return (error.params or {}).get("part", "day")
    return ""


def _date_parts(field) -> list[dict]:
    """Day, Month and Year boxes of a GOV.UK date input, with what was typed kept."""
    values = GovukDateInput.parts(field.value())
    wrong = _error_part(field) if field.errors else ""
    every = wrong and not any(values)  # nothing typed: all three boxes are highlighted
    return [
        {
            "id": f"{field.auto_id}_{part}",
            "name": f"{field.html_name}_{part}",
            "label": part.capitalize(),
            "value": value,
            "width": 4 if part == "year" else 2,
            "error": bool(every or wrong == part),
        }
        for part, value in zip(DATE_PARTS, values, strict=True)
    ]


@register.filter
def error_href(field) -> str:
    """Where an error summary link for this field goes: the input the error is about."""
    if isinstance(field.field.widget, GovukDateInput):
        return f"#{field.auto_id}_{_error_part(field) or 'day'}"
    return f"#{field.auto_id}"


def _options(field, reveal_on: str | None = None) -> list[dict]:
    """Each radio/checkbox option; the first carries the field's own id, so the error summary's
    link to #id_<field> lands on it (GOV.UK error summary convention)."""
    options = []
    if _kind(field.field.widget) not in {"checkboxes", "radios"}:
        return options
    for index, option in enumerate(field.subwidgets):
        data = option.data
        options.append(
            {
                "id": field.auto_id if index == 0 else f"{field.auto_id}_{index}",
                "name": data["name"],
                "type": data["type"],
                "value": data["value"],
                "checked": data["selected"],
                "label": option.choice_label,
                "reveal": reveal_on is not None and str(data["value"]) == str(reveal_on),
            }
        )
    return options


@register.inclusion_tag("includes/error_summary.html")
def govuk_error_summary(*forms_):
    """The error summary at the top of a page: every field error, linked to its field."""
    errors = []
    for form in forms_:
        if form is None:
            continue
        for error in form.non_field_errors():
            errors.append({"href": "", "text": error})
        for field in form:
            for error in field.errors:
                errors.append({"href": error_href(field), "text": error})
    return {"errors": errors}


@register.inclusion_tag("includes/sortable_header.html", takes_context=True)
def sortable_header(context, field: str, label: str, numeric: bool = False):
    """A table header that sorts the list by `field` (toggling direction) via ?sort=."""
    request = context["request"]
    current = request.GET.get("sort", context.get("default_sort", ""))
    direction = None
    next_sort = field
    if current == field:
        direction, next_sort = "ascending", f"-{field}"
    elif current == f"-{field}":
        direction = "descending"
    params = request.GET.copy()
    params["sort"] = next_sort
    params.pop("page", None)
    return {
        "label": label,
        "href": f"?{params.urlencode()}",
        "direction": direction,
        "numeric": numeric,
    }


@register.inclusion_tag("includes/pagination.html", takes_context=True)
def govuk_pagination(context, page_obj, param: str = "page", label: str = "", anchor: str = ""):
    """GOV.UK pagination with ellipses (first, last and two pages either side of the current);
    `param` names the query parameter when a page has two lists."""
    request = context["request"]

    def href(number: int) -> str:
        params = request.GET.copy()
        params[param] = number
        return f"?{params.urlencode()}" + (f"#{anchor}" if anchor else "")

    items = []
    if page_obj.paginator.num_pages > 1:
        for number in page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2):
            if number == page_obj.paginator.ELLIPSIS:
                items.append({"ellipsis": True})
            else:
                items.append(
                    {"number": number, "href": href(number), "current": number == page_obj.number}
                )
    return {
        "page_obj": page_obj,
        "label": label or "Pagination",
        "items": items,
        "previous": href(page_obj.previous_page_number()) if page_obj.has_previous() else "",
        "next": href(page_obj.next_page_number()) if page_obj.has_next() else "",
    }


_TAG_COLOURS = {
    "draft": "grey",
    "active": "green",
    "approved": "green",
    "signed": "green",
    "open": "blue",
    "published": "blue",
    "awaiting_decision": "yellow",
    "submitted": "yellow",
    "pending": "yellow",
    "paused": "orange",
    "returned": "orange",  # sent back: the drafter has something to do
    "overdue": "red",
    "rejected": "red",
    "withdrawn": "grey",
    "closed": "grey",
}


@register.simple_tag
def status_tag(value: str, label: str = ""):
    colour = _TAG_COLOURS.get(str(value), "grey")
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, label or str(value)
    )


@register.simple_tag
def crumb(label: str, url: str = ""):
    """One breadcrumb item; inside {% block breadcrumbs %}. The last one has no url."""
    if url:
        return format_html(
            '<li class="govuk-breadcrumbs__list-item">'
            '<a class="govuk-breadcrumbs__link" href="{}">{}</a></li>',
            url,
            label,
        )
    return format_html(
        '<li class="govuk-breadcrumbs__list-item" aria-current="page">{}</li>', label
    )
