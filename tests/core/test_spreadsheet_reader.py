"""Reading uploads safely: zip bombs, row limits, encodings, formulas and NULs, cell by cell."""

import io
import time
import tracemalloc
import zipfile
from datetime import datetime

import openpyxl
import pytest

from core import spreadsheet_reader as reader
from core.imports import limits_for
from core.spreadsheet_reader import SpreadsheetError, SpreadsheetLimits, read_spreadsheet
from tests.spreadsheet_files import bomb_xlsx, csv_file, xlsx_file

HEADERS = ["Name", "Amount"]
LIMITS = SpreadsheetLimits(max_bytes=2 * 1024 * 1024, max_rows=5)


def read(content: bytes, filename: str = "file.csv", limits: SpreadsheetLimits = LIMITS):
    return read_spreadsheet(content=content, filename=filename, limits=limits, noun="awards")


def refusal(content: bytes, filename: str = "file.csv", limits: SpreadsheetLimits = LIMITS) -> str:
    with pytest.raises(SpreadsheetError) as refused:
        read(content, filename, limits)
    return str(refused.value)


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return bomb_xlsx(1950)


def test_the_bomb_is_real_just_under_two_megabytes_and_unpacks_to_two_gigabytes(bomb):
    assert 1.9 * 1024 * 1024 < len(bomb) < 2 * 1024 * 1024
    sheet = zipfile.ZipFile(io.BytesIO(bomb)).getinfo("xl/worksheets/sheet1.xml")
    assert sheet.file_size == 1950 * 1024**2
    with zipfile.ZipFile(io.BytesIO(bomb)).open(sheet) as stream:
        assert stream.read(12) == b"<c/><c/><c/>"


def test_a_two_megabyte_xlsx_that_unpacks_to_gigabytes_is_refused_before_inflating(bomb):
    limits = limits_for("bulk_awards")
    tracemalloc.start()
    started = time.process_time()
    message = refusal(bomb, "awards.xlsx", limits)
    seconds = time.process_time() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert message == reader.UNPACKED_TOO_BIG_MESSAGE.format(size="10 MB", limit=500, noun="awards")
    # Loose bounds only (timing belongs in docs/benchmarks): reading it would take minutes and GBs.
    assert peak < 16 * 1024 * 1024
    assert seconds < 5


def test_a_highly_compressed_member_is_refused_even_under_the_total():
    limits = SpreadsheetLimits(max_bytes=2 * 1024 * 1024, max_rows=5, max_ratio=100)
    assert refusal(bomb_xlsx(5), "file.xlsx", limits).startswith("The selected XLSX file unpacks")


def test_rows_beyond_the_limit_stop_the_reading(monkeypatch):
    content = csv_file([[f"Club {n}", "1"] for n in range(10_000)], HEADERS)
    seen = []
    original = reader._Collector.add

    def counting(self, values, from_start=None):
        seen.append(1)
        return original(self, values, from_start)

    monkeypatch.setattr(reader._Collector, "add", counting)
    assert refusal(content) == reader.TOO_MANY_ROWS_MESSAGE.format(limit=5, noun="awards")
    assert len(seen) == 7  # the header, five rows, and the sixth that is one too many


def test_xlsx_rows_beyond_the_limit_are_refused():
    content = xlsx_file([[f"Club {n}", 1] for n in range(6)], HEADERS)
    assert refusal(content, "file.xlsx") == reader.TOO_MANY_ROWS_MESSAGE.format(
        limit=5, noun="awards"
    )
    assert len(read(xlsx_file([[f"Club {n}", 1] for n in range(5)], HEADERS), "f.xlsx").rows) == 5


def test_endless_empty_lines_are_refused():
    limits = SpreadsheetLimits(max_bytes=2 * 1024 * 1024, max_rows=5, max_blank_rows=10)
    content = csv_file([["A", "1"]] + [[""] * 2] * 11 + [["B", "2"]], HEADERS)
    assert refusal(content, limits=limits) == reader.TOO_MANY_LINES_MESSAGE.format(limit=15)


def test_a_cell_far_down_an_xlsx_sheet_is_not_read_to():
    book = openpyxl.Workbook()
    book.active.append(HEADERS)
    book.active["A1000000"] = "far away"
    out = io.BytesIO()
    book.save(out)
    limits = SpreadsheetLimits(max_bytes=2 * 1024 * 1024, max_rows=5, max_blank_rows=100)
    assert refusal(out.getvalue(), "file.xlsx", limits) == reader.TOO_MANY_LINES_MESSAGE.format(
        limit=105
    )


