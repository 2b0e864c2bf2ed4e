"""Downloads go through the owner's rule: the right user gets an attachment, anyone else a 404."""

import uuid

import pytest
from django.urls import reverse

from documents.models import Document
from documents.permissions import unregister_owner
from documents.services import store_document
from providers.models import Organisation
from tests.documents import samples

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("organisation_documents")]


@pytest.fixture
def document(officer, organisation):
    upload = samples.upload(samples.PDF, name="Signed agreement.pdf")
    return store_document(file=upload, uploaded_by=officer, owner=organisation)


def url(document):
    return reverse("documents:download", args=[document.public_id])


def test_the_owners_user_downloads_it_as_an_attachment(client_for, provider_user, document):
    response = client_for(provider_user).get(url(document))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == samples.PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Signed agreement.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"


def test_an_officer_may_download_it_too(client_for, officer, document):
    assert client_for(officer).get(url(document)).status_code == 200


def test_another_users_download_url_answers_404(client_for, other_provider_user, document):
    response = client_for(other_provider_user).get(url(document))
    assert response.status_code == 404
    assert b"%PDF" not in response.content


def test_signed_out_people_are_sent_to_sign_in(client, document):
    response = client.get(url(document))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_an_unknown_document_answers_404(client_for, officer):
    missing = reverse("documents:download", args=[uuid.uuid4()])
    assert client_for(officer).get(missing).status_code == 404


def test_without_a_registered_rule_nobody_downloads(client_for, officer, document):
    unregister_owner(Organisation)
    assert client_for(officer).get(url(document)).status_code == 404


def test_when_the_owner_is_gone_nobody_downloads(client_for, officer, document):
    Document.objects.filter(pk=document.pk).update(owner_id="999999")
    assert client_for(officer).get(url(document)).status_code == 404


def test_a_file_missing_from_storage_answers_404_not_500(client_for, officer, document):
    from django.core.files.storage import storages

    storages["documents"].delete(document.storage_path)
    assert client_for(officer).get(url(document)).status_code == 404


def test_only_get_is_allowed(client_for, officer, document):
    assert client_for(officer).post(url(document)).status_code == 405


def test_a_download_takes_the_same_queries_however_many_documents(
    client_for, officer, organisation, document, django_assert_max_num_queries
):
    client = client_for(officer)
    with django_assert_max_num_queries(8):
        client.get(url(document))
    for i in range(20):
        upload = samples.upload(samples.PDF + str(i).encode(), name=f"{i}.pdf")
        store_document(file=upload, uploaded_by=officer, owner=organisation)
    with django_assert_max_num_queries(8):
        client.get(url(document))
