"""The bulk award spreadsheet (an intermediary's list of small awards): columns, parsing, row checks.

django-import-export reads every row through `BulkAwardResource`: its widgets parse the cells and
`import_instance` checks the row against the funding stream (maximum award, the year's budget with
the file's running total), the providers directory, the plan themes, the file's earlier rows and
earlier uploads. The resource only checks, it never writes: grants.bulk_awards creates the grants
through grants.services, so the dry run writes nothing and the confirm step repeats exactly the
same checks. Row numbers are spreadsheet rows: the header is row 1.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models.functions import Lower
from import_export import fields, resources, widgets

from core.financial_years import FinancialYear
from core.imports import AllOrNothingResource, RowError
from core.money import MoneyFormatError, format_gbp, parse_pounds
from providers.models import Organisation
from providers.rules import name_key, normalise_name

from . import rules, selectors
from .models import FundingStream, Grant, PlanTheme

ORGANISATION = "Organisation"
PROJECT = "Project"
PURPOSE = "Purpose"
AMOUNT = "Amount"
START_DATE = "Start date"
END_DATE = "End date"
THEME = "Theme"
COLUMNS = (ORGANISATION, PROJECT, PURPOSE, AMOUNT, START_DATE, END_DATE, THEME)
THEME_SEPARATOR = ";"
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")
PROJECT_MAX_LENGTH = Grant._meta.get_field("title").max_length
MAX_ROWS = 500

# File problems (reported once, before any row)
MISSING_COLUMNS_MESSAGE = (
    "The file has no {missing} column. The first row must name the columns: {expected}"
)
UNKNOWN_COLUMNS_MESSAGE = "Unknown column {unknown}. The columns are: {expected}"
REPEATED_COLUMN_MESSAGE = "The column {column} appears more than once"
NO_ROWS_MESSAGE = "The file has no awards in it: put one award on each row under the column names"
TOO_MANY_ROWS_MESSAGE = "The file has {count} awards: upload no more than {limit} at a time"
STREAM_PAUSED_MESSAGE = "{stream} is paused and takes no new awards"

# Row problems
ORGANISATION_MISSING_MESSAGE = "Enter the organisation's name"
ORGANISATION_UNKNOWN_MESSAGE = (
    "“{name}” is not in the providers directory: add the organisation there first, "
    "or spell its name as it is listed"
)
PROJECT_MISSING_MESSAGE = "Enter the project's title"
PROJECT_TOO_LONG_MESSAGE = "The project's title must be {limit} characters or fewer"
PURPOSE_MISSING_MESSAGE = "Enter what the award is for"
AMOUNT_MISSING_MESSAGE = "Enter the amount, like £1,250.50"
AMOUNT_INVALID_MESSAGE = "“{value}” is not an amount of money: enter it like £1,250.50"
AMOUNT_PENNY_MESSAGE = "“{value}” has fractions of a penny: enter pounds and pence, like £1,250.50"
AMOUNT_NOT_POSITIVE_MESSAGE = "Enter an amount more than £0"
AMOUNT_OVER_MAXIMUM_MESSAGE = "{stream} awards can be no more than {maximum}: this one is {amount}"
DATE_MISSING_MESSAGE = "Enter the {column_lower}, like 01/04/2025"
DATE_INVALID_MESSAGE = "“{value}” is not a date: enter it like 01/04/2025 or 2025-04-01"
END_BEFORE_START_MESSAGE = "The end date must be on or after the start date"
THEME_MISSING_MESSAGE = "Enter at least one Police and Crime Plan theme: {themes}"
THEME_UNKNOWN_MESSAGE = "Unknown theme {names}. The themes are: {themes}"
DUPLICATE_ROW_MESSAGE = (
    "Row {first} has the same organisation, project and amount: list each award once"
)
ALREADY_IMPORTED_MESSAGE = "Already imported: this award is grant {reference}"


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value) -> str:
    """A cell as text: a spreadsheet's number 1234.0 is "1234"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def blank_row(values) -> bool:
    """A spreadsheet's empty line (every cell empty or spaces): skipped, not an award."""
    return all(_blank(v) for v in values)


def _quoted(values) -> str:
    return ", ".join(f"“{v}”" for v in values)


