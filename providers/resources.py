"""Spreadsheet import and export of the providers directory (CSV and XLSX, all or nothing).

Columns are the model's field names. `kind` takes the label or the stored value; yes/no columns
take Yes/No (or true/false, 1/0); `districts` names districts separated by ";". Each row is
checked with the model's full_clean, so a bad charity number is an error on that row's
`charity_number`, and any bad row means nothing is imported (core.imports.AllOrNothingResource).
Row numbers in messages are spreadsheet rows: the header is row 1.
"""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from import_export import fields, widgets

from audit.events import record_event
from core.imports import AllOrNothingResource

from . import rules
from .events import ProviderEvent
from .models import District, Organisation, OrganisationKind, organisation_fields

DISTRICT_SEPARATOR = ";"
YES_VALUES = frozenset({"yes", "y", "true", "1"})
NO_VALUES = frozenset({"no", "n", "false", "0"})
YES_NO_MESSAGE = "Enter Yes or No"
NAME_MISSING_MESSAGE = "Enter the organisation's name"
KIND_MESSAGE = "Enter the kind of organisation: " + ", ".join(
    str(label) for label in OrganisationKind.labels
)
UNKNOWN_COLUMNS_MESSAGE = "Unknown column(s): {unknown}. The columns are: {known}"


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _kind_key(text: str) -> str:
    return " ".join(str(text).replace("_", " ").split()).casefold()


class KindWidget(widgets.Widget):
    """Kind of organisation: accepts the label ("Public body") or the value ("public_body")."""

    _lookup = {
        **{_kind_key(kind.value): kind.value for kind in OrganisationKind},
        **{_kind_key(kind.label): kind.value for kind in OrganisationKind},
        "cic": OrganisationKind.CIC.value,
    }

    def clean(self, value, row=None, **kwargs):
        if _blank(value):
            raise ValueError(KIND_MESSAGE)
        try:
            return self._lookup[_kind_key(value)]
        except KeyError:
            raise ValueError(f"“{value}” is not a kind of organisation. {KIND_MESSAGE}") from None

    def render(self, value, obj=None, **kwargs):
        return str(OrganisationKind(value).label) if value in OrganisationKind.values else ""


class YesNoWidget(widgets.Widget):
    """A yes/no column: Yes/No, Y/N, true/false or 1/0 (and spreadsheet booleans) in; Yes/No out."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float) and value in (0, 1):
            return bool(value)
        text = str(value or "").strip().casefold()
        if text in YES_VALUES:
            return True
        if text in NO_VALUES:
            return False
        raise ValueError(YES_NO_MESSAGE if not text else f"“{value}” is not Yes or No")

    def render(self, value, obj=None, **kwargs):
        return "Yes" if value else "No"


class IdentifierWidget(widgets.CharWidget):
    """Charity and company numbers: a spreadsheet's number 1123456.0 is the text "1123456"."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        return super().clean(value, row=row, **kwargs).strip()


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return super().clean(value, row=row, **kwargs).strip()


class DistrictsWidget(widgets.ManyToManyWidget):
    """District names separated by ";", matched ignoring case; an unknown name is an error."""

    def __init__(self, **kwargs):
        super().__init__(District, separator=DISTRICT_SEPARATOR, field="name", **kwargs)

    def clean(self, value, row=None, **kwargs):
        names = [n.strip() for n in str(value or "").split(self.separator) if n.strip()]
        if not names:
            return []
        known = {d.name.casefold(): d for d in District.objects.all()}
        unknown = [n for n in names if n.casefold() not in known]
        if unknown:
            listed = ", ".join(f"“{n}”" for n in unknown)
            raise ValueError(
                f"Unknown district {listed}. Districts are: "
                + ", ".join(sorted(d.name for d in known.values()))
            )
        chosen = {known[n.casefold()].pk: known[n.casefold()] for n in names}
        return list(chosen.values())

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return f"{self.separator} ".join(sorted(d.name for d in value.all()))


def _text(name: str) -> fields.Field:
    return fields.Field(attribute=name, column_name=name, widget=TextWidget())


