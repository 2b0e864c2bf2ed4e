"""Reading an uploaded CSV or XLSX safely: sizes and rows checked before and while reading.

An XLSX file is a zip archive, so its size on disk says nothing about what it unpacks to: the
members' declared sizes (which bound what Python's zipfile will ever inflate) and compression
ratios are checked before any XML is parsed. Rows are streamed (openpyxl's read-only mode, the
csv module) and reading stops at the import's row limit, so a file too long is refused without
being read in full. Cells a database or a spreadsheet would misread are reported per cell:
formulas (never evaluated) and NUL characters (PostgreSQL refuses them in text).
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

FILE_KINDS = {".csv": "CSV", ".xlsx": "XLSX"}
_XLSX_SIGNATURE = b"PK\x03\x04"  # an XLSX file is a zip archive
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)

FILE_TYPE_MESSAGE = "The selected file must be a CSV or XLSX file"
FILE_EMPTY_MESSAGE = "The selected file is empty"
FILE_TOO_BIG_MESSAGE = "The selected file must be smaller than {size}"
FILE_UNREADABLE_MESSAGE = (
    "The selected file could not be read as {kind}: save it again as CSV or XLSX and upload it"
)
UNPACKED_TOO_BIG_MESSAGE = (
    "The selected XLSX file unpacks to more than {size}, far more than a spreadsheet of "
    "{limit} {noun} needs: save a copy with only the rows to import and upload that"
)
ENCODING_MESSAGE = (
    "The selected CSV file's text is not UTF-8, UTF-16 or Windows-1252 (Western European): "
    "save it from your spreadsheet as “CSV UTF-8 (Comma delimited)” and upload it again"
)
NO_HEADER_MESSAGE = "The first row of the file must name the columns"
TOO_MANY_ROWS_MESSAGE = (
    "The file has more than {limit} {noun}: upload no more than {limit} at a time"
)
TOO_MANY_LINES_MESSAGE = (
    "The file has more than {limit} lines, counting empty ones: delete the empty rows and "
    "upload it again"
)
TOO_MANY_COLUMNS_MESSAGE = "The file has more than {limit} columns: it should have {expected}"
FORMULA_MESSAGE = (
    "This cell has a formula, and formulas are not supported: type the value, or copy the "
    "cells and paste them as values"
)
NUL_MESSAGE = "This cell contains a NUL character, which cannot be stored: type the cell again"


def megabytes(size: int) -> str:
    """2097152 -> "2 MB" (limits are set in whole or half megabytes)."""
    return f"{size / (1024 * 1024):g} MB"


class SpreadsheetError(ValueError):
    """The file as a whole cannot be read; the message says why in the user's words."""


@dataclass(frozen=True)
class SpreadsheetLimits:
    """How much one import may read (core.imports.limits_for gives each import its own)."""

    max_bytes: int
    max_rows: int
    max_unpacked_bytes: int = 10 * 1024 * 1024
    max_ratio: int = 100  # a member's unpacked size over its packed size (members over 1 MB)
    max_members: int = 200
    max_columns: int = 50
    max_blank_rows: int = 1000


@dataclass
class SheetRow:
    """One non-blank row: its spreadsheet number (the header is row 1) and its cells."""

    number: int
    cells: list[Any]
    problems: dict[int, str] = field(default_factory=dict)  # column index -> message


@dataclass
class Sheet:
    headers: list[str]
    rows: list[SheetRow]


def file_kind(filename: str) -> str:
    """ "CSV" or "XLSX" from the file's name; refuses any other name."""
    extension = ("." + filename.rsplit(".", 1)[-1].lower()) if "." in filename else ""
    if extension not in FILE_KINDS:
        raise SpreadsheetError(FILE_TYPE_MESSAGE)
    return FILE_KINDS[extension]


def upload_content(upload, limits: SpreadsheetLimits) -> bytes:
    """An uploaded file's bytes, never reading more than one byte past the size limit."""
    if upload.size is not None and upload.size > limits.max_bytes:
        raise SpreadsheetError(FILE_TOO_BIG_MESSAGE.format(size=megabytes(limits.max_bytes)))
    content = upload.read(limits.max_bytes + 1)
    if len(content) > limits.max_bytes:
        raise SpreadsheetError(FILE_TOO_BIG_MESSAGE.format(size=megabytes(limits.max_bytes)))
    return content


def read_spreadsheet(
    *, content: bytes, filename: str, limits: SpreadsheetLimits, noun: str = "rows"
) -> Sheet:
    """The first sheet's header and non-blank rows, or SpreadsheetError before reading too much."""
    kind = file_kind(filename)
    if not content:
        raise SpreadsheetError(FILE_EMPTY_MESSAGE)
    if len(content) > limits.max_bytes:
        raise SpreadsheetError(FILE_TOO_BIG_MESSAGE.format(size=megabytes(limits.max_bytes)))
    if (kind == "XLSX") != content.startswith(_XLSX_SIGNATURE):
        raise SpreadsheetError(FILE_UNREADABLE_MESSAGE.format(kind=kind))
    if kind == "XLSX":
        _check_archive(content, limits, noun)
        reader = _Collector(limits, noun)
        try:
            _read_xlsx(content, reader)
        except SpreadsheetError:
            raise
        except Exception as exc:  # a damaged or disguised file: any parser error means the same
            raise SpreadsheetError(FILE_UNREADABLE_MESSAGE.format(kind=kind)) from exc
    else:
        reader = _Collector(limits, noun)
        try:
            for record in csv.reader(io.StringIO(_decode(content), newline="")):
                reader.add([_csv_cell(value) for value in record])
        except csv.Error as exc:
            raise SpreadsheetError(FILE_UNREADABLE_MESSAGE.format(kind=kind)) from exc
    return reader.sheet()