def column_key(header) -> str:
    """Headers compare trimmed and ignoring case and spacing: " start  DATE" is "Start date"."""
    return " ".join(_text(header).split()).casefold()


_COLUMN_OF = {column_key(c): c for c in COLUMNS}


def normalise_headers(headers) -> tuple[list[str], list[str]]:
    """The headers spelled as COLUMNS where they match, and every problem with them."""
    problems: list[str] = []
    named = [_COLUMN_OF.get(column_key(h), _text(h)) for h in headers or []]
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
        problems.append(UNKNOWN_COLUMNS_MESSAGE.format(unknown=_quoted(unknown), expected=expected))
    return named, problems


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


class TextWidget(widgets.Widget):
    """Required text with stray spaces removed; a spreadsheet's number as whole-number text."""

    def __init__(self, missing_message: str):
        self.missing_message = missing_message

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            raise ValueError(self.missing_message)
        return text

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class MoneyWidget(widgets.Widget):
    """Pounds and pence: "£1,250.50", "1250.5" or a spreadsheet number; never a fraction of a penny."""

    def clean(self, value, row=None, **kwargs):
        if _blank(value):
            raise ValueError(AMOUNT_MISSING_MESSAGE)
        shown = _text(value)
        try:
            amount = parse_pounds(value)
        except MoneyFormatError as exc:
            message = AMOUNT_PENNY_MESSAGE if exc.kind == "pence" else AMOUNT_INVALID_MESSAGE
            raise ValueError(message.format(value=shown)) from None
        if amount <= 0:
            raise ValueError(AMOUNT_NOT_POSITIVE_MESSAGE)
        return amount

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else f"{value:.2f}"


class DayWidget(widgets.Widget):
    """A date written dd/mm/yyyy or yyyy-mm-dd, or a spreadsheet's own date."""

    def __init__(self, column: str):
        self.column = column

    def clean(self, value, row=None, **kwargs):
        if _blank(value):
            raise ValueError(DATE_MISSING_MESSAGE.format(column_lower=self.column.lower()))
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = _text(value)
        for pattern in DATE_FORMATS:
            try:
                return datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        raise ValueError(DATE_INVALID_MESSAGE.format(value=text))

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%d/%m/%Y") if value else ""


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
    organisation: Organisation | None = None
    themes: tuple[PlanTheme, ...] = ()
    import_key: str = ""
    errors: list[RowError] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def fail(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.number, column, message))

    def has_error(self, column: str) -> bool:
        return any(e.field == column for e in self.errors)

    @property
    def years(self) -> dict[FinancialYear, Decimal]:
        """The amount split by financial year (pro rata by days), or {} if it cannot be."""
        if self.amount is None or self.start_date is None or self.end_date is None:
            return {}
        if self.end_date < self.start_date:
            return {}
        return rules.split_by_financial_year(self.amount, self.start_date, self.end_date)


@dataclass
class _Lookups:
    """Everything the row checks read from the database, fetched once per file."""

    organisations: dict[str, Organisation]
    themes: dict[str, PlanTheme]
    imported: dict[str, str]  # import_key -> grant reference
    available: dict[int, Decimal]  # year -> budget less committed