class OrganisationResource(AllOrNothingResource):
    name = _text("name")
    kind = fields.Field(attribute="kind", column_name="kind", widget=KindWidget())
    charity_number = fields.Field(
        attribute="charity_number", column_name="charity_number", widget=IdentifierWidget()
    )
    company_number = fields.Field(
        attribute="company_number", column_name="company_number", widget=IdentifierWidget()
    )
    address_line_1 = _text("address_line_1")
    address_line_2 = _text("address_line_2")
    town = _text("town")
    postcode = _text("postcode")
    countywide = fields.Field(
        attribute="countywide", column_name="countywide", widget=YesNoWidget()
    )
    districts = fields.Field(
        attribute="districts", column_name="districts", widget=DistrictsWidget()
    )
    third_sector = fields.Field(
        attribute="third_sector", column_name="third_sector", widget=YesNoWidget()
    )
    local = fields.Field(attribute="local", column_name="local", widget=YesNoWidget())
    website = _text("website")
    email = _text("email")
    phone = _text("phone")

    class Meta:
        model = Organisation
        fields = organisation_fields(is_active=False)
        import_id_fields = ("name",)
        clean_model_instances = True
        skip_unchanged = False
        report_skipped = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._first_row_of: dict[str, int] = {}

    # ----- import -----

    def before_import(self, dataset, **kwargs):
        self._first_row_of = {}
        if dataset.headers:
            # "Charity number" and "charity_number" name the same column
            dataset.headers = [_column_key(h) for h in dataset.headers]
        known = [f.column_name for f in self.get_import_fields()]
        unknown = [h for h in (dataset.headers or []) if h and h not in known]
        if unknown:
            raise ValueError(
                UNKNOWN_COLUMNS_MESSAGE.format(unknown=", ".join(unknown), known=", ".join(known))
            )

    def get_instance(self, instance_loader, row):
        """The organisation a row is about: same name ignoring case and spacing (re-import updates)."""
        name = rules.normalise_name(str(row.get("name") or ""))
        if not name:
            return None
        return Organisation.objects.filter(name__iexact=name).first()

    def import_instance(self, instance, row, **kwargs):
        errors: dict[str, list] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)

        key = rules.name_key(instance.name)
        if not key:
            errors.setdefault("name", []).append(ValidationError(NAME_MISSING_MESSAGE))
        elif key in self._first_row_of:
            first = self._first_row_of[key]
            errors.setdefault("name", []).append(
                ValidationError(
                    f"“{rules.normalise_name(instance.name)}” is also on row {first}: "
                    "list each organisation once"
                )
            )
        else:
            self._first_row_of[key] = kwargs.get("row_number", 0) + 1

        districts = None
        if "districts" in row:
            try:
                districts = self.fields["districts"].clean(row)
            except ValueError as error:
                errors.setdefault("districts", []).append(ValidationError(str(error)))
        elif instance.pk:
            districts = list(instance.districts.all())
        else:
            districts = []
        if districts is not None and "countywide" not in errors:
            problem = rules.area_served_error(
                countywide=instance.countywide, district_count=len(districts)
            )
            if problem:
                errors.setdefault("districts", []).append(ValidationError(problem))
        instance._districts_before = _names(instance.districts.all()) if instance.pk else ""
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """A row with every cell blank (a spreadsheet's trailing lines) is not an organisation."""
        return all(_blank(value) for value in row.values())

    def save_m2m(self, instance, row, **kwargs):
        super().save_m2m(instance, row, **kwargs)
        if "districts" not in row:
            return
        before = getattr(instance, "_districts_before", "")
        after = _names(instance.districts.all())
        if before != after:
            record_event(
                ProviderEvent.DISTRICTS_CHANGED,
                actor=kwargs.get("user"),
                target=instance,
                message="Imported from a spreadsheet",
                changes={"districts": [before, after]},
            )

    # ----- export -----

    def export(self, queryset=None, **kwargs):
        if queryset is None:
            queryset = self.get_queryset()
        if isinstance(queryset, QuerySet) and "districts" not in {
            getattr(p, "prefetch_to", p) for p in queryset._prefetch_related_lookups
        }:
            queryset = queryset.prefetch_related(
                Prefetch("districts", queryset=District.objects.order_by("name"))
            )
        return super().export(queryset, **kwargs)


def _column_key(header) -> str:
    return "_".join(str(header or "").strip().lower().split())


def _names(districts) -> str:
    return "; ".join(sorted(d.name for d in districts))
