"""Bulk awards: an intermediary's spreadsheet of small awards, checked in full, then made all or none.

An officer uploads the file (CSV or XLSX). `check_bulk_awards` reads every row through
grants.resources and writes nothing. `import_bulk_awards` repeats the same checks in one
transaction with the stream and its budgets locked, then creates every grant through
grants.services (so the audit trail, commitments and rules are those of the one-by-one page),
links them all to one decision notice for the batch and sends each for decision; when any row
fails, it creates nothing. Between the two steps the upload is kept server side under a random
token bound to the officer and the stream; the token is also the batch's idempotency key, so a
double-clicked or retried confirm imports the file once.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

import tablib
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from import_export.formats.base_formats import XLSX

from approvals import services as approvals_services
from approvals.errors import DecisionNoticeError
from approvals.models import DecisionNotice
from audit.events import acting_as, event_entry, record_event, record_events
from core.financial_years import FinancialYear
from core.imports import RowError, row_errors
from core.money import format_gbp

from . import permissions, services
from .models import FundingStream, Grant, StreamBudget
from .resources import (
    COLUMNS,
    MAX_ROWS,
    NO_ROWS_MESSAGE,
    STREAM_PAUSED_MESSAGE,
    TOO_MANY_ROWS_MESSAGE,
    AwardRow,
    BulkAwardResource,
    blank_row,
    normalise_headers,
)

MAX_FILE_BYTES = 2 * 1024 * 1024
FILE_KINDS = {".csv": "CSV", ".xlsx": "XLSX"}
UPLOAD_FOLDER = "bulk-awards"
UPLOAD_LIFETIME = timedelta(hours=24)

FILE_MISSING_MESSAGE = "Select a CSV or XLSX file of awards"
FILE_TYPE_MESSAGE = "The selected file must be a CSV or XLSX file"
FILE_EMPTY_MESSAGE = "The selected file is empty"
FILE_TOO_BIG_MESSAGE = "The selected file must be smaller than 2 MB"
FILE_UNREADABLE_MESSAGE = (
    "The selected file could not be read as {kind}: save it again as CSV or XLSX and upload it"
)
UPLOAD_NOT_FOUND_MESSAGE = (
    "Your upload could not be found: it may have expired. Upload the file again."
)
ROWS_FAILED_MESSAGE = "Nothing was imported: the file has {count} problem{plural}. Correct the file and upload it again."
IMPORTED_TOGETHER_MESSAGE = (
    "Some of these awards were imported by someone else at the same time. Nothing was imported: "
    "upload the file again to see which rows are already imported."
)
IMPORTED_MESSAGE = "{count} grant{plural} imported and sent for decision"
ALREADY_CONFIRMED_MESSAGE = "This upload was already imported: nothing more was imported."

_XLSX_SIGNATURE = b"PK\x03\x04"  # an XLSX file is a zip archive
_TOKEN = re.compile(r"[0-9a-f]{32}")


class BulkAwardError(services.GrantError):
    """A bulk award file that cannot be imported; `errors` lists every problem by row and column."""

    def __init__(self, message: str, *, errors: list[RowError] | None = None, check=None):
        super().__init__(message)
        self.errors = errors if errors is not None else [RowError(0, "", message)]
        self.check = check


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


@dataclass(frozen=True)
class BulkAwardImport:
    notice: DecisionNotice
    grants: list[Grant]
    repeated: bool = False  # True: this upload had been imported before; nothing new was made

    @property
    def message(self) -> str:
        if self.repeated:
            return ALREADY_CONFIRMED_MESSAGE
        count = len(self.grants)
        return IMPORTED_MESSAGE.format(count=count, plural="" if count == 1 else "s")


# ----- reading the file -----


def read_award_file(*, content: bytes, filename: str = "") -> tablib.Dataset:
    """The file's first sheet as a Dataset; blank lines are kept so row numbers stay true."""
    extension = ("." + filename.rsplit(".", 1)[-1].lower()) if "." in filename else ""
    if filename and extension not in FILE_KINDS:
        raise BulkAwardError(FILE_TYPE_MESSAGE)
    if not content:
        raise BulkAwardError(FILE_EMPTY_MESSAGE)
    if len(content) > MAX_FILE_BYTES:
        raise BulkAwardError(FILE_TOO_BIG_MESSAGE)
    is_xlsx = content.startswith(_XLSX_SIGNATURE)
    kind = FILE_KINDS.get(extension) or ("XLSX" if is_xlsx else "CSV")
    if (kind == "XLSX") != is_xlsx:
        raise BulkAwardError(FILE_UNREADABLE_MESSAGE.format(kind=kind))
    try:
        dataset = XLSX().create_dataset(content) if is_xlsx else _read_csv(content)
    except Exception as exc:  # a damaged or disguised file: any parser error means the same
        raise BulkAwardError(FILE_UNREADABLE_MESSAGE.format(kind=kind)) from exc
    if not dataset.headers or not any(h not in (None, "") for h in dataset.headers):
        raise BulkAwardError(NO_ROWS_MESSAGE)
    return dataset


