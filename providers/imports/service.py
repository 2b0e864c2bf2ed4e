"""The providers import: upload (read once within its limits, parsed, staged), dry run, confirm.

Confirming locks the staged upload (a double click or a retry imports once), checks every row
again and, only if every row passes, adds and updates the organisations in a few set-based
statements (bulk create, bulk update, one insert of district links, one insert of history
entries) in one transaction: every row or none.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction

from audit.events import acting_as, event_entry, record_events
from core.imports import (
    StagedImportMissing,
    limits_for,
    mark_confirmed,
    stage_rows,
    staged_upload,
)
from core.spreadsheet_reader import SpreadsheetError, read_spreadsheet

from .. import permissions, rules
from ..events import ProviderEvent
from ..models import Organisation
from .checks import ProvidersCheck, check_providers
from .columns import COLUMNS, check_headers, parse_row

KIND = "providers"
NOUN = "organisations"
FILE_MISSING_MESSAGE = "Select a CSV or XLSX file of organisations"
ROWS_FAILED_MESSAGE = (
    "Nothing was imported: the file has {count} problem{plural}. "
    "Correct the file and upload it again."
)
CHANGED_MEANWHILE_MESSAGE = (
    "Someone else changed the directory while you were importing. Nothing was imported: "
    "upload the file again to check it against the directory as it is now."
)
IMPORTED_MESSAGE = "{created} organisation{created_s} added and {updated} updated"
ALREADY_CONFIRMED_MESSAGE = "This upload was already imported: nothing more was imported."


class ProvidersImportError(Exception):
    def __init__(self, message: str, *, check: ProvidersCheck | None = None):
        super().__init__(message)
        self.check = check


@dataclass(frozen=True)
class ProvidersImport:
    created: int
    updated: int
    repeated: bool = False

    @property
    def message(self) -> str:
        if self.repeated:
            return ALREADY_CONFIRMED_MESSAGE
        return IMPORTED_MESSAGE.format(
            created=self.created, created_s="" if self.created == 1 else "s", updated=self.updated
        )


def read_providers_file(*, content: bytes, filename: str) -> dict:
    """The file's rows parsed, as staged: {"problems": [...], "rows": [...]}."""
    try:
        sheet = read_spreadsheet(
            content=content, filename=filename, limits=limits_for(KIND), noun=NOUN
        )
    except SpreadsheetError as exc:
        raise ProvidersImportError(str(exc)) from exc
    headers, problems = check_headers(sheet.headers)
    if problems:
        return {"problems": problems, "rows": []}
    rows = []
    for line in sheet.rows:
        cells = dict(zip(headers, line.cells, strict=True))
        broken = {headers[index]: message for index, message in line.problems.items()}
        rows.append(parse_row(line.number, cells, broken))
    return {"problems": [], "rows": rows}


def _require_editor(user) -> None:
    allowed, reason = permissions.can_edit_organisation(user)
    if not allowed:
        raise ProvidersImportError(reason)


def upload_providers_file(*, content: bytes, filename: str, uploaded_by) -> str:
    """Read and stage an upload; returns the key that names it (for its uploader only)."""
    _require_editor(uploaded_by)
    parsed = read_providers_file(content=content, filename=filename)
    staged = stage_rows(kind=KIND, scope="", owner=uploaded_by, filename=filename, rows=parsed)
    return staged.key.hex


def check_staged_providers(*, token: str, user) -> ProvidersCheck:
    """The dry run of a staged upload (the rows as parsed at upload, checked against today)."""
    try:
        staged = staged_upload(key=token, kind=KIND, scope="", owner=user)
    except StagedImportMissing as exc:
        raise ProvidersImportError(str(exc)) from exc
    return check_providers(staged.rows)


def confirm_providers_import(*, token: str, imported_by) -> ProvidersImport:
    """Add and update every organisation in the staged upload, or none if any row fails."""
    _require_editor(imported_by)
    try:
        with transaction.atomic(), acting_as(imported_by):
            staged = staged_upload(key=token, kind=KIND, scope="", owner=imported_by, lock=True)
            if staged.confirmed_at is not None:
                return ProvidersImport(created=0, updated=0, repeated=True)
            check = check_providers(staged.rows)
            if not check.ok:
                count = len(check.errors)
                message = ROWS_FAILED_MESSAGE.format(count=count, plural="" if count == 1 else "s")
                raise ProvidersImportError(message, check=check)
            done = _save(check, imported_by=imported_by)
            mark_confirmed(staged)
            return done
    except StagedImportMissing as exc:
        raise ProvidersImportError(str(exc)) from exc
    except IntegrityError as exc:  # a name or number added by someone else since the check
        raise ProvidersImportError(CHANGED_MEANWHILE_MESSAGE) from exc


def _save(check: ProvidersCheck, *, imported_by) -> ProvidersImport:
    new = [r for r in check.rows if r.is_new]
    old = [r for r in check.rows if not r.is_new]
    for row in new:  # bulk_create skips save(), which keeps the duplicate-check key
        row.organisation.name_key = rules.name_key(row.organisation.name)
    Organisation.objects.bulk_create([r.organisation for r in new])
    columns = sorted({c for r in old for c in r.values if c not in ("name", "districts")})
    if old and columns:
        Organisation.objects.bulk_update([r.organisation for r in old], columns, batch_size=500)
    Through = Organisation.districts.through
    relinked = [r for r in check.rows if r.districts is not None]
    Through.objects.filter(organisation_id__in=[r.organisation.pk for r in relinked]).delete()
    Through.objects.bulk_create(
        [
            Through(organisation_id=r.organisation.pk, district_id=d.pk)
            for r in relinked
            for d in r.districts
        ]
    )
    record_events(
        [
            event_entry(
                ProviderEvent.IMPORTED,
                actor=imported_by,
                target=r.organisation,
                message=("Added" if r.is_new else "Updated") + " from a spreadsheet",
                changes=_changes(r),
            )
            for r in check.rows
        ]
    )
    return ProvidersImport(created=len(new), updated=len(old))


def _changes(row) -> dict[str, list[str]]:
    """{column: [before, after]} for every value the row sets that differs from before."""
    changes = {}
    for column in COLUMNS:
        if column not in row.values:
            continue
        after = _shown(row.organisation, column, row.districts)
        before = ""
        if row.previous is not None:
            before = _shown(row.previous, column, list(row.previous.districts.all()))
        if before != after:
            changes[column] = [before, after]
    return changes


def _shown(organisation: Organisation, column: str, districts) -> str:
    if column == "districts":
        return "; ".join(sorted(d.name for d in districts or []))
    value = getattr(organisation, column)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)