class BulkAwardResource(AllOrNothingResource):
    """Checks the rows of a bulk award spreadsheet for one funding stream (and exports the columns).

    Call import_data(dataset, dry_run=True) after normalise_headers(); then `rows` holds every
    row read and row_errors(result) every problem. Nothing is ever saved from here.
    """

    organisation = fields.Field(
        attribute="organisation",
        column_name=ORGANISATION,
        widget=TextWidget(ORGANISATION_MISSING_MESSAGE),
    )
    project = fields.Field(
        attribute="title", column_name=PROJECT, widget=TextWidget(PROJECT_MISSING_MESSAGE)
    )
    purpose = fields.Field(
        attribute="purpose", column_name=PURPOSE, widget=TextWidget(PURPOSE_MISSING_MESSAGE)
    )
    amount = fields.Field(attribute="amount", column_name=AMOUNT, widget=MoneyWidget())
    start_date = fields.Field(
        attribute="start_date", column_name=START_DATE, widget=DayWidget(START_DATE)
    )
    end_date = fields.Field(attribute="end_date", column_name=END_DATE, widget=DayWidget(END_DATE))
    theme = fields.Field(attribute="theme", column_name=THEME, widget=widgets.Widget())

    class Meta:
        model = Grant
        fields = ("organisation", "project", "purpose", "amount", "start_date", "end_date", "theme")
        export_order = (
            "organisation",
            "project",
            "purpose",
            "amount",
            "start_date",
            "end_date",
            "theme",
        )
        clean_model_instances = False
        skip_diff = True
        # Rows are only checked here, never saved: no per-row savepoint is needed.
        use_bulk = True

    def __init__(self, *, stream: FundingStream, **kwargs):
        super().__init__(**kwargs)
        self.stream = stream
        self.rows: list[AwardRow] = []
        self._lookups: _Lookups | None = None
        self._first_row_of: dict[tuple[str, str, Decimal], int] = {}
        self._running: dict[int, Decimal] = {}

    # ----- reading a row -----

    def _cells(self, row, number: int = 0) -> AwardRow:
        """Parse a row's cells (widget by widget) without touching the database."""
        parsed = AwardRow(number=number)
        for name, attribute in (
            ("organisation", "organisation_name"),
            ("project", "title"),
            ("purpose", "purpose"),
            ("amount", "amount"),
            ("start_date", "start_date"),
            ("end_date", "end_date"),
        ):
            column = self.fields[name].column_name
            try:
                setattr(parsed, attribute, self.fields[name].clean(row))
            except ValueError as error:
                parsed.fail(column, str(error))
        names = [n.strip() for n in _text(row.get(THEME)).split(THEME_SEPARATOR)]
        parsed.theme_names = tuple(dict.fromkeys(n for n in names if n))
        if parsed.organisation_name:
            parsed.organisation_name = normalise_name(parsed.organisation_name)
        if (
            parsed.amount is not None
            and parsed.start_date
            and parsed.organisation_name
            and parsed.title
        ):
            parsed.import_key = import_key(
                stream_id=self.stream.pk,
                organisation=parsed.organisation_name,
                project=parsed.title,
                amount=parsed.amount,
                start=parsed.start_date,
            )
        return parsed

    # ----- import-export hooks -----

    def before_import(self, dataset, **kwargs):
        """Fetch, in one query each, the organisations, themes, earlier imports and budgets named."""
        self.rows = []
        self._first_row_of = {}
        self._running = {}
        scanned = [
            self._cells(dict(zip(dataset.headers, values, strict=False))) for values in dataset
        ]
        # The database's lower() is the one its unique constraint on Lower("name") uses.
        names = sorted({r.organisation_name.lower() for r in scanned if r.organisation_name})
        organisations = {
            name_key(o.name): o
            for o in Organisation.objects.annotate(lower_name=Lower("name")).filter(
                lower_name__in=names
            )
        }
        themes = {t.name.casefold(): t for t in PlanTheme.objects.all()}
        keys = sorted({r.import_key for r in scanned if r.import_key})
        imported = (
            dict(Grant.objects.filter(import_key__in=keys).values_list("import_key", "reference"))
            if keys
            else {}
        )
        years = sorted({y.start_year for r in scanned for y in r.years})
        available: dict[int, Decimal] = {}
        if years:
            budgets = selectors.budget_totals(stream_ids=[self.stream.pk], years=years)
            committed = selectors.committed_by_stream_year(stream_ids=[self.stream.pk], years=years)
            for year in years:
                key = (self.stream.pk, year)
                available[year] = budgets.get(key, Decimal("0.00")) - committed.get(
                    key, Decimal("0.00")
                )
        self._lookups = _Lookups(organisations, themes, imported, available)

    def get_or_init_instance(self, instance_loader, row):
        return self.init_instance(row), True

    def import_instance(self, instance, row, **kwargs):
        if blank_row(row.values()):
            return  # skip_row passes over it
        award = self._cells(row, number=kwargs.get("row_number", 0) + 1)
        self._check(award)
        self.rows.append(award)
        if award.errors:
            errors: dict[str, list[ValidationError]] = {}
            for problem in award.errors:
                key = problem.field or NON_FIELD_ERRORS
                errors.setdefault(key, []).append(ValidationError(problem.message))
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        return blank_row(row.values())

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        """Check only. This resource never writes, so it needs none of the all-or-nothing
        transaction (and its SAVEPOINT pair per row): grants.bulk_awards holds the transaction."""
        return resources.ModelResource.import_data(
            self,
            dataset,
            dry_run=dry_run,
            raise_errors=raise_errors,
            use_transactions=False,
            **{k: v for k, v in kwargs.items() if k != "use_transactions"},
        )

    def save_instance(self, instance, is_create, row, **kwargs):
        """Never: grants.bulk_awards creates the grants through grants.services."""

    def save_m2m(self, instance, row, **kwargs):
        """Never: see save_instance."""

    # ----- the checks -----

    def _check(self, award: AwardRow) -> None:
        lookups = self._lookups
        if lookups is None:
            raise RuntimeError("before_import() fetches the lookups the checks need")
        stream = self.stream
        if award.organisation_name:
            award.organisation = lookups.organisations.get(name_key(award.organisation_name))
            if award.organisation is None:
                award.fail(
                    ORGANISATION, ORGANISATION_UNKNOWN_MESSAGE.format(name=award.organisation_name)
                )
        if award.title and len(award.title) > PROJECT_MAX_LENGTH:
            award.fail(PROJECT, PROJECT_TOO_LONG_MESSAGE.format(limit=PROJECT_MAX_LENGTH))
        theme_list = ", ".join(t.name for t in lookups.themes.values())
        if not award.theme_names:
            award.fail(THEME, THEME_MISSING_MESSAGE.format(themes=theme_list))
        else:
            unknown = [n for n in award.theme_names if n.casefold() not in lookups.themes]
            if unknown:
                award.fail(
                    THEME, THEME_UNKNOWN_MESSAGE.format(names=_quoted(unknown), themes=theme_list)
                )
            chosen = {
                lookups.themes[n.casefold()]
                for n in award.theme_names
                if n.casefold() in lookups.themes
            }
            award.themes = tuple(sorted(chosen, key=lambda t: (t.order, t.name)))
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
        repeated = False
        if award.organisation_name and award.title and award.amount is not None:
            same = (name_key(award.organisation_name), name_key(award.title), award.amount)
            first = self._first_row_of.setdefault(same, award.number)
            if first != award.number:
                repeated = True
                award.fail("", DUPLICATE_ROW_MESSAGE.format(first=first))
        if award.import_key in lookups.imported:
            repeated = True
            award.fail(
                "", ALREADY_IMPORTED_MESSAGE.format(reference=lookups.imported[award.import_key])
            )
        # Rows that will be removed (repeats) or whose money must change do not use up budget;
        # a row with only a misspelt name does, so correcting it never reveals a new problem.
        if within_maximum and not repeated:
            self._take_budget(award)

    def _take_budget(self, award: AwardRow) -> None:
        """The file's running total per financial year, on top of what is committed already."""
        for year, part in award.years.items():
            before = self._running.get(year.start_year, Decimal("0.00"))
            self._running[year.start_year] = before + part
            available = self._lookups.available.get(year.start_year, Decimal("0.00"))
            gap = rules.budget_shortfall(budget=available, committed=before, requested=part)
            if gap > 0:
                award.fail(AMOUNT, rules.BudgetShortfall(str(self.stream), year, gap).message)

    def year_totals(self) -> list[tuple[int, Decimal, Decimal]]:
        """(year, budget left before this file, the file's rows in that year), in year order."""
        available = self._lookups.available if self._lookups else {}
        return [
            (year, available.get(year, Decimal("0.00")), self._running.get(year, Decimal("0.00")))
            for year in sorted(set(available) | set(self._running))
        ]

    # ----- export: the template's columns, and a stream's grants in the same layout -----

    def dehydrate_organisation(self, grant):
        return grant.award.recipient.name

    def dehydrate_amount(self, grant):
        return grant.award.total

    def dehydrate_start_date(self, grant):
        return grant.award.start_date.strftime("%d/%m/%Y")

    def dehydrate_end_date(self, grant):
        return grant.award.end_date.strftime("%d/%m/%Y")

    def dehydrate_theme(self, grant):
        return f"{THEME_SEPARATOR} ".join(t.name for t in grant.themes.all())


def template_dataset(stream: FundingStream):
    """The empty spreadsheet an intermediary fills in: the column names, formula-safe."""
    return BulkAwardResource(stream=stream).export(Grant.objects.none())
