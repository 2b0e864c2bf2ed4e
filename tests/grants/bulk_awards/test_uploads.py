"""grants.bulk_awards.uploads: the file read once within its limits, parsed and staged."""

from datetime import date, datetime
from decimal import Decimal as D

import pytest

from core import spreadsheet_reader
from core.imports import RowError
from core.models import StagedImport
from grants import bulk_awards
from grants.bulk_awards import BulkAwardError
from grants.bulk_awards.columns import AMOUNT, END_DATE, ORGANISATION, PROJECT, PURPOSE
from tests.grants.bulk_awards.helpers import (
    check,
    counts,
    csv_file,
    good_rows,
    many_rows,
    run_import,
    xlsx_file,
)
from tests.spreadsheet_files import bomb_xlsx

pytestmark = pytest.mark.django_db


def refusal(content: bytes, filename: str = "awards.csv") -> str:
    with pytest.raises(BulkAwardError) as refused:
        bulk_awards.read_award_file(content=content, filename=filename)
    return str(refused.value)


def test_the_row_limit_is_a_setting_with_a_clear_message(youth_fund, clubs, settings):
    settings.SPREADSHEET_IMPORT_LIMITS = {
        **settings.SPREADSHEET_IMPORT_LIMITS,
        "bulk_awards": {"max_bytes": 2 * 1024 * 1024, "max_rows": 2},
    }
    assert refusal(csv_file(good_rows())) == (
        "The file has more than 2 awards: upload no more than 2 at a time"
    )
    assert check(youth_fund, csv_file(good_rows()[:2])).ok


def test_ten_thousand_rows_are_refused_before_they_are_parsed(clubs, monkeypatch):
    parsed = []
    real = bulk_awards.rows.parse_row
    monkeypatch.setattr(
        bulk_awards.rows, "parse_row", lambda *a, **k: parsed.append(1) or real(*a, **k)
    )
    message = refusal(csv_file(many_rows(10_000, clubs)))
    assert message == "The file has more than 500 awards: upload no more than 500 at a time"
    assert parsed == []


def test_a_zip_bomb_is_refused_as_an_upload(officer, youth_fund):
    with pytest.raises(BulkAwardError) as refused:
        bulk_awards.upload_award_file(
            content=bomb_xlsx(1950), filename="awards.xlsx", stream=youth_fund, uploaded_by=officer
        )
    assert str(refused.value).startswith("The selected XLSX file unpacks to more than 10 MB")
    assert not StagedImport.objects.exists()


def test_xlsx_with_real_dates_and_numbers(youth_fund, clubs, officer):
    rows = [
        [
            "Cambridge Youth Club",
            "Summer football",
            "Sessions",
            1250.5,
            datetime(2025, 5, 1),
            datetime(2025, 8, 31),
            "Communities",
        ],
        [
            "Fenland Boxing Academy",
            "Boxing",
            "Coaching",
            2000,
            "01/06/2025",
            "2026-03-31",
            "Offenders",
        ],
        ["", "", "", None, None, None, ""],  # a blank line is skipped
        ["Nobody Trust", "Art", "Murals", 2000.01, datetime(2025, 6, 1), None, "Victims"],
    ]
    result = check(youth_fund, xlsx_file(rows), filename="awards.xlsx")
    assert [r.number for r in result.rows] == [2, 3, 5]
    assert result.rows[0].amount == D("1250.50")
    assert result.rows[0].start_date == date(2025, 5, 1)
    assert [(e.row, e.field) for e in result.errors] == [
        (5, ORGANISATION),
        (5, AMOUNT),
        (5, END_DATE),
    ]
    done = run_import(youth_fund, xlsx_file(rows[:2]), officer, filename="awards.xlsx")
    assert len(done.grants) == 2


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"", "awards.csv", spreadsheet_reader.FILE_EMPTY_MESSAGE),
        (b"Organisation\n", "awards.pdf", spreadsheet_reader.FILE_TYPE_MESSAGE),
        (
            b"not a spreadsheet",
            "awards.xlsx",
            spreadsheet_reader.FILE_UNREADABLE_MESSAGE.format(kind="XLSX"),
        ),
        (
            b"PK\x03\x04broken",
            "awards.xlsx",
            spreadsheet_reader.FILE_UNREADABLE_MESSAGE.format(kind="XLSX"),
        ),
        (b"x" * (2 * 1024 * 1024 + 1), "awards.csv", "The selected file must be smaller than 2 MB"),
    ],
    ids=["empty", "wrong type", "not xlsx", "damaged xlsx", "too big"],
)
def test_unreadable_files(content, filename, message):
    assert refusal(content, filename) == message


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16", "utf-8-sig"])
def test_csv_as_excel_saves_it_with_pound_signs(youth_fund, clubs, encoding):
    result = check(youth_fund, csv_file(good_rows(), encoding=encoding))
    assert result.ok and result.rows[0].amount == D("1250.50")


