"""prune_documents removes stored files no row points at, never a document's file or a new upload."""

from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage
from django.core.management import call_command

from documents.services import store_document
from tests.documents import samples

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("organisation_documents")]


@pytest.fixture
def storage(monkeypatch):
    fresh = InMemoryStorage()
    monkeypatch.setattr("documents.services.documents_storage", lambda: fresh)
    monkeypatch.setattr(
        "documents.management.commands.prune_documents.documents_storage", lambda: fresh
    )
    return fresh


def prune(*args):
    out = StringIO()
    call_command("prune_documents", *args, stdout=out)
    return out.getvalue()


def test_only_unreferenced_files_are_deleted(storage, officer, organisation):
    document = store_document(
        file=samples.upload(samples.PDF), uploaded_by=officer, owner=organisation
    )
    orphan = storage.save("2026/11/0123456789abcdef0123456789abcdef.pdf", ContentFile(b"%PDF-"))

    assert "Would delete " + orphan in prune("--older-than", "0", "--dry-run")
    assert storage.exists(orphan)

    assert "1 unreferenced file(s) deleted." in prune("--older-than", "0")
    assert not storage.exists(orphan)
    assert storage.exists(document.storage_path)


def test_recent_files_are_left_alone(storage):
    recent = storage.save("2026/12/fedcba9876543210fedcba9876543210.pdf", ContentFile(b"%PDF-"))
    assert "0 unreferenced file(s) deleted." in prune()
    assert storage.exists(recent)
