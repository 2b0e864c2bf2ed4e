"""Spreadsheet import/export of the directory: all or nothing in, every error reported, safe out."""

import csv
import io

import openpyxl
import pytest
from import_export.formats.base_formats import CSV, XLSX

from audit.selectors import history_for
from core.imports import RowError, row_errors
from providers import rules
from providers.models import District, Organisation, OrganisationKind
from providers.resources import (
    KIND_MESSAGE,
    NAME_MISSING_MESSAGE,
    YES_NO_MESSAGE,
    DistrictsWidget,
    IdentifierWidget,
    KindWidget,
    OrganisationResource,
    YesNoWidget,
)
from tests.factories import OrganisationFactory

HEADER = (
    "name,kind,charity_number,company_number,address_line_1,town,postcode,"
    "countywide,districts,third_sector,local,email"
)
GOOD_ROWS = [
    "Fenland Support,Charity,1123456,,1 High St,March,PE15 8AA,Yes,,Yes,Yes,a@example.org",
    "Restorative Futures CIC,cic,,11223344,2 Bridge St,Huntingdon,pe29 3tn,No,Huntingdonshire,yes,yes,",
    "Peterborough City Council,Public body,,,Town Hall,Peterborough,PE1 1HF,no,Peterborough; Fenland,No,Yes,",
]
BAD_CHARITY_ROW = "Wisbech Youth Trust,Charity,12AB,,3 Quay,Wisbech,PE13 1DG,Yes,,Yes,Yes,"
FIXED_CHARITY_ROW = "Wisbech Youth Trust,Charity,1098765,,3 Quay,Wisbech,PE13 1DG,Yes,,Yes,Yes,"


@pytest.fixture
def districts(db):
    names = ["Fenland", "Huntingdonshire", "Peterborough", "Cambridge"]
    return {name: District.objects.create(name=name) for name in names}


def dataset_from(*rows: str, header: str = HEADER):
    return CSV().create_dataset("\n".join([header, *rows]) + "\n")


def run_import(*rows: str, dry_run: bool = False, header: str = HEADER, **kwargs):
    return OrganisationResource().import_data(
        dataset_from(*rows, header=header), dry_run=dry_run, **kwargs
    )


def test_one_bad_row_among_good_ones_imports_nothing_then_the_corrected_file_imports_all(
    districts,
):
    rows = [GOOD_ROWS[0], GOOD_ROWS[1], BAD_CHARITY_ROW, GOOD_ROWS[2]]

    result = run_import(*rows)

    assert row_errors(result) == [RowError(4, "charity_number", rules.CHARITY_FORMAT_MESSAGE)]
    assert Organisation.objects.count() == 0
    assert District.objects.filter(organisations__isnull=False).count() == 0

    fixed = [GOOD_ROWS[0], GOOD_ROWS[1], FIXED_CHARITY_ROW, GOOD_ROWS[2]]
    result = run_import(*fixed)

    assert row_errors(result) == []
    assert Organisation.objects.count() == 4
    council = Organisation.objects.get(name="Peterborough City Council")
    assert council.kind == OrganisationKind.PUBLIC_BODY
    assert council.countywide is False
    assert sorted(d.name for d in council.districts.all()) == ["Fenland", "Peterborough"]
    cic = Organisation.objects.get(name="Restorative Futures CIC")
    assert cic.postcode == "PE29 3TN"  # normalised by the model's clean()
    assert cic.third_sector is True


def test_every_error_on_every_row_is_reported_with_row_and_field(districts):
    rows = [
        GOOD_ROWS[0],
        "Bad Company Ltd,Company,,ABC,1 St,Ely,NOTAPOSTCODE,Yes,,No,Yes,not-an-email",
        "Odd One,Partnership,,,1 St,Ely,CB7 4DL,Maybe,,No,Yes,",
        ",Charity,1123457,,1 St,Ely,CB7 4DL,Yes,,Yes,Yes,",
    ]

    result = run_import(*rows)

    found = {(e.row, e.field) for e in row_errors(result)}
    assert found == {
        (3, "company_number"),
        (3, "postcode"),
        (3, "email"),
        (4, "kind"),
        (4, "countywide"),
        (5, "name"),
    }
    messages = {(e.row, e.field): e.message for e in row_errors(result)}
    assert messages[(3, "company_number")] == rules.COMPANY_FORMAT_MESSAGE
    assert messages[(3, "postcode")] == rules.POSTCODE_FORMAT_MESSAGE
    assert KIND_MESSAGE in messages[(4, "kind")]
    assert "Partnership" in messages[(4, "kind")]
    assert messages[(5, "name")] == NAME_MISSING_MESSAGE
    assert Organisation.objects.count() == 0


def test_dry_run_reports_new_rows_and_saves_nothing(districts):
    result = run_import(*GOOD_ROWS, dry_run=True)

    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["new"] == 3
    assert Organisation.objects.count() == 0


def test_a_name_twice_in_one_file_is_a_row_error(districts):
    rows = [GOOD_ROWS[0], GOOD_ROWS[1], GOOD_ROWS[0].replace("Fenland Support", "fenland  SUPPORT")]

    result = run_import(*rows)

    errors = row_errors(result)
    assert [(e.row, e.field) for e in errors] == [(4, "name")]
    assert "also on row 2" in errors[0].message
    assert Organisation.objects.count() == 0


def test_an_unknown_district_is_a_row_error_naming_it(districts):
    rows = [GOOD_ROWS[0], GOOD_ROWS[2].replace("Peterborough; Fenland", "Peterborough; Atlantis")]

    result = run_import(*rows)

    errors = row_errors(result)
    assert [(e.row, e.field) for e in errors] == [(3, "districts")]
    assert "“Atlantis”" in errors[0].message
    assert Organisation.objects.count() == 0


