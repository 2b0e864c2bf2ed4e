"""store_document: refuses bad files in words, stores privately under a random path, never twice."""

import pytest
from auditlog.models import LogEntry
from django.core.files.storage import storages

from documents import filetypes as ft
from documents.models import Document
from documents.permissions import unregister_owner
from documents.selectors import documents_for
from documents.services import DOCUMENT_UPLOADED, DocumentRefused, store_document
from providers.models import Organisation
from tests.documents import samples

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("organisation_documents")]


def store(upload, *, user, owner, **kwargs):
    return store_document(file=upload, uploaded_by=user, owner=owner, **kwargs)


def test_a_renamed_executable_called_pdf_is_refused(officer, organisation):
    upload = samples.upload(samples.EXE, name="annual-report.pdf", content_type="application/pdf")
    with pytest.raises(DocumentRefused, match="^The selected file must be a PDF, Word document"):
        store(upload, user=officer, owner=organisation)
    assert not Document.objects.exists()


def test_an_eleven_megabyte_file_is_refused_with_a_clear_message(officer, organisation):
    upload = samples.upload(samples.PDF + b"\x00" * (11 * samples.MB))
    with pytest.raises(DocumentRefused) as refused:
        store(upload, user=officer, owner=organisation)
    assert str(refused.value) == "The file must be smaller than 10 MB"
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    "uploaded_name",
    ["Annual report 2026.pdf", "../../../etc/passwd.pdf", "report%2Fx.pdf", "ann@example.pdf"],
)
def test_the_stored_path_never_contains_the_uploaded_name(officer, organisation, uploaded_name):
    document = store(
        samples.upload(samples.PDF, name=uploaded_name), user=officer, owner=organisation
    )
    stem = uploaded_name.rsplit("/", 1)[-1].removesuffix(".pdf")
    assert stem not in document.storage_path
    assert ".." not in document.storage_path
    assert document.storage_path.endswith(f"{document.storage_path[8:40]}.pdf")
    assert len(document.storage_path.rsplit("/", 1)[-1]) == len("0" * 32 + ".pdf")
    assert document.name.endswith(stem + ".pdf")  # kept for display


def test_a_kept_document_records_what_it_really_is(officer, organisation):
    import hashlib

    content = samples.xlsx()
    upload = samples.upload(content, name="budget.xlsx", content_type="text/plain")
    document = store(upload, user=officer, owner=organisation, purpose="budget")
    assert document.file_type == "xlsx"
    assert document.type.mime == ft.XLSX.mime
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.size == len(content)
    assert (document.owner_type, document.owner_id) == (
        "providers.organisation",
        str(organisation.pk),
    )
    assert document.uploaded_by == officer
    with storages["documents"].open(document.storage_path) as stored:
        assert stored.read() == content
    assert list(documents_for(organisation)) == [document]
    assert list(documents_for(organisation, purpose="other")) == []


def test_the_owner_history_records_the_upload(officer, organisation):
    document = store(samples.upload(samples.PDF, name="bid.pdf"), user=officer, owner=organisation)
    entry = LogEntry.objects.get_for_object(organisation).filter(
        additional_data__event=DOCUMENT_UPLOADED
    )
    assert entry.get().additional_data["document"] == str(document.public_id)
    assert entry.get().actor == officer


def test_the_same_file_twice_for_the_same_owner_and_use_is_kept_once(officer, organisation):
    first = store(samples.upload(samples.PDF), user=officer, owner=organisation)
    again = store(samples.upload(samples.PDF, name="again.pdf"), user=officer, owner=organisation)
    other_use = store(samples.upload(samples.PDF), user=officer, owner=organisation, purpose="x")
    assert again == first
    assert other_use != first
    assert Document.objects.count() == 2


def test_a_narrower_use_is_enforced_by_the_service(officer, organisation):
    with pytest.raises(DocumentRefused, match="^The selected file must be a PDF$"):
        store(
            samples.upload(samples.CSV, name="a.csv"),
            user=officer,
            owner=organisation,
            allowed_types=[ft.PDF],
        )


def test_nothing_is_stored_when_the_record_cannot_be_written(officer, organisation, monkeypatch):
    saved = []
    storage = storages["documents"]
    real_save = storage.save
    monkeypatch.setattr(
        storage, "save", lambda *a, **k: saved.append(real_save(*a, **k)) or saved[-1]
    )

    def fail(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("documents.services.record_event", fail)
    with pytest.raises(RuntimeError):
        store(samples.upload(samples.PDF), user=officer, owner=organisation)
    assert not Document.objects.exists()
    assert saved and not storage.exists(saved[0])


def test_an_owner_without_a_download_rule_is_a_programming_error(officer, organisation):
    unregister_owner(Organisation)
    with pytest.raises(ValueError, match="No download rule"):
        store(samples.upload(samples.PDF), user=officer, owner=organisation)


def test_an_unsaved_owner_or_missing_file_is_refused(officer, organisation):
    with pytest.raises(ValueError):
        store(samples.upload(samples.PDF), user=officer, owner=Organisation(name="Unsaved"))
    with pytest.raises(DocumentRefused, match="^Select a file$"):
        store(None, user=officer, owner=organisation)
