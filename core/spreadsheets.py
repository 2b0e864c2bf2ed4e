"""Spreadsheet safety: neutralise cells a spreadsheet would run as a formula (CSV/XLSX injection)."""

import csv
import io
from collections.abc import Iterator
from typing import Any

# OWASP's list: a cell starting with any of these may be evaluated by Excel, LibreOffice or Sheets.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: Any) -> Any:
    """Prefix a risky text cell with a single quote so it is shown, never evaluated."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def neutralise_dataset(dataset):
    """Return a copy of a tablib Dataset with every risky text cell neutralised."""
    import tablib

    safe = tablib.Dataset(headers=dataset.headers, title=getattr(dataset, "title", None))
    for row in dataset:
        safe.append([neutralise_cell(cell) for cell in row])
    return safe


def csv_lines(chunks: Iterator[list[list]]) -> Iterator[bytes]:
    """CSV text, one piece per chunk of rows (for a StreamingHttpResponse): few writes to the
    socket, memory bounded by the chunk. Cells are written as given: neutralise them first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for rows in chunks:
        writer.writerows(rows)
        yield buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()