def _read_csv(content: bytes) -> tablib.Dataset:
    """CSV as Excel writes it (UTF-8, with or without BOM, or Windows-1252 for "£")."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252")
    # tablib's CSV reader drops empty lines, which would shift every later row number.
    records = list(csv.reader(io.StringIO(text, newline="")))
    if not records:
        return tablib.Dataset()
    width = max(len(r) for r in records)
    headers = records[0] + [""] * (width - len(records[0]))
    dataset = tablib.Dataset(headers=headers)
    for record in records[1:]:
        dataset.append(record + [""] * (width - len(record)))
    return dataset


# ----- checking it -----


def check_bulk_awards(*, stream: FundingStream, dataset: tablib.Dataset) -> BulkAwardCheck:
    """Read every row and report every problem at once; writes nothing (the dry run)."""
    headers, problems = normalise_headers(dataset.headers)
    file_errors = [RowError(0, "", problem) for problem in problems]
    if not stream.is_active:
        file_errors.append(RowError(0, "", STREAM_PAUSED_MESSAGE.format(stream=stream)))
    if problems:
        return BulkAwardCheck(stream=stream, errors=file_errors)
    dataset.headers = headers
    count = sum(1 for values in dataset if not blank_row(values))
    if count == 0:
        return BulkAwardCheck(
            stream=stream, errors=[*file_errors, RowError(0, "", NO_ROWS_MESSAGE)]
        )
    if count > MAX_ROWS:
        message = TOO_MANY_ROWS_MESSAGE.format(count=count, limit=MAX_ROWS)
        return BulkAwardCheck(stream=stream, errors=[*file_errors, RowError(0, "", message)])
    resource = BulkAwardResource(stream=stream)
    result = resource.import_data(dataset, dry_run=True)
    order = {column: index for index, column in enumerate(COLUMNS)}
    found = sorted(row_errors(result), key=lambda e: (e.row, order.get(e.field, -1)))
    return BulkAwardCheck(
        stream=stream,
        rows=resource.rows,
        errors=[*file_errors, *found],
        years=[
            YearTotal(FinancialYear(year), available, in_file)
            for year, available, in_file in resource.year_totals()
        ],
    )


# ----- importing it -----


def import_bulk_awards(
    *, stream: FundingStream, dataset: tablib.Dataset, imported_by, batch_key: uuid.UUID | str
) -> BulkAwardImport:
    """Create a grant for every row, sent for decision under one notice, or none if any row fails.

    The stream row and its budgets are locked first, so two imports (or an import and a
    submission) cannot both take the last of a budget; the batch key makes a repeat a no-op and
    each row's import key (unique) stops a second upload of the same awards.
    """
    allowed, reason = permissions.can_manage_grants(imported_by)
    if not allowed:
        raise BulkAwardError(reason)
    key = uuid.UUID(str(batch_key))
    try:
        with transaction.atomic(), acting_as(imported_by):
            stream = FundingStream.objects.select_for_update().get(pk=stream.pk)
            list(
                StreamBudget.objects.select_for_update()
                .filter(stream=stream)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            earlier = _earlier_import(key, imported_by)
            if earlier is not None:
                return earlier
            check = check_bulk_awards(stream=stream, dataset=dataset)
            if not check.ok:
                count = len(check.errors)
                raise BulkAwardError(
                    ROWS_FAILED_MESSAGE.format(count=count, plural="" if count == 1 else "s"),
                    errors=check.errors,
                    check=check,
                )
            grants = _create(check.rows, stream=stream, imported_by=imported_by)
            notice = approvals_services.draft_decision_notice(
                **_notice_text(stream, check.rows, grants), drafted_by=imported_by, request_key=key
            )
            _send_for_decision(check.rows, grants, notice=notice, imported_by=imported_by)
            record_event(
                "bulk_awards_imported",
                actor=imported_by,
                target=stream,
                message=f"{len(grants)} awards imported from a spreadsheet: {notice.title}",
            )
    except IntegrityError as exc:  # a concurrent upload of the same rows won the race
        raise BulkAwardError(IMPORTED_TOGETHER_MESSAGE) from exc
    except DecisionNoticeError as exc:
        raise BulkAwardError(str(exc)) from exc
    return BulkAwardImport(notice=notice, grants=grants)


def _earlier_import(key: uuid.UUID, imported_by) -> BulkAwardImport | None:
    notice = DecisionNotice.objects.filter(request_key=key).first()
    if notice is None:
        return None
    if notice.drafted_by_id != imported_by.pk:
        raise BulkAwardError(UPLOAD_NOT_FOUND_MESSAGE)
    return BulkAwardImport(notice=notice, grants=list(notice.grants.all()), repeated=True)


def _create(rows: list[AwardRow], *, stream: FundingStream, imported_by) -> list[Grant]:
    """Every row's draft grant, through the same service as the one-by-one page, in bulk."""
    entries = [
        (
            services.GrantDetails(
                title=row.title,
                recipient=row.organisation,
                purpose=row.purpose,
                start_date=row.start_date,
                end_date=row.end_date,
                total=row.amount,
                shares=(services.ShareInput(amount=row.amount, stream=stream),),
                themes=row.themes,
            ),
            row.import_key,
        )
        for row in rows
    ]
    try:
        return services.create_grants(entries=entries, created_by=imported_by)
    except services.GrantError as exc:
        raise _row_failed(rows[exc.index or 0], exc) from exc


