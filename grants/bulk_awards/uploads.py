"""The uploaded bulk award file: read once within its limits, parsed, and staged for the confirm.

The file is read by core.spreadsheet_reader (sizes and rows checked before reading in full) and
its rows parsed; the parsed rows are kept as a core.StagedImport under a random key bound to the
officer and the stream. Previews and the confirm read the staged rows, never the file again.
"""

from __future__ import annotations

from core.imports import StagedImportMissing, limits_for, stage_rows, staged_upload
from core.spreadsheet_reader import SpreadsheetError, read_spreadsheet

from .. import permissions
from ..models import FundingStream
from .errors import BulkAwardError
from .rows import AwardFile, parse_award_file

KIND = "bulk_awards"
NOUN = "awards"
FILE_MISSING_MESSAGE = "Select a CSV or XLSX file of awards"


def read_award_file(*, content: bytes, filename: str, stream_id: int = 0) -> AwardFile:
    """The file's award rows, parsed; BulkAwardError when the file itself cannot be read."""
    try:
        sheet = read_spreadsheet(
            content=content, filename=filename, limits=limits_for(KIND), noun=NOUN
        )
    except SpreadsheetError as exc:
        raise BulkAwardError(str(exc)) from exc
    return parse_award_file(sheet, stream_id=stream_id)


def upload_award_file(*, content: bytes, filename: str, stream: FundingStream, uploaded_by) -> str:
    """Read and stage an upload for this officer and stream; returns the key that names it."""
    allowed, reason = permissions.can_manage_grants(uploaded_by)
    if not allowed:
        raise BulkAwardError(reason)
    award_file = read_award_file(content=content, filename=filename, stream_id=stream.pk)
    staged = stage_rows(
        kind=KIND,
        scope=str(stream.pk),
        owner=uploaded_by,
        filename=filename,
        rows=award_file.as_json(),
    )
    return staged.key.hex


def staged_award_file(*, token: str, stream: FundingStream, user) -> AwardFile:
    """The rows this user uploaded for this stream under `token`."""
    try:
        staged = staged_upload(key=token, kind=KIND, scope=str(stream.pk), owner=user)
    except StagedImportMissing as exc:
        raise BulkAwardError(str(exc)) from exc
    return AwardFile.from_json(staged.rows)