def test_too_many_columns():
    assert refusal(csv_file([], [f"C{n}" for n in range(51)])).startswith(
        "The file has more than 50 columns"
    )


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"", "a.csv", reader.FILE_EMPTY_MESSAGE),
        (b"Name\n", "a.pdf", reader.FILE_TYPE_MESSAGE),
        (b"Name\n", "noextension", reader.FILE_TYPE_MESSAGE),
        (b"not a spreadsheet", "a.xlsx", reader.FILE_UNREADABLE_MESSAGE.format(kind="XLSX")),
        (b"PK\x03\x04broken", "a.xlsx", reader.FILE_UNREADABLE_MESSAGE.format(kind="XLSX")),
        (b"PK\x03\x04broken", "a.csv", reader.FILE_UNREADABLE_MESSAGE.format(kind="CSV")),
        (b"x" * (2 * 1024 * 1024 + 1), "a.csv", "The selected file must be smaller than 2 MB"),
        (b"\n\nName\n", "a.csv", reader.NO_HEADER_MESSAGE),
    ],
    ids=["empty", "pdf", "no extension", "text as xlsx", "damaged", "zip as csv", "big", "no head"],
)
def test_files_that_cannot_be_read(content, filename, message):
    assert refusal(content, filename) == message


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-16-le", "utf-16-be"]
)
def test_csv_encodings_excel_writes_are_read(encoding):
    sheet = read(csv_file([["Café £ club", "£1,250.50"]], HEADERS, encoding=encoding))
    assert sheet.headers == HEADERS
    assert sheet.rows[0].cells == ["Café £ club", "£1,250.50"]


def test_other_encodings_are_refused_by_name():
    # 0x81 is undefined in Windows-1252 and invalid UTF-8: no encoding we read fits
    assert refusal(b"Name,Amount\nCaf\x81,1\n") == reader.ENCODING_MESSAGE
    assert "UTF-8, UTF-16 or Windows-1252" in reader.ENCODING_MESSAGE
    assert refusal(b"\xff\xfeN\x00\x00\xd8") == reader.ENCODING_MESSAGE  # a broken UTF-16


def test_formula_cells_are_reported_not_evaluated():
    content = xlsx_file([["Club", "=1000+250.5"], ['=HYPERLINK("x")', 5]], HEADERS)
    sheet = read(content, "file.xlsx")
    assert sheet.rows[0].cells == ["Club", None]
    assert sheet.rows[0].problems == {1: reader.FORMULA_MESSAGE}
    assert sheet.rows[1].problems == {0: reader.FORMULA_MESSAGE}
    assert "formulas are not supported" in reader.FORMULA_MESSAGE
    csv_sheet = read(csv_file([["Club", "=SUM(A1:A2)"]], HEADERS))
    assert csv_sheet.rows[0].problems == {1: reader.FORMULA_MESSAGE}


def test_nul_characters_are_reported_per_cell():
    sheet = read(csv_file([["Club\x00", "1"]], HEADERS))
    assert sheet.rows[0].cells == [None, "1"]
    assert sheet.rows[0].problems == {0: reader.NUL_MESSAGE}


def test_blank_lines_are_skipped_and_numbers_stay_true():
    content = b"Name,Amount\r\nA,1\r\n\r\n,\r\nB,2\r\n"
    sheet = read(content)
    assert [(r.number, r.cells) for r in sheet.rows] == [(2, ["A", "1"]), (5, ["B", "2"])]
    xlsx = read(xlsx_file([["A", 1], [None, None], ["B", datetime(2025, 5, 1)]], HEADERS), "a.xlsx")
    assert [r.number for r in xlsx.rows] == [2, 4]
    assert xlsx.rows[1].cells == ["B", datetime(2025, 5, 1)]


def test_short_rows_are_padded_to_the_widest():
    sheet = read(b"Name,Amount\nA\nB,2,extra\n")
    assert sheet.headers == ["Name", "Amount", ""]
    assert [r.cells for r in sheet.rows] == [["A", None, None], ["B", "2", "extra"]]


def test_each_import_has_its_limits_in_settings(settings):
    assert limits_for("providers").max_rows == 2000
    settings.SPREADSHEET_IMPORT_LIMITS = {"providers": {"max_bytes": 100, "max_rows": 3}}
    assert limits_for("providers") == SpreadsheetLimits(max_bytes=100, max_rows=3)


def test_an_upload_is_never_read_past_its_limit():
    from django.core.files.uploadedfile import SimpleUploadedFile

    small = SimpleUploadedFile("a.csv", b"Name\nA\n")
    assert reader.upload_content(small, LIMITS) == b"Name\nA\n"
    big = SimpleUploadedFile("a.csv", b"x" * (LIMITS.max_bytes + 1))
    with pytest.raises(SpreadsheetError, match="smaller than 2 MB"):
        reader.upload_content(big, LIMITS)
    big.size = None  # a size the client does not declare: the read itself stops at the limit
    big.seek(0)
    with pytest.raises(SpreadsheetError, match="smaller than 2 MB"):
        reader.upload_content(big, LIMITS)
