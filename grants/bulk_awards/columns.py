"""The bulk award spreadsheet's columns: their names, what to enter, headers as typed, the template."""

from __future__ import annotations

import tablib

from core.money import format_gbp
from core.spreadsheets import neutralise_dataset

ORGANISATION = "Organisation"
PROJECT = "Project"
PURPOSE = "Purpose"
AMOUNT = "Amount"
START_DATE = "Start date"
END_DATE = "End date"
THEME = "Theme"
COLUMNS = (ORGANISATION, PROJECT, PURPOSE, AMOUNT, START_DATE, END_DATE, THEME)
THEME_SEPARATOR = ";"

COLUMN_HELP = {
    ORGANISATION: "The organisation's name as it is in the providers directory (any capitals)",
    PROJECT: "The project's title",
    PURPOSE: "What the award is for",
    AMOUNT: "Pounds and pence, like £1,250.50",
    START_DATE: "Like 01/04/2025 or 2025-04-01",
    END_DATE: "On or after the start date",
    THEME: "One or more Police and Crime Plan themes, separated by ; (Victims; Communities)",
}

MISSING_COLUMNS_MESSAGE = (
    "The file has no {missing} column. The first row must name the columns: {expected}"
)
UNKNOWN_COLUMNS_MESSAGE = "Unknown column {unknown}. The columns are: {expected}"
REPEATED_COLUMN_MESSAGE = "The column {column} appears more than once"


def text(value) -> str:
    """A cell as text: a spreadsheet's number 1234.0 is "1234"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def quoted(values) -> str:
    return ", ".join(f"“{v}”" for v in values)


def column_key(header) -> str:
    """Headers compare trimmed and ignoring case and spacing: " start  DATE" is "Start date"."""
    return " ".join(text(header).split()).casefold()


_COLUMN_OF = {column_key(c): c for c in COLUMNS}


def normalise_headers(headers) -> tuple[list[str], list[str]]:
    """The headers spelled as COLUMNS where they match, and every problem with them."""
    problems: list[str] = []
    named = [_COLUMN_OF.get(column_key(h), text(h)) for h in headers or []]
    seen: set[str] = set()
    for header in named:
        if header in COLUMNS and header in seen:
            problems.append(REPEATED_COLUMN_MESSAGE.format(column=header))
        seen.add(header)
    expected = ", ".join(COLUMNS)
    missing = [c for c in COLUMNS if c not in seen]
    if missing:
        problems.append(
            MISSING_COLUMNS_MESSAGE.format(missing=" or ".join(missing), expected=expected)
        )
    unknown = [h for h in named if h and h not in COLUMNS]
    if unknown:
        problems.append(UNKNOWN_COLUMNS_MESSAGE.format(unknown=quoted(unknown), expected=expected))
    return named, problems


def column_help(stream) -> list[tuple[str, str]]:
    """Each column and what to enter in it, with the stream's maximum award where it has one."""
    helps = dict(COLUMN_HELP)
    if stream.max_single_award:
        helps[AMOUNT] = (
            f"Pounds and pence, like £1,250.50, no more than {format_gbp(stream.max_single_award)}"
        )
    return [(column, helps[column]) for column in COLUMNS]


def template_dataset() -> tablib.Dataset:
    """The empty spreadsheet an intermediary fills in: the column names, formula-safe."""
    return neutralise_dataset(tablib.Dataset(headers=list(COLUMNS)))
