"""Spreadsheet export of the providers directory (CSV and XLSX), formula-safe.

Columns are the model's field names, the layout the import page (providers.imports) reads back:
`kind` as its label, yes/no columns as Yes/No, `districts` as names separated by "; ".
"""

from collections import defaultdict
from collections.abc import Iterator
from itertools import islice

from django.db.models import Prefetch, QuerySet
from import_export import fields, widgets

from core.imports import AllOrNothingResource
from core.spreadsheets import neutralise_cell

from .imports.columns import DISTRICT_SEPARATOR
from .models import District, Organisation, OrganisationKind, organisation_fields


class KindWidget(widgets.Widget):
    def render(self, value, obj=None, **kwargs):
        return str(OrganisationKind(value).label) if value in OrganisationKind.values else ""


class YesNoWidget(widgets.Widget):
    def render(self, value, obj=None, **kwargs):
        return "Yes" if value else "No"


class DistrictsWidget(widgets.ManyToManyWidget):
    def __init__(self, **kwargs):
        super().__init__(District, separator=DISTRICT_SEPARATOR, field="name", **kwargs)

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return f"{self.separator} ".join(sorted(d.name for d in value.all()))


def _text(name: str) -> fields.Field:
    return fields.Field(attribute=name, column_name=name, widget=widgets.CharWidget())


def _yes_no(name: str) -> fields.Field:
    return fields.Field(attribute=name, column_name=name, widget=YesNoWidget())


class OrganisationResource(AllOrNothingResource):
    name = _text("name")
    kind = fields.Field(attribute="kind", column_name="kind", widget=KindWidget())
    charity_number = _text("charity_number")
    company_number = _text("company_number")
    address_line_1 = _text("address_line_1")
    address_line_2 = _text("address_line_2")
    town = _text("town")
    postcode = _text("postcode")
    countywide = _yes_no("countywide")
    districts = fields.Field(
        attribute="districts", column_name="districts", widget=DistrictsWidget()
    )
    third_sector = _yes_no("third_sector")
    local = _yes_no("local")
    website = _text("website")
    email = _text("email")
    phone = _text("phone")

    class Meta:
        model = Organisation
        fields = organisation_fields(is_active=False)
        import_id_fields = ("name",)

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


CSV_CHUNK = 2000  # organisations fetched (and written) at a time


def csv_row_chunks(queryset: QuerySet[Organisation]) -> Iterator[list[list]]:
    """The CSV download of OrganisationResource, streamed: the header, then the organisations
    CSV_CHUNK at a time, formula-safe, with the same cells as the resource's export. Two queries
    however many rows (every district link of the chosen organisations at once, then the
    organisations through one chunked cursor) instead of a district query per page of rows."""
    resource = OrganisationResource()
    export_fields = resource.get_export_fields()
    district_names = dict(District.objects.values_list("pk", "name"))
    links = Organisation.districts.through.objects.filter(
        organisation_id__in=queryset.order_by().values("pk")
    ).values_list("organisation_id", "district_id")
    districts = defaultdict(list)
    for organisation_id, district_id in links.iterator(chunk_size=CSV_CHUNK):
        districts[organisation_id].append(district_names[district_id])
    separator = f"{DISTRICT_SEPARATOR} "

    def cell(field, organisation):
        if field.column_name == "districts":
            return separator.join(sorted(districts.get(organisation.pk, ())))
        return resource.export_field(field, organisation)

    yield [[neutralise_cell(h) for h in resource.get_export_headers()]]
    rows = queryset.prefetch_related(None).iterator(chunk_size=CSV_CHUNK)
    while chunk := list(islice(rows, CSV_CHUNK)):
        yield [[neutralise_cell(cell(f, o)) for f in export_fields] for o in chunk]
