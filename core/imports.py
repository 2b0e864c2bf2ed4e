"""Spreadsheet imports: each import's limits, the upload form, the staged upload between dry run
and confirm, row errors, and the all-or-nothing, formula-safe django-import-export resource base.

An import reads its file once (core.spreadsheet_reader, within `limits_for(kind)`), stores the
parsed rows with `stage_rows` and shows the dry run; the confirm step loads them with
`staged_upload(lock=True)` and `mark_confirmed` (so a double click or a retry imports once) and
never reads the file again. Every export path neutralises risky cells.
"""

import uuid
from dataclasses import dataclass, fields
from datetime import timedelta

from django import forms
from django.conf import settings
from django.utils import timezone
from import_export import resources

from core.forms import PlainMessagesMixin

from .models import StagedImport
from .spreadsheet_reader import SpreadsheetError, SpreadsheetLimits, megabytes, upload_content
from .spreadsheets import neutralise_dataset

UPLOAD_NOT_FOUND_MESSAGE = (
    "Your upload could not be found: it may have expired. Upload the file again."
)


class StagedImportMissing(LookupError):
    """No staged upload by that key for this user, kind and scope (or it expired)."""


def limits_for(kind: str) -> SpreadsheetLimits:
    """The limits settings.SPREADSHEET_IMPORT_LIMITS gives this import (max_bytes, max_rows…)."""
    known = {f.name for f in fields(SpreadsheetLimits)}
    given = settings.SPREADSHEET_IMPORT_LIMITS[kind]
    return SpreadsheetLimits(**{k: v for k, v in given.items() if k in known})


class SpreadsheetUploadForm(PlainMessagesMixin, forms.Form):
    """The upload step of an import: a CSV or XLSX file, read no further than its size limit.

    Subclasses name the import (`kind`, whose limits the hint states) and the words to use.
    """

    kind = ""
    label = "Upload a spreadsheet"
    noun = "rows"
    layout = "A CSV or XLSX file"
    missing_message = "Select a CSV or XLSX file"

    file = forms.FileField(widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limits = limits_for(self.kind)
        field = self.fields["file"]
        field.label = self.label
        field.help_text = (
            f"{self.layout}, up to {megabytes(limits.max_bytes)} and "
            f"{limits.max_rows:,} {self.noun}"
        )
        field.error_messages.update(required=self.missing_message, empty=self.missing_message)
        self.content = b""

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.content = upload_content(upload, limits_for(self.kind))
        except SpreadsheetError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return upload


def _lifetime() -> timedelta:
    return timedelta(hours=settings.SPREADSHEET_IMPORT_LIFETIME_HOURS)


def stage_rows(*, kind: str, scope: str, owner, filename: str, rows: list) -> StagedImport:
    """Keep parsed rows for the confirm step (and forget uploads older than their lifetime)."""
    StagedImport.objects.filter(created_at__lt=timezone.now() - _lifetime()).delete()
    return StagedImport.objects.create(
        kind=kind, scope=str(scope), owner=owner, filename=filename[:255], rows=rows
    )


def staged_upload(*, key: str, kind: str, scope: str, owner, lock: bool = False) -> StagedImport:
    """The owner's staged upload for this import and scope; `lock` inside a transaction."""
    try:
        key = uuid.UUID(str(key))
    except ValueError:
        raise StagedImportMissing(UPLOAD_NOT_FOUND_MESSAGE) from None
    uploads = StagedImport.objects.filter(
        key=key,
        kind=kind,
        scope=str(scope),
        owner=owner,
        created_at__gte=timezone.now() - _lifetime(),
    )
    if lock:
        uploads = uploads.select_for_update()
    staged = uploads.first()
    if staged is None:
        raise StagedImportMissing(UPLOAD_NOT_FOUND_MESSAGE)
    return staged


def mark_confirmed(staged: StagedImport) -> None:
    """Called in the import's transaction: a second confirm of the same upload finds it done."""
    staged.confirmed_at = timezone.now()
    staged.save(update_fields=["confirmed_at"])


@dataclass(frozen=True)
class RowError:
    row: int  # spreadsheet row number as people see it (header is row 1)
    field: str  # column name, or "" for an error about the whole row
    message: str


def error_text(error: RowError) -> str:
    """ "Row 4, Amount: …" (or "Row 4: …" for the whole row, or the message alone for the file)."""
    if not error.row:
        return error.message
    where = f"Row {error.row}, {error.field}" if error.field else f"Row {error.row}"
    return f"{where}: {error.message}"


def error_items(errors: list[RowError]) -> list[dict[str, str]]:
    """An error summary's items: each row's error links to that row of the preview table."""
    return [{"href": f"#row-{e.row}" if e.row else "", "text": error_text(e)} for e in errors]


class AllOrNothingResource(resources.ModelResource):
    """Import every row or none; export with every risky cell neutralised."""

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        kwargs["use_transactions"] = True
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, dry_run=dry_run, raise_errors=raise_errors, **kwargs)

    def export(self, queryset=None, **kwargs):
        return neutralise_dataset(super().export(queryset, **kwargs))
