"""Documents kept with a contract: officers add them (type checked by content), the contract's
provider can download them, another provider gets 404."""

import pytest
from django.urls import reverse

from commissioning.contract_services import CONTRACT_DOCUMENT
from documents.models import Document
from tests.documents.samples import EXE, PDF, upload

from .contract_factories import active_contract

pytestmark = pytest.mark.django_db


def test_an_officer_adds_a_document_its_provider_downloads_it(
    client_for, officer, provider_user, other_provider_user, organisation
):
    contract = active_contract(officer, provider=organisation)
    client = client_for(officer)
    url = reverse("commissioning:contract_document", args=[contract.pk])
    assert b'enctype="multipart/form-data"' in client.get(url).content
    response = client.post(url, {"document": upload(PDF, "Signed contract.pdf")})
    assert response.status_code == 302
    document = Document.objects.get(purpose=CONTRACT_DOCUMENT)
    assert "Signed contract.pdf" in client.get(contract.get_absolute_url()).content.decode()
    download = reverse("documents:download", args=[document.public_id])
    assert client_for(provider_user).get(download).status_code == 200
    assert client_for(other_provider_user).get(download).status_code == 404


def test_a_disguised_program_is_refused_and_providers_cannot_add(
    client_for, officer, provider_user, organisation
):
    contract = active_contract(officer, provider=organisation)
    url = reverse("commissioning:contract_document", args=[contract.pk])
    response = client_for(officer).post(url, {"document": upload(EXE, "report.pdf")})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert client_for(provider_user).post(url, {"document": upload(PDF)}).status_code == 403
    assert not Document.objects.exists()