def _send_for_decision(rows: list[AwardRow], grants: list[Grant], *, notice, imported_by) -> None:
    """Link the batch's notice to every grant and submit them together."""
    record_events(
        [
            event_entry(
                "decision_notice_drafted",
                actor=imported_by,
                target=grant,
                message=f"Decision notice “{notice.title}” drafted for a bulk award upload",
            )
            for grant in grants
        ]
    )
    try:
        services.submit_grants_for_decision(grants=grants, submitted_by=imported_by, notice=notice)
    except services.GrantError as exc:
        if exc.index is None:  # the budget, for the file as a whole
            raise BulkAwardError(str(exc), errors=[RowError(0, "", str(exc))]) from exc
        raise _row_failed(rows[exc.index], exc) from exc


def _row_failed(row: AwardRow, exc: services.GrantError) -> BulkAwardError:
    problem = RowError(row.number, "", str(exc))
    return BulkAwardError(ROWS_FAILED_MESSAGE.format(count=1, plural=""), errors=[problem])


def _notice_text(stream: FundingStream, rows: list[AwardRow], grants: list[Grant]) -> dict:
    """The batch's decision notice: "Youth Fund awards: 3 small grants, £4,500.00" and each grant."""
    total = sum((r.amount for r in rows), Decimal("0.00"))
    count = len(grants)
    noun = "small grant" if count == 1 else "small grants"
    lines = [
        f"- {g.reference}: {format_gbp(r.amount)} to {r.organisation.name} for {r.title}, "
        f"from {r.start_date:%-d %B %Y} to {r.end_date:%-d %B %Y}"
        for r, g in zip(rows, grants, strict=True)
    ]
    purposes = [f"- {g.reference}: {r.purpose}" for r, g in zip(rows, grants, strict=True)]
    by_year: dict[FinancialYear, Decimal] = {}
    for row in rows:
        for year, part in row.years.items():
            by_year[year] = by_year.get(year, Decimal("0.00")) + part
    administrator = stream.intermediary.name if stream.intermediary_id else "The office"
    limit = (
        f"the stream's maximum single award of {format_gbp(stream.max_single_award)}"
        if stream.max_single_award
        else "the stream's rules"
    )
    return {
        "title": f"{stream.name} awards: {count} {noun}, {format_gbp(total)}",
        "decision_text": (
            f"The Commissioner approves {count} {noun} from the {stream.name}, "
            f"totalling {format_gbp(total)}:\n" + "\n".join(lines)
        ),
        "reasons": (
            f"{administrator} administers the {stream.name} and recommends these awards. "
            f"Each is within {limit} and the stream's budget for the year.\n"
            "What each award is for:\n" + "\n".join(purposes)
        ),
        "amount": total,
        "funding_summary": "; ".join(
            f"{stream.name} {format_gbp(amount)} for {year.label}"
            for year, amount in sorted(by_year.items())
        ),
    }


