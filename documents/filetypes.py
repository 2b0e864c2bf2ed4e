"""Which kinds of file the service accepts, recognised by their content (magic bytes), never by the
file's name or the content type the browser claims."""

from __future__ import annotations

import codecs
import re
import zipfile
from dataclasses import dataclass
from typing import BinaryIO


@dataclass(frozen=True)
class FileType:
    code: str
    label: str  # in people's words, for error messages and hints
    extension: str
    mime: str


PDF = FileType("pdf", "PDF", "pdf", "application/pdf")
DOCX = FileType(
    "docx",
    "Word document (DOCX)",
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)
XLSX = FileType(
    "xlsx",
    "Excel spreadsheet (XLSX)",
    "xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
CSV = FileType("csv", "CSV", "csv", "text/csv")
PNG = FileType("png", "PNG", "png", "image/png")
JPEG = FileType("jpeg", "JPEG", "jpg", "image/jpeg")

ALL_TYPES: tuple[FileType, ...] = (PDF, DOCX, XLSX, CSV, PNG, JPEG)
BY_CODE = {t.code: t for t in ALL_TYPES}

_HEAD = 8
_ZIP = b"PK\x03\x04"
# The part each Office Open XML format must have; macro-enabled variants (.docm, .xlsm) carry
# vbaProject.bin and are refused.
_OOXML_MAIN_PART = {DOCX: "word/document.xml", XLSX: "xl/workbook.xml"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def describe(types: tuple[FileType, ...]) -> str:
    """ "a PDF, Word document (DOCX) or PNG" style list of labels."""
    labels = [t.label for t in types]
    if len(labels) == 1:
        return labels[0]
    return f"{', '.join(labels[:-1])} or {labels[-1]}"


def detect(file: BinaryIO, *, candidates: tuple[FileType, ...] = ALL_TYPES) -> FileType | None:
    """The first of `candidates` that the content of `file` really is, or None.

    Reads from the start and leaves the position where it found it. XLSX/DOCX checks read only
    the zip's directory, never unpack it (a small file can unpack to gigabytes).
    """
    position = file.tell()
    # Text last: every binary format is recognised by its own signature first.
    ordered = sorted(candidates, key=lambda kind: kind is CSV)
    try:
        for kind in ordered:
            file.seek(0)
            if _is(kind, file):
                return kind
        return None
    finally:
        file.seek(position)


def _is(kind: FileType, file: BinaryIO) -> bool:
    if kind is CSV:
        return _is_csv(file)
    head = file.read(_HEAD)
    if kind is PDF:
        return head.startswith(b"%PDF-")
    if kind is PNG:
        return head == b"\x89PNG\r\n\x1a\n"
    if kind is JPEG:
        return head.startswith(b"\xff\xd8\xff")
    if kind in _OOXML_MAIN_PART:
        return head.startswith(_ZIP) and _is_ooxml(file, _OOXML_MAIN_PART[kind])
    return False


def _is_ooxml(file: BinaryIO, main_part: str) -> bool:
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return False
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        return False
    return "[Content_Types].xml" in names and main_part in names


def _is_csv(file: BinaryIO) -> bool:
    """Text in UTF-8 (with or without a byte-order mark) or Windows-1252, as Excel saves CSV, with
    no control characters other than tab and line ends, and not markup (HTML, SVG, XML)."""
    data = file.read()
    if not data or b"\x00" in data:
        return False
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = codecs.decode(data, encoding)
        except UnicodeDecodeError:
            continue
        if _CONTROL.search(text):
            return False
        return not text.lstrip().startswith("<")
    return False
