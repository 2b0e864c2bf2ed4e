"""The historic-contracts import: a dry run writes nothing, and a file with a bad row (1+2
breaks the N plus M rule) is refused whole, naming the row."""

import pytest

from commissioning.contract_services import import_historic_contracts
from commissioning.models import Contract
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "reference,provider,service,start_date,initial_months,options,annual_value,"
    "commissioner_notice_months,provider_notice_months\n"
)
GOOD = [
    "H-1,Safe Haven Trust,Advisers,2022-04-01,36,12,45000,3,6",
    "H-2,Safe Haven Trust,Outreach,2023-04-01,24,12+12,30000.50,3,3",
]


def test_a_good_file_imports_every_row_and_a_dry_run_nothing(officer):
    OrganisationFactory(name="Safe Haven Trust")
    text = HEADER + "\n".join(GOOD)
    report = import_historic_contracts(csv_text=text, imported_by=officer, dry_run=True)
    assert report.ok and report.rows == 2 and not Contract.objects.exists()
    report = import_historic_contracts(csv_text=text, imported_by=officer, dry_run=False)
    assert report.ok
    assert sorted(Contract.objects.values_list("reference", "origin")) == [
        ("H-1", "imported"),
        ("H-2", "imported"),
    ]
    assert Contract.objects.get(reference="H-2").term_text() == "2 + 1 + 1 years"


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("H-3,Safe Haven Trust,Vans,2024-04-01,12,24,1000,3,3",
         "Row 4: The extensions total 24 months but the initial term is 12 months"),
        ("H-3,Nobody Ltd,Vans,2024-04-01,12,12,1000,3,3", "Row 4: There is no provider"),
        ("H-1,Safe Haven Trust,Vans,2024-04-01,12,12,1000,3,3", "Row 4: The reference H-1"),
        ("H-3,Safe Haven Trust,Vans,01/04/2024,12,12,1000,3,3", "Row 4: start_date must be"),
    ],
)  # fmt: skip
def test_a_file_with_a_bad_row_is_refused_whole_naming_the_row(officer, bad, message):
    OrganisationFactory(name="Safe Haven Trust")
    text = HEADER + "\n".join([*GOOD, bad])
    report = import_historic_contracts(csv_text=text, imported_by=officer, dry_run=False)
    assert not report.ok
    assert report.errors[0][0] == 4 and report.errors[0][1].startswith(message)
    assert not Contract.objects.exists()


def test_the_import_page_lists_every_bad_row_and_imports_nothing(client_for, officer):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    OrganisationFactory(name="Safe Haven Trust")
    client = client_for(officer)
    url = reverse("commissioning:contract_import")
    assert client.get(url).status_code == 200
    bad = "H-3,Safe Haven Trust,Vans,2024-04-01,12,24,1000,3,3"
    text = (HEADER + "\n".join([*GOOD, bad])).encode()
    response = client.post(url, {"file": SimpleUploadedFile("c.csv", text, "text/csv")})
    assert response.status_code == 400
    assert "Row 4: The extensions total 24 months" in response.content.decode()
    assert not Contract.objects.exists()
    good = (HEADER + "\n".join(GOOD)).encode()
    response = client.post(url, {"file": SimpleUploadedFile("c.csv", good, "text/csv")})
    assert response.status_code == 302
    assert Contract.objects.count() == 2


def test_providers_cannot_import(client_for, provider_user):
    from django.urls import reverse

    assert (
        client_for(provider_user).get(reverse("commissioning:contract_import")).status_code == 403
    )
