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


def test_streamed_csv_is_the_resources_export_cell_for_cell(db, monkeypatch):
    from core.spreadsheets import csv_lines
    from providers import resources

    fenland, ely = District.objects.create(name="Fenland"), District.objects.create(name="Ely")
    OrganisationFactory(name="Risky Org", address_line_2="=1+2", phone="@SUM(A1)")
    OrganisationFactory(countywide=False, third_sector=True).districts.set([fenland, ely])
    OrganisationFactory(countywide=False).districts.set([ely])
    OrganisationFactory.create_batch(3)
    monkeypatch.setattr(resources, "CSV_CHUNK", 2)  # several chunks
    queryset = Organisation.objects.order_by("name")

    streamed = b"".join(csv_lines(resources.csv_row_chunks(queryset))).decode()

    assert streamed == CSV().export_data(OrganisationResource().export(queryset))
    assert "Ely; Fenland" in streamed and "'=1+2" in streamed


@pytest.mark.parametrize("count", [3, 60])
def test_streamed_csv_queries_do_not_grow_with_rows(
    db, monkeypatch, django_assert_max_num_queries, count
):
    from core.spreadsheets import csv_lines
    from providers import resources

    district = District.objects.create(name="Fenland")
    for _ in range(count):
        OrganisationFactory(countywide=False).districts.set([district])
    monkeypatch.setattr(resources, "CSV_CHUNK", 2)
    with django_assert_max_num_queries(3):
        body = b"".join(csv_lines(resources.csv_row_chunks(Organisation.objects.all())))
    assert body.count(b"\n") == count + 1
