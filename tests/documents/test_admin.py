"""Documents in admin are metadata to look at: no adding, editing, deleting, or file links."""

import pytest
from django.urls import reverse

from tests.documents import samples

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("organisation_documents")]


def test_admin_lists_documents_read_only(client, django_user_model, officer, organisation):
    from documents.services import store_document

    document = store_document(
        file=samples.upload(samples.PDF, name="Agreement.pdf"),
        uploaded_by=officer,
        owner=organisation,
    )
    superuser = django_user_model.objects.create_superuser("t_super", "s@example.test", "x")
    client.force_login(superuser, backend="accounts.backends.RequestUserBackend")
    listing = client.get(reverse("admin:documents_document_changelist"))
    assert listing.status_code == 200
    assert b"Agreement.pdf" in listing.content
    assert document.storage_path.encode() not in listing.content
    assert client.get(reverse("admin:documents_document_add")).status_code == 403
    change = client.post(
        reverse("admin:documents_document_change", args=[document.pk]), {"name": "x.pdf"}
    )
    assert change.status_code == 403
    document.refresh_from_db()
    assert document.name == "Agreement.pdf"