def test_a_formula_cell_is_a_row_error_in_the_dry_run(youth_fund, clubs):
    rows = good_rows()
    rows[1][3] = "=1000*2"
    result = check(youth_fund, xlsx_file(rows), filename="awards.xlsx")
    assert result.errors == [RowError(3, AMOUNT, spreadsheet_reader.FORMULA_MESSAGE)]
    assert "formulas are not supported" in result.errors[0].message


def test_a_nul_in_a_cell_is_refused_in_the_dry_run(youth_fund, clubs, officer):
    rows = good_rows()
    rows[0][1] = "Summer\x00football"
    rows[2][2] = "\x00"
    content = csv_file(rows)
    result = check(youth_fund, content)
    assert result.errors == [
        RowError(2, PROJECT, spreadsheet_reader.NUL_MESSAGE),
        RowError(4, PURPOSE, spreadsheet_reader.NUL_MESSAGE),
    ]
    with pytest.raises(BulkAwardError):
        run_import(youth_fund, content, officer)
    assert counts()["grants"] == 0


def test_the_file_is_parsed_once_and_its_rows_staged(youth_fund, clubs, officer, monkeypatch):
    token = bulk_awards.upload_award_file(
        content=csv_file(good_rows()), filename="a.csv", stream=youth_fund, uploaded_by=officer
    )
    staged = StagedImport.objects.get()
    assert staged.key.hex == token and staged.owner == officer and staged.kind == "bulk_awards"
    assert [r["number"] for r in staged.rows["rows"]] == [2, 3, 4]

    def never(**kwargs):
        raise AssertionError("the file is read once, at upload")

    monkeypatch.setattr(bulk_awards.uploads, "read_spreadsheet", never)
    staged_file = bulk_awards.staged_award_file(token=token, stream=youth_fund, user=officer)
    assert bulk_awards.check_bulk_awards(stream=youth_fund, award_file=staged_file).ok
    done = bulk_awards.confirm_bulk_awards(stream=youth_fund, token=token, imported_by=officer)
    assert len(done.grants) == 3


def test_a_staged_upload_is_only_its_owners_for_its_stream(youth_fund, clubs, officer, officer2):
    token = bulk_awards.upload_award_file(
        content=csv_file(good_rows()), filename="a.csv", stream=youth_fund, uploaded_by=officer
    )
    with pytest.raises(BulkAwardError):
        bulk_awards.staged_award_file(token=token, stream=youth_fund, user=officer2)
    other = type(youth_fund).objects.exclude(pk=youth_fund.pk).first()
    with pytest.raises(BulkAwardError):
        bulk_awards.staged_award_file(token=token, stream=other, user=officer)


def test_only_officers_can_upload(youth_fund, finance_approver):
    with pytest.raises(BulkAwardError):
        bulk_awards.upload_award_file(
            content=csv_file(good_rows()),
            filename="a.csv",
            stream=youth_fund,
            uploaded_by=finance_approver,
        )
    assert not StagedImport.objects.exists()
