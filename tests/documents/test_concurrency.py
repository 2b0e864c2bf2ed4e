"""Two uploads of the same file for the same owner at the same moment keep one document (PostgreSQL)."""

import threading

import pytest
from django.core.files.storage import storages
from django.db import connection

from documents.models import Document
from documents.services import store_document
from tests.documents import samples

pytestmark = pytest.mark.usefixtures("organisation_documents")


@pytest.mark.django_db(transaction=True)
def test_a_double_submitted_upload_keeps_one_document(postgres, officer, organisation, monkeypatch):
    storage = storages["documents"]
    real_save = storage.save
    barrier = threading.Barrier(2, timeout=10)
    saved = []

    def save_when_both_are_past_the_duplicate_check(*args, **kwargs):
        barrier.wait()
        saved.append(real_save(*args, **kwargs))
        return saved[-1]

    monkeypatch.setattr(storage, "save", save_when_both_are_past_the_duplicate_check)
    kept, errors = [], []

    def upload():
        try:
            document = store_document(
                file=samples.upload(samples.PDF), uploaded_by=officer, owner=organisation
            )
            kept.append(document.pk)
        except Exception as error:  # noqa: BLE001 - the test reports any failure below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=upload) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    [document] = Document.objects.all()
    assert kept == [document.pk, document.pk]
    assert len(saved) == 2  # both got past the duplicate check: the constraint decided
    assert [path for path in saved if storage.exists(path)] == [document.storage_path]
