"""Spreadsheet files for import tests: CSV and XLSX from rows, and an XLSX zip bomb."""

import csv
import io
import struct
import zlib

import openpyxl


def csv_file(rows, headers, encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_file(rows, headers) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip archive of already deflated members: (name, packed bytes, crc32, unpacked size)."""
    body, central = io.BytesIO(), io.BytesIO()
    for name, packed, crc, size in members:
        encoded, offset = name.encode(), body.tell()
        body.write(
            struct.pack(
                "<4sHHHHHIIIHH",
                b"PK\x03\x04",
                20,
                0,
                8,
                0,
                0,
                crc,
                len(packed),
                size,
                len(encoded),
                0,
            )
            + encoded
            + packed
        )
        central.write(
            struct.pack(
                "<4sHHHHHHIIIHHHHHII",
                b"PK\x01\x02",
                20,
                20,
                0,
                8,
                0,
                0,
                crc,
                len(packed),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    directory, start = central.getvalue(), body.tell()
    body.write(
        directory
        + struct.pack(
            "<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), start, 0
        )
    )
    return body.getvalue()


def bomb_xlsx(megabytes: int = 2048) -> bytes:
    """A real XLSX (openpyxl's own members) whose sheet inflates to `megabytes` of cells.

    The sheet is 1 MB of `<c/>` deflated once and repeated (full flushes make the blocks
    independent), so building it is instant; about 1 KB on disk per MB unpacked, so 2 GB of XML
    is a file of about 2 MB. Its CRC is left 0: it is only checked after inflating everything.
    """
    import zipfile

    chunk = b"<c/>" * (256 * 1024)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)
    sheet = block * megabytes + b"\x03\x00"  # and an empty final block
    real = zipfile.ZipFile(io.BytesIO(xlsx_file([], ["Name"])))
    members = []
    for info in real.infolist():
        data = real.read(info)
        if info.filename == "xl/worksheets/sheet1.xml":
            members.append((info.filename, sheet, 0, megabytes * len(chunk)))
            continue
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        members.append(
            (info.filename, packer.compress(data) + packer.flush(), zlib.crc32(data), len(data))
        )
    return _zip(members)