class _Formula(str):
    """A cell holding a formula (its text, never evaluated)."""


def _csv_cell(value: str) -> Any:
    # Excel evaluates a CSV cell starting with "=" when it opens the file: read it as a formula.
    return _Formula(value) if value.startswith("=") else value


def _decode(content: bytes) -> str:
    """CSV text as Excel writes it: UTF-8 (with or without BOM), UTF-16 or Windows-1252."""
    for bom, encoding in _BOMS:
        if content.startswith(bom):
            try:
                return content.decode(encoding)
            except UnicodeDecodeError:
                raise SpreadsheetError(ENCODING_MESSAGE) from None
    sample = content[:4096]
    if len(sample) >= 4 and sample.count(0) * 3 > len(sample):  # UTF-16 without its BOM
        encoding = "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            raise SpreadsheetError(ENCODING_MESSAGE) from None
    for encoding in ("utf-8", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SpreadsheetError(ENCODING_MESSAGE)


def _check_archive(content: bytes, limits: SpreadsheetLimits, noun: str) -> None:
    """Refuse a zip bomb from its directory alone, before inflating a byte."""
    too_big = SpreadsheetError(
        UNPACKED_TOO_BIG_MESSAGE.format(
            size=megabytes(limits.max_unpacked_bytes), limit=limits.max_rows, noun=noun
        )
    )
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise SpreadsheetError(FILE_UNREADABLE_MESSAGE.format(kind="XLSX")) from exc
    if len(members) > limits.max_members:
        raise SpreadsheetError(FILE_UNREADABLE_MESSAGE.format(kind="XLSX"))
    if sum(m.file_size for m in members) > limits.max_unpacked_bytes:
        raise too_big
    for member in members:
        if member.file_size > 1024 * 1024 and member.file_size > limits.max_ratio * max(
            member.compress_size, 1
        ):
            raise too_big


def _read_xlsx(content: bytes, reader: _Collector) -> None:
    import openpyxl

    book = openpyxl.load_workbook(
        io.BytesIO(content), read_only=True, data_only=False, keep_links=False
    )
    try:
        sheet = book.worksheets[0]
        for row in sheet.iter_rows():
            reader.add(
                [_Formula(str(c.value)) if c.data_type == "f" else c.value for c in row],
                from_start=row[0].row if row and getattr(row[0], "row", None) else None,
            )
    finally:
        book.close()


class _Collector:
    """Takes rows one at a time, numbering them and stopping as soon as a limit is passed."""

    def __init__(self, limits: SpreadsheetLimits, noun: str):
        self.limits = limits
        self.noun = noun
        self.headers: list[str] | None = None
        self.rows: list[SheetRow] = []
        self.number = 0
        self.blank_run = 0

    def add(self, values: list[Any], from_start: int | None = None) -> None:
        self.number = from_start if from_start else self.number + 1
        limits = self.limits
        while values and _blank(values[-1]):
            values = values[:-1]
        if len(values) > limits.max_columns:
            raise SpreadsheetError(
                TOO_MANY_COLUMNS_MESSAGE.format(
                    limit=limits.max_columns, expected="the template's columns"
                )
            )
        if self.headers is None:
            if not values:
                raise SpreadsheetError(NO_HEADER_MESSAGE)
            self.headers = ["" if _blank(v) else str(v).replace("\x00", "") for v in values]
            return
        if not values:
            self.blank_run += 1
            if self.blank_run > limits.max_blank_rows:
                raise SpreadsheetError(
                    TOO_MANY_LINES_MESSAGE.format(limit=limits.max_rows + limits.max_blank_rows)
                )
            return
        self.blank_run = 0
        if len(self.rows) >= limits.max_rows:
            raise SpreadsheetError(
                TOO_MANY_ROWS_MESSAGE.format(limit=limits.max_rows, noun=self.noun)
            )
        row = SheetRow(self.number, list(values))
        for index, value in enumerate(values):
            if isinstance(value, _Formula):
                row.problems[index] = FORMULA_MESSAGE
                row.cells[index] = None
            elif isinstance(value, str) and "\x00" in value:
                row.problems[index] = NUL_MESSAGE
                row.cells[index] = None
        self.rows.append(row)

    def sheet(self) -> Sheet:
        if self.headers is None:
            raise SpreadsheetError(NO_HEADER_MESSAGE)
        width = max([len(self.headers), *(len(r.cells) for r in self.rows)])
        headers = self.headers + [""] * (width - len(self.headers))
        for row in self.rows:
            row.cells += [None] * (width - len(row.cells))
        return Sheet(headers=headers, rows=self.rows)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
