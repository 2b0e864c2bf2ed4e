"""The bulk award row checks: each parsed row against the stream, the directory, the plan themes,
the file's earlier rows, earlier uploads and the budget (a running total per financial year).

Checking writes nothing: it is the dry run, and the confirm step repeats it with the budgets locked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from core.financial_years import FinancialYear
from core.imports import RowError
from core.money import format_gbp
from providers.rules import name_key

from .. import rules
from ..models import FundingStream, Grant
from .columns import AMOUNT, COLUMNS, END_DATE, ORGANISATION, PROJECT, THEME, quoted
from .lookups import Lookups, fetch_lookups
from .rows import AwardFile, AwardRow

PROJECT_MAX_LENGTH = Grant._meta.get_field("title").max_length

NO_ROWS_MESSAGE = "The file has no awards in it: put one award on each row under the column names"
STREAM_PAUSED_MESSAGE = "{stream} is paused and takes no new awards"
ORGANISATION_UNKNOWN_MESSAGE = (
    "“{name}” is not in the providers directory: add the organisation there first, "
    "or spell its name as it is listed"
)
PROJECT_TOO_LONG_MESSAGE = "The project's title must be {limit} characters or fewer"
AMOUNT_OVER_MAXIMUM_MESSAGE = "{stream} awards can be no more than {maximum}: this one is {amount}"
END_BEFORE_START_MESSAGE = "The end date must be on or after the start date"
THEME_MISSING_MESSAGE = "Enter at least one Police and Crime Plan theme: {themes}"
THEME_UNKNOWN_MESSAGE = "Unknown theme {names}. The themes are: {themes}"
DUPLICATE_ROW_MESSAGE = (
    "Row {first} has the same organisation, project and amount: list each award once"
)
ALREADY_IMPORTED_MESSAGE = "Already imported: this award is grant {reference}"


@dataclass(frozen=True)
class YearTotal:
    """What a file asks of one financial year's budget."""

    year: FinancialYear
    available: Decimal  # budget less what is committed already
    in_file: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.available - self.in_file


@dataclass
class BulkAwardCheck:
    """Every row of a file as read, and every problem found (file problems are row 0)."""

    stream: FundingStream
    rows: list[AwardRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    years: list[YearTotal] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors

    @property
    def total(self) -> Decimal:
        return sum((r.amount for r in self.rows if r.amount is not None), Decimal("0.00"))

    @property
    def rows_with_errors(self) -> int:
        return sum(1 for r in self.rows if r.errors)


def check_bulk_awards(*, stream: FundingStream, award_file: AwardFile) -> BulkAwardCheck:
    """Check every row and report every problem at once; writes nothing (the dry run)."""
    file_errors = [RowError(0, "", problem) for problem in award_file.problems]
    if not stream.is_active:
        file_errors.append(RowError(0, "", STREAM_PAUSED_MESSAGE.format(stream=stream)))
    if award_file.problems:
        return BulkAwardCheck(stream=stream, errors=file_errors)
    if not award_file.rows:
        return BulkAwardCheck(
            stream=stream, errors=[*file_errors, RowError(0, "", NO_ROWS_MESSAGE)]
        )
    rows = [AwardRow.from_json(r.as_json()) for r in award_file.rows]  # never change the staged
    checker = _Checker(stream, fetch_lookups(stream=stream, rows=rows))
    for row in rows:
        checker.check(row)
    order = {column: index for index, column in enumerate(COLUMNS)}
    found = sorted(
        (e for r in rows for e in r.errors), key=lambda e: (e.row, order.get(e.field, -1))
    )
    return BulkAwardCheck(
        stream=stream,
        rows=rows,
        errors=[*file_errors, *found],
        years=checker.year_totals(),
    )


class _Checker:
    """Checks rows in file order, remembering earlier rows and the budget they have taken."""

    def __init__(self, stream: FundingStream, lookups: Lookups):
        self.stream = stream
        self.lookups = lookups
        self.first_row_of: dict[tuple[str, str, Decimal], int] = {}
        self.running: dict[int, Decimal] = {}

    def check(self, award: AwardRow) -> None:
        lookups, stream = self.lookups, self.stream
        if award.organisation_name:
            award.organisation = lookups.organisations.get(name_key(award.organisation_name))
            if award.organisation is None:
                award.fail(
                    ORGANISATION, ORGANISATION_UNKNOWN_MESSAGE.format(name=award.organisation_name)
                )
        if award.title and len(award.title) > PROJECT_MAX_LENGTH:
            award.fail(PROJECT, PROJECT_TOO_LONG_MESSAGE.format(limit=PROJECT_MAX_LENGTH))
        self._themes(award)
        if award.start_date and award.end_date and award.end_date < award.start_date:
            award.fail(END_DATE, END_BEFORE_START_MESSAGE)
        within_maximum = award.amount is not None and not rules.exceeds_maximum_award(
            award.amount, stream.max_single_award
        )
        if award.amount is not None and not within_maximum:
            award.fail(
                AMOUNT,
                AMOUNT_OVER_MAXIMUM_MESSAGE.format(
                    stream=stream,
                    maximum=format_gbp(stream.max_single_award),
                    amount=format_gbp(award.amount),
                ),
            )
        repeated = self._repeated(award)
        # Rows that will be removed (repeats) or whose money must change do not use up budget;
        # a row with only a misspelt name does, so correcting it never reveals a new problem.
        if within_maximum and not repeated:
            self._take_budget(award)

    def _themes(self, award: AwardRow) -> None:
        themes = self.lookups.themes
        if THEME in {e.field for e in award.errors}:
            return  # the reader refused the cell
        theme_list = ", ".join(t.name for t in themes.values())
        if not award.theme_names:
            award.fail(THEME, THEME_MISSING_MESSAGE.format(themes=theme_list))
            return
        unknown = [n for n in award.theme_names if n.casefold() not in themes]
        if unknown:
            award.fail(
                THEME, THEME_UNKNOWN_MESSAGE.format(names=quoted(unknown), themes=theme_list)
            )
        chosen = {themes[n.casefold()] for n in award.theme_names if n.casefold() in themes}
        award.themes = tuple(sorted(chosen, key=lambda t: (t.order, t.name)))

    def _repeated(self, award: AwardRow) -> bool:
        repeated = False
        if award.organisation_name and award.title and award.amount is not None:
            same = (name_key(award.organisation_name), name_key(award.title), award.amount)
            first = self.first_row_of.setdefault(same, award.number)
            if first != award.number:
                repeated = True
                award.fail("", DUPLICATE_ROW_MESSAGE.format(first=first))
        if award.import_key in self.lookups.imported:
            repeated = True
            reference = self.lookups.imported[award.import_key]
            award.fail("", ALREADY_IMPORTED_MESSAGE.format(reference=reference))
        return repeated

    def _take_budget(self, award: AwardRow) -> None:
        """The file's running total per financial year, on top of what is committed already."""
        for year, part in award.years.items():
            before = self.running.get(year.start_year, Decimal("0.00"))
            self.running[year.start_year] = before + part
            available = self.lookups.available.get(year.start_year, Decimal("0.00"))
            gap = rules.budget_shortfall(budget=available, committed=before, requested=part)
            if gap > 0:
                award.fail(AMOUNT, rules.BudgetShortfall(str(self.stream), year, gap).message)

    def year_totals(self) -> list[YearTotal]:
        """Budget left before this file and the file's rows, per financial year, in year order."""
        available = self.lookups.available
        zero = Decimal("0.00")
        return [
            YearTotal(FinancialYear(year), available.get(year, zero), self.running.get(year, zero))
            for year in sorted(set(available) | set(self.running))
        ]
