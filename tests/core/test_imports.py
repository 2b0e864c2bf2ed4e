"""core.imports: each import's limits, staged uploads (owner, kind, scope, lifetime), the upload form."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.imports import (
    UPLOAD_NOT_FOUND_MESSAGE,
    RowError,
    SpreadsheetUploadForm,
    StagedImportMissing,
    error_items,
    error_text,
    mark_confirmed,
    stage_rows,
    staged_upload,
)
from core.models import StagedImport

pytestmark = pytest.mark.django_db


def stage(owner, **kwargs):
    details = {"kind": "providers", "scope": "", "filename": "a.csv", "rows": {"rows": [1]}}
    return stage_rows(owner=owner, **{**details, **kwargs})


def test_a_staged_upload_is_found_only_by_its_owner_kind_and_scope(officer, officer2):
    staged = stage(officer, scope="7")
    found = staged_upload(key=staged.key.hex, kind="providers", scope="7", owner=officer)
    assert found == staged and found.rows == {"rows": [1]}
    for key, kind, scope, owner in [
        (staged.key.hex, "providers", "7", officer2),
        (staged.key.hex, "bulk_awards", "7", officer),
        (staged.key.hex, "providers", "8", officer),
        ("not-a-key", "providers", "7", officer),
        ("0" * 32, "providers", "7", officer),
    ]:
        with pytest.raises(StagedImportMissing, match="could not be found"):
            staged_upload(key=key, kind=kind, scope=scope, owner=owner)


def test_uploads_expire_and_old_ones_are_deleted(officer, settings):
    old = stage(officer)
    StagedImport.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(hours=settings.SPREADSHEET_IMPORT_LIFETIME_HOURS + 1)
    )
    with pytest.raises(StagedImportMissing):
        staged_upload(key=old.key.hex, kind="providers", scope="", owner=officer)
    stage(officer)
    assert not StagedImport.objects.filter(pk=old.pk).exists()


def test_mark_confirmed(officer):
    staged = stage(officer)
    mark_confirmed(staged)
    assert StagedImport.objects.get().confirmed_at is not None


@pytest.mark.parametrize(
    ("error", "text", "href"),
    [
        (RowError(0, "", "Wrong columns"), "Wrong columns", ""),
        (RowError(4, "", "Listed twice"), "Row 4: Listed twice", "#row-4"),
        (RowError(4, "Amount", "Too much"), "Row 4, Amount: Too much", "#row-4"),
    ],
)
def test_error_text_and_summary_items(error, text, href):
    assert error_text(error) == text
    assert error_items([error]) == [{"href": href, "text": text}]


class ThingsForm(SpreadsheetUploadForm):
    kind = "providers"
    label = "Upload things"
    noun = "things"
    missing_message = "Select a file of things"


def test_the_upload_form_states_the_limits_and_reads_within_them(settings):
    settings.SPREADSHEET_IMPORT_LIMITS = {"providers": {"max_bytes": 1024 * 1024, "max_rows": 3}}
    form = ThingsForm()
    assert form.fields["file"].help_text == "A CSV or XLSX file, up to 1 MB and 3 things"
    missing = ThingsForm(data={}, files={})
    assert not missing.is_valid() and missing.errors["file"] == ["Select a file of things"]
    big = ThingsForm(data={}, files={"file": SimpleUploadedFile("a.csv", b"x" * (1024 * 1024 + 1))})
    assert not big.is_valid()
    assert big.errors["file"] == ["The selected file must be smaller than 1 MB"]
    fine = ThingsForm(data={}, files={"file": SimpleUploadedFile("a.csv", b"name\nA\n")})
    assert fine.is_valid() and fine.content == b"name\nA\n"
    assert UPLOAD_NOT_FOUND_MESSAGE.startswith("Your upload could not be found")
