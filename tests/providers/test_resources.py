"""Spreadsheet export of the directory: formula-safe, constant queries (the import is providers.imports)."""

import csv
import io

import openpyxl
import pytest
from import_export.formats.base_formats import CSV, XLSX

from providers.models import District, Organisation
from providers.resources import OrganisationResource
from tests.factories import OrganisationFactory

RISKY = ['=HYPERLINK("http://x")', "+44 1223", "-1+2", "@SUM(A1)", "\tcmd", "\rcmd"]


@pytest.mark.parametrize("risky", RISKY, ids=["equals", "plus", "minus", "at", "tab", "cr"])
def test_csv_export_neutralises_formula_cells(db, risky):
    OrganisationFactory(name="Risky Org", address_line_2=risky, phone=risky)

    data = CSV().export_data(OrganisationResource().export())

    row = next(r for r in csv.DictReader(io.StringIO(data)) if r["name"] == "Risky Org")
    assert row["address_line_2"] == "'" + risky
    assert row["phone"] == "'" + risky


def test_xlsx_export_holds_risky_cells_as_text(db):
    OrganisationFactory(name="Risky Org", address_line_2="=1+2", phone="@SUM(A1)")

    book = openpyxl.load_workbook(io.BytesIO(XLSX().export_data(OrganisationResource().export())))
    cells = {c.value: c for row in book.active.iter_rows() for c in row}

    assert "'=1+2" in cells and cells["'=1+2"].data_type == "s"
    assert "'@SUM(A1)" in cells
    assert not any(isinstance(v, str) and v.startswith("=") for v in cells)


def test_export_query_count_does_not_grow_with_districts(db, django_assert_max_num_queries):
    district = District.objects.create(name="Fenland")
    for n in range(15):
        OrganisationFactory(countywide=False).districts.set([district])
    with django_assert_max_num_queries(4):
        dataset = OrganisationResource().export(Organisation.objects.all())
    assert len(dataset) == 15