# ----- the upload between the dry run and the confirm -----


def store_award_file(*, content: bytes, stream: FundingStream, user) -> str:
    """Keep an uploaded file for the confirm step; the token returned names it for this user only."""
    _forget_old_uploads()
    token = uuid.uuid4().hex
    path = _upload_path(stream, user, token)
    saved = default_storage.save(path, ContentFile(content))
    if saved != path:  # never expected: the token is random
        default_storage.delete(saved)
        raise BulkAwardError(UPLOAD_NOT_FOUND_MESSAGE)
    return token


def load_award_file(*, token: str, stream: FundingStream, user) -> bytes:
    """The bytes this user uploaded for this stream under `token` (never a re-posted file)."""
    if not _TOKEN.fullmatch(token or ""):
        raise BulkAwardError(UPLOAD_NOT_FOUND_MESSAGE)
    path = _upload_path(stream, user, token)
    try:
        if timezone.now() - default_storage.get_modified_time(path) > UPLOAD_LIFETIME:
            default_storage.delete(path)
            raise BulkAwardError(UPLOAD_NOT_FOUND_MESSAGE)
        with default_storage.open(path, "rb") as stored:
            return stored.read()
    except (FileNotFoundError, OSError) as exc:
        raise BulkAwardError(UPLOAD_NOT_FOUND_MESSAGE) from exc


def discard_award_file(*, token: str, stream: FundingStream, user) -> None:
    if _TOKEN.fullmatch(token or ""):
        default_storage.delete(_upload_path(stream, user, token))


def confirm_bulk_awards(*, stream: FundingStream, token: str, imported_by) -> BulkAwardImport:
    """The confirm step: import the stored upload; confirming it again changes nothing."""
    try:
        content = load_award_file(token=token, stream=stream, user=imported_by)
    except BulkAwardError:
        earlier = (
            _earlier_import(uuid.UUID(token), imported_by)
            if _TOKEN.fullmatch(token or "")
            else None
        )
        if earlier is None:
            raise
        return earlier
    dataset = read_award_file(content=content)
    done = import_bulk_awards(
        stream=stream, dataset=dataset, imported_by=imported_by, batch_key=uuid.UUID(token)
    )
    discard_award_file(token=token, stream=stream, user=imported_by)
    return done


def _upload_path(stream: FundingStream, user, token: str) -> str:
    return f"{UPLOAD_FOLDER}/{stream.pk}-{user.pk}-{token}"


def _forget_old_uploads() -> None:
    """Uploads never confirmed are removed once they are a day old."""
    try:
        _, names = default_storage.listdir(UPLOAD_FOLDER)
    except (FileNotFoundError, OSError):
        return
    cutoff = timezone.now() - UPLOAD_LIFETIME
    for name in names:
        path = f"{UPLOAD_FOLDER}/{name}"
        try:
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
        except (FileNotFoundError, OSError):
            continue
