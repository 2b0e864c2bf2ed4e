"""Importing a checked bulk award file: every row a grant sent for decision under one notice, or none.

`import_bulk_awards` repeats the checks in one transaction with the stream and its budgets locked,
then creates every grant through grants.services (so the audit trail, commitments and rules are
those of the one-by-one page), links them to one decision notice and sends each for decision.
`confirm_bulk_awards` does that for a staged upload: the upload's key is the batch's idempotency
key, so a double-clicked or retried confirm imports the file once.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from approvals import services as approvals_services
from approvals.errors import DecisionNoticeError
from approvals.models import DecisionNotice
from audit.events import acting_as, event_entry, record_event, record_events
from core.imports import RowError, StagedImportMissing, mark_confirmed, staged_upload

from .. import permissions, services
from ..models import FundingStream, Grant, StreamBudget
from .checks import check_bulk_awards
from .errors import UPLOAD_NOT_FOUND_MESSAGE, BulkAwardError
from .notice import notice_text
from .rows import AwardFile, AwardRow
from .uploads import KIND

ROWS_FAILED_MESSAGE = (
    "Nothing was imported: the file has {count} problem{plural}. "
    "Correct the file and upload it again."
)
IMPORTED_TOGETHER_MESSAGE = (
    "Some of these awards were imported by someone else at the same time. Nothing was imported: "
    "upload the file again to see which rows are already imported."
)
IMPORTED_MESSAGE = "{count} grant{plural} imported and sent for decision"
ALREADY_CONFIRMED_MESSAGE = "This upload was already imported: nothing more was imported."


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


def import_bulk_awards(
    *, stream: FundingStream, award_file: AwardFile, imported_by, batch_key: uuid.UUID | str
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
            check = check_bulk_awards(stream=stream, award_file=award_file)
            if not check.ok:
                count = len(check.errors)
                raise BulkAwardError(
                    ROWS_FAILED_MESSAGE.format(count=count, plural="" if count == 1 else "s"),
                    errors=check.errors,
                    check=check,
                )
            grants = _create(check.rows, stream=stream, imported_by=imported_by)
            notice = approvals_services.draft_decision_notice(
                **notice_text(stream, check.rows, grants), drafted_by=imported_by, request_key=key
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


def confirm_bulk_awards(*, stream: FundingStream, token: str, imported_by) -> BulkAwardImport:
    """The confirm step: import the staged upload; confirming it again changes nothing."""
    try:
        with transaction.atomic():
            staged = staged_upload(
                key=token, kind=KIND, scope=str(stream.pk), owner=imported_by, lock=True
            )
            if staged.confirmed_at is None:
                done = import_bulk_awards(
                    stream=stream,
                    award_file=AwardFile.from_json(staged.rows),
                    imported_by=imported_by,
                    batch_key=staged.key,
                )
                mark_confirmed(staged)
                return done
    except StagedImportMissing:
        pass
    earlier = _earlier_import_of(token, imported_by)
    if earlier is None:
        raise BulkAwardError(UPLOAD_NOT_FOUND_MESSAGE)
    return earlier


def _earlier_import_of(token: str, imported_by) -> BulkAwardImport | None:
    try:
        key = uuid.UUID(str(token))
    except ValueError:
        return None
    return _earlier_import(key, imported_by)


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
