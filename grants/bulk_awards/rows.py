"""One award row: its cells parsed (text, money, dates, themes) without the database, and kept as JSON.

The file is parsed once, at upload: the rows (values and cell problems) are staged as JSON and
read back for every preview and the confirm. Row numbers are spreadsheet rows: the header is 1.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from core.financial_years import FinancialYear
from core.imports import RowError
from core.money import MoneyFormatError, parse_pounds
from core.spreadsheet_reader import Sheet
from providers.models import Organisation
from providers.rules import name_key, normalise_name

from .. import rules
from ..models import PlanTheme
from .columns import (
    AMOUNT,
    COLUMNS,
    END_DATE,
    ORGANISATION,
    PROJECT,
    PURPOSE,
    START_DATE,
    THEME,
    THEME_SEPARATOR,
    normalise_headers,
    text,
)

DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")

ORGANISATION_MISSING_MESSAGE = "Enter the organisation's name"
PROJECT_MISSING_MESSAGE = "Enter the project's title"
PURPOSE_MISSING_MESSAGE = "Enter what the award is for"
AMOUNT_MISSING_MESSAGE = "Enter the amount, like £1,250.50"
AMOUNT_INVALID_MESSAGE = "“{value}” is not an amount of money: enter it like £1,250.50"
AMOUNT_PENNY_MESSAGE = "“{value}” has fractions of a penny: enter pounds and pence, like £1,250.50"
AMOUNT_NOT_POSITIVE_MESSAGE = "Enter an amount more than £0"
DATE_MISSING_MESSAGE = "Enter the {column_lower}, like 01/04/2025"
DATE_INVALID_MESSAGE = "“{value}” is not a date: enter it like 01/04/2025 or 2025-04-01"

_TEXT_MISSING = {
    ORGANISATION: ORGANISATION_MISSING_MESSAGE,
    PROJECT: PROJECT_MISSING_MESSAGE,
    PURPOSE: PURPOSE_MISSING_MESSAGE,
}


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def import_key(
    *, stream_id: int, organisation: str, project: str, amount: Decimal, start: date
) -> str:
    """What identifies one award of a spreadsheet across uploads (Grant.import_key).

    The same stream, organisation and project (ignoring case and spacing), amount and start
    date are the same award, so uploading a file again finds the grants it already made.
    """
    parts = [
        str(stream_id),
        name_key(organisation),
        name_key(project),
        f"{amount:.2f}",
        start.isoformat(),
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def parse_amount(value) -> Decimal:
    """Pounds and pence: "£1,250.50", "1250.5" or a spreadsheet number; more than £0."""
    if _blank(value):
        raise ValueError(AMOUNT_MISSING_MESSAGE)
    try:
        amount = parse_pounds(value)
    except MoneyFormatError as exc:
        message = AMOUNT_PENNY_MESSAGE if exc.kind == "pence" else AMOUNT_INVALID_MESSAGE
        raise ValueError(message.format(value=text(value))) from None
    if amount <= 0:
        raise ValueError(AMOUNT_NOT_POSITIVE_MESSAGE)
    return amount


def parse_day(value, column: str) -> date:
    """A date written dd/mm/yyyy or yyyy-mm-dd, or a spreadsheet's own date."""
    if _blank(value):
        raise ValueError(DATE_MISSING_MESSAGE.format(column_lower=column.lower()))
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    written = text(value)
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(written, pattern).date()
        except ValueError:
            continue
    raise ValueError(DATE_INVALID_MESSAGE.format(value=written))