@pytest.mark.parametrize(
    ("countywide", "named", "message"),
    [
        ("No", "", rules.AREA_NEEDS_DISTRICTS_MESSAGE),
        ("Yes", "Fenland", rules.AREA_COUNTYWIDE_WITH_DISTRICTS_MESSAGE),
    ],
)
def test_area_served_must_be_countywide_or_named_districts(districts, countywide, named, message):
    row = f"Area Test,Other,,,1 St,Ely,CB7 4DL,{countywide},{named},No,Yes,"

    result = run_import(row)

    assert row_errors(result) == [RowError(2, "districts", message)]
    assert Organisation.objects.count() == 0


def test_reimporting_updates_rather_than_duplicating(districts):
    existing = OrganisationFactory(
        name="Fenland Support", town="Old Town", charity_number="1123456"
    )
    row = GOOD_ROWS[0].replace("Fenland Support", "FENLAND support")

    result = run_import(row)

    assert row_errors(result) == []
    assert result.totals["update"] == 1
    assert Organisation.objects.count() == 1
    existing.refresh_from_db()
    assert existing.town == "March"


def test_a_name_clashing_with_the_database_is_an_update_not_an_error(districts):
    OrganisationFactory(name="Fenland Support")
    result = run_import(GOOD_ROWS[0], dry_run=True)
    assert result.totals["update"] == 1 and result.totals["new"] == 0


def test_headers_are_matched_ignoring_case_and_spaces(districts):
    header = HEADER.replace("charity_number", "Charity Number").replace("name,", "Name,", 1)
    result = run_import(GOOD_ROWS[0], header=header)
    assert row_errors(result) == []
    assert Organisation.objects.get().charity_number == "1123456"


def test_an_unknown_column_stops_the_whole_import(districts):
    result = run_import(GOOD_ROWS[0] + ",x", header=HEADER + ",favourite_colour")

    errors = row_errors(result)
    assert errors and errors[0].row == 0
    assert "favourite_colour" in errors[0].message
    assert Organisation.objects.count() == 0


def test_blank_lines_are_skipped(districts):
    result = run_import(GOOD_ROWS[0], ",,,,,,,,,,,")
    assert row_errors(result) == []
    assert Organisation.objects.count() == 1


def test_imported_districts_are_recorded_in_the_history(districts, officer):
    run_import(GOOD_ROWS[2], user=officer)

    council = Organisation.objects.get(name="Peterborough City Council")
    events = [e for e in history_for(council) if e.additional_data]
    assert [e.additional_data.get("event") for e in events] == ["districts_changed"]
    assert events[0].actor == officer


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Charity", "charity"),
        ("charity", "charity"),
        (" CHARITY ", "charity"),
        ("CIC", "cic"),
        ("Community interest company", "cic"),
        ("Company", "company"),
        ("Public body", "public_body"),
        ("public_body", "public_body"),
        ("PUBLIC  BODY", "public_body"),
        ("Other", "other"),
    ],
)
def test_kind_accepts_the_label_or_the_value(text, value):
    assert KindWidget().clean(text) == value


@pytest.mark.parametrize("text", ["", None, "Partnership", "charitable"])
def test_kind_refuses_anything_else(text):
    with pytest.raises(ValueError, match="kind of organisation"):
        KindWidget().clean(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Yes", True),
        ("y", True),
        ("TRUE", True),
        ("1", True),
        (1, True),
        (True, True),
        ("No", False),
        ("n", False),
        ("false", False),
        ("0", False),
        (0, False),
        (False, False),
    ],
)
def test_yes_no_values(text, value):
    assert YesNoWidget().clean(text) is value


@pytest.mark.parametrize("text", ["", None, "maybe", "2", 2])
def test_yes_no_refuses_anything_else(text):
    with pytest.raises(ValueError) as error:
        YesNoWidget().clean(text)
    assert "Yes or No" in str(error.value) or str(error.value) == YES_NO_MESSAGE


@pytest.mark.parametrize(
    ("cell", "text"),
    [(1123456, "1123456"), (1123456.0, "1123456"), (" SC012345 ", "SC012345"), (None, "")],
)
def test_identifiers_from_spreadsheet_numbers(cell, text):
    assert IdentifierWidget().clean(cell) == text


def test_districts_widget_matches_names_ignoring_case(districts):
    chosen = DistrictsWidget().clean("fenland; PETERBOROUGH ;")
    assert sorted(d.name for d in chosen) == ["Fenland", "Peterborough"]


def test_xlsx_round_trip(districts):
    first = OrganisationFactory(
        name="Round Trip Trust",
        charity_number="1098765",
        company_number="01234567",
        countywide=False,
        third_sector=True,
        local=False,
        phone="01223 000000",
    )
    first.districts.set([districts["Cambridge"], districts["Fenland"]])
    OrganisationFactory(name="Second Org", kind=OrganisationKind.PUBLIC_BODY, charity_number="")
    before = _snapshot()

    xlsx = XLSX().export_data(OrganisationResource().export())
    Organisation.objects.all().delete()
    result = OrganisationResource().import_data(XLSX().create_dataset(xlsx))

    assert row_errors(result) == []
    assert result.totals["new"] == 2
    assert _snapshot() == before


def _snapshot():
    return sorted(
        (
            o.name,
            o.kind,
            o.charity_number,
            o.company_number,
            o.town,
            o.postcode,
            o.countywide,
            tuple(sorted(d.name for d in o.districts.all())),
            o.third_sector,
            o.local,
            o.phone,
        )
        for o in Organisation.objects.all()
    )


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
