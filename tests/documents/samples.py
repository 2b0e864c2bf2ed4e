"""Small real files of each kind, made in memory, and look-alikes that must be refused."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

MB = 1024 * 1024

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"
CSV = "Funder,Amount\nYouth Fund,£1,200.00\nCafé Trust,35000\n".encode()
CSV_CP1252 = "Funder,Amount\nCaf\xe9 Trust,\xa3100\n".encode("cp1252")


def image(kind: str) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, format=kind)
    return out.getvalue()


def xlsx() -> bytes:
    from openpyxl import Workbook

    out = io.BytesIO()
    book = Workbook()
    book.active["A1"] = "Funder"
    book.save(out)
    return out.getvalue()


def ooxml(*parts: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for part in parts:
            archive.writestr(part, "<x/>")
    return out.getvalue()


DOCX_PARTS = ("[Content_Types].xml", "_rels/.rels", "word/document.xml")


def docx() -> bytes:
    return ooxml(*DOCX_PARTS)


def upload(content: bytes, name: str = "file.pdf", content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)
