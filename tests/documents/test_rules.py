"""Accepted by content, not by name: each kind recognised, look-alikes refused, sizes and names."""

import io

import pytest

from documents import filetypes as ft
from documents.rules import (
    EMPTY,
    MB,
    UploadRefused,
    display_name,
    inspect_upload,
    size_label,
    too_large_message,
    wrong_type_message,
)
from tests.documents import samples


def inspect(content: bytes, name="upload.bin", **kwargs):
    return inspect_upload(io.BytesIO(content), name=name, size=len(content), **kwargs)


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (lambda: samples.PDF, ft.PDF),
        (samples.docx, ft.DOCX),
        (samples.xlsx, ft.XLSX),
        (lambda: samples.CSV, ft.CSV),
        (lambda: samples.CSV_CP1252, ft.CSV),
        (lambda: "\ufeffa,b\r\n1,2\r\n".encode(), ft.CSV),  # Excel's "CSV UTF-8" with a BOM
        (lambda: samples.image("PNG"), ft.PNG),
        (lambda: samples.image("JPEG"), ft.JPEG),
    ],
)
def test_each_accepted_kind_is_recognised_by_its_content(make, kind):
    assert inspect(make(), name="no-extension").file_type is kind


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (samples.EXE, "a Windows executable"),
        (b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 60, "a Linux executable"),
        (b"#!/bin/sh\nrm -rf /\n\x00", "a script with a NUL byte"),
        (b"<html><script>alert(1)</script></html>", "HTML"),
        (b"  <svg xmlns='http://www.w3.org/2000/svg'/>", "SVG"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00", "a GIF"),
        (samples.ooxml("hello.txt"), "a plain zip"),
        (samples.ooxml("[Content_Types].xml", "xl/workbook.xml", "xl/vbaProject.bin"), "xlsm"),
        (samples.ooxml("[Content_Types].xml", "word/document.xml", "word/vbaProject.bin"), "docm"),
        (b"PK\x03\x04 truncated zip", "a broken zip"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 56, "an old .doc / encrypted Office file"),
        (b"a,b\n\x1b[31mred\n", "text with terminal escapes"),
        (b"\x81\x8d\x8f\x90\x9d", "bytes that are no text"),
    ],
)
def test_anything_else_is_refused_whatever_its_name(content, why):
    with pytest.raises(UploadRefused) as refused:
        inspect(content, name="report.pdf")
    assert str(refused.value) == wrong_type_message(ft.ALL_TYPES), why


def test_a_narrower_use_refuses_kinds_it_did_not_ask_for():
    with pytest.raises(UploadRefused, match="^The selected file must be a PDF$"):
        inspect(samples.image("PNG"), allowed_types=(ft.PDF,))
    message = "The selected file must be a PDF, Word document \\(DOCX\\) or CSV"
    with pytest.raises(UploadRefused, match=message):
        inspect(samples.xlsx(), allowed_types=(ft.PDF, ft.DOCX, ft.CSV))


def test_an_xlsx_is_not_a_docx_and_the_other_way_round():
    assert inspect(samples.xlsx(), allowed_types=(ft.DOCX, ft.XLSX)).file_type is ft.XLSX
    assert inspect(samples.docx(), allowed_types=(ft.XLSX, ft.DOCX)).file_type is ft.DOCX


@pytest.mark.parametrize(
    ("size", "allowed"),
    [(MB, True), (10 * MB - 1, True), (10 * MB, False), (11 * MB, False)],
)
def test_size_limit_is_ten_megabytes_by_default(size, allowed):
    content = samples.PDF + b"\x00" * (size - len(samples.PDF))
    if allowed:
        assert inspect(content).size == size
    else:
        with pytest.raises(UploadRefused, match="^The file must be smaller than 10 MB$"):
            inspect(content)


def test_a_wrong_declared_size_does_not_let_a_large_file_through():
    content = samples.PDF + b"\x00" * (11 * MB)
    with pytest.raises(UploadRefused, match="smaller than 10 MB"):
        inspect_upload(io.BytesIO(content), name="a.pdf", size=10)


def test_a_smaller_limit_for_one_use_is_named_in_its_message():
    with pytest.raises(UploadRefused, match="^The file must be smaller than 2 MB$"):
        inspect(samples.PDF + b"\x00" * (3 * MB), max_size=2 * MB)
    assert too_large_message(int(1.5 * MB)) == "The file must be smaller than 1.5 MB"
    assert size_label(10 * MB) == "10 MB"


def test_an_empty_file_is_refused():
    with pytest.raises(UploadRefused, match=f"^{EMPTY}$"):
        inspect(b"")


def test_sha256_is_of_the_whole_content():
    import hashlib

    content = samples.PDF + b"x" * (3 * MB)
    assert inspect(content).sha256 == hashlib.sha256(content).hexdigest()


@pytest.mark.parametrize(
    ("uploaded", "kind", "shown"),
    [
        ("Annual report.pdf", ft.PDF, "Annual report.pdf"),
        ("scan.JPEG", ft.JPEG, "scan.JPEG"),
        ("scan.jpg", ft.JPEG, "scan.jpg"),
        ("budget.xlsx", ft.PDF, "budget.xlsx.pdf"),  # the content decides the extension
        ("../../etc/passwd", ft.CSV, "passwd.csv"),
        ("C:\\Users\\ann\\Desktop\\bid.docx", ft.DOCX, "bid.docx"),
        ("evil\x00.pdf", ft.PDF, "evil.pdf"),
        ("invoice\u202efdp.exe", ft.PDF, "invoicefdp.exe.pdf"),  # right-to-left override
        ("", ft.PNG, "document.png"),
        (None, ft.PNG, "document.png"),
        ("...", ft.PDF, "document.pdf"),
        ("a" * 10_000 + ".pdf", ft.PDF, "a" * 251 + ".pdf"),
    ],
)
def test_display_name_keeps_the_uploaded_name_safely(uploaded, kind, shown):
    assert display_name(uploaded, kind) == shown