@dataclass
class AwardRow:
    """One row of the file as read: what it says, what it matched, and its problems."""

    number: int
    organisation_name: str = ""
    title: str = ""
    purpose: str = ""
    amount: Decimal | None = None
    start_date: date | None = None
    end_date: date | None = None
    theme_names: tuple[str, ...] = ()
    import_key: str = ""
    errors: list[RowError] = field(default_factory=list)
    organisation: Organisation | None = None
    themes: tuple[PlanTheme, ...] = ()

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def fail(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.number, column, message))

    @property
    def years(self) -> dict[FinancialYear, Decimal]:
        """The amount split by financial year (pro rata by days), or {} if it cannot be."""
        if self.amount is None or self.start_date is None or self.end_date is None:
            return {}
        if self.end_date < self.start_date:
            return {}
        return rules.split_by_financial_year(self.amount, self.start_date, self.end_date)

    def as_json(self) -> dict:
        """What is staged between upload and confirm (the cells as parsed, never the lookups)."""
        return {
            "number": self.number,
            "organisation_name": self.organisation_name,
            "title": self.title,
            "purpose": self.purpose,
            "amount": None if self.amount is None else str(self.amount),
            "start_date": self.start_date.isoformat() if self.start_date else None,
            "end_date": self.end_date.isoformat() if self.end_date else None,
            "theme_names": list(self.theme_names),
            "import_key": self.import_key,
            "errors": [[e.field, e.message] for e in self.errors],
        }

    @classmethod
    def from_json(cls, data: dict) -> AwardRow:
        number = data["number"]
        return cls(
            number=number,
            organisation_name=data["organisation_name"],
            title=data["title"],
            purpose=data["purpose"],
            amount=None if data["amount"] is None else Decimal(data["amount"]),
            start_date=date.fromisoformat(data["start_date"]) if data["start_date"] else None,
            end_date=date.fromisoformat(data["end_date"]) if data["end_date"] else None,
            theme_names=tuple(data["theme_names"]),
            import_key=data["import_key"],
            errors=[RowError(number, column, message) for column, message in data["errors"]],
        )


@dataclass
class AwardFile:
    """A file's award rows as parsed, and its problems as a whole (wrong columns)."""

    rows: list[AwardRow]
    problems: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"problems": self.problems, "rows": [r.as_json() for r in self.rows]}

    @classmethod
    def from_json(cls, data: dict) -> AwardFile:
        return cls(
            rows=[AwardRow.from_json(r) for r in data["rows"]], problems=list(data["problems"])
        )


def parse_award_file(sheet: Sheet, *, stream_id: int) -> AwardFile:
    """Every non-blank row's cells parsed; a file whose columns are wrong gets no rows."""
    headers, problems = normalise_headers(sheet.headers)
    if problems:
        return AwardFile(rows=[], problems=problems)
    rows = []
    for line in sheet.rows:
        cells = dict(zip(headers, line.cells, strict=True))
        broken = {headers[index]: message for index, message in line.problems.items()}
        rows.append(parse_row(line.number, cells, broken, stream_id=stream_id))
    return AwardFile(rows=rows)


def parse_row(number: int, cells: dict, broken: dict[str, str], *, stream_id: int) -> AwardRow:
    """One row's cells; `broken` names the cells the reader refused (a formula, a NUL)."""
    row = AwardRow(number=number)
    for column in COLUMNS:
        if column in broken:
            row.fail(column, broken[column])
            continue
        value = cells.get(column)
        try:
            if column in _TEXT_MISSING:
                written = text(value)
                if not written:
                    raise ValueError(_TEXT_MISSING[column])
                if column == ORGANISATION:
                    row.organisation_name = normalise_name(written)
                else:
                    setattr(row, "title" if column == PROJECT else "purpose", written)
            elif column == AMOUNT:
                row.amount = parse_amount(value)
            elif column in (START_DATE, END_DATE):
                day = parse_day(value, column)
                setattr(row, "start_date" if column == START_DATE else "end_date", day)
            elif column == THEME:
                names = [n.strip() for n in text(value).split(THEME_SEPARATOR)]
                row.theme_names = tuple(dict.fromkeys(n for n in names if n))
        except ValueError as error:
            row.fail(column, str(error))
    if row.amount is not None and row.start_date and row.organisation_name and row.title:
        row.import_key = import_key(
            stream_id=stream_id,
            organisation=row.organisation_name,
            project=row.title,
            amount=row.amount,
            start=row.start_date,
        )
    return row
