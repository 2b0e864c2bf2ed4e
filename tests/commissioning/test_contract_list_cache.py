"""The contract list's cached filters and table: any change to what a row shows (an option
exercised or declined, a provider renamed, a contract added) shows on the next request, the count
follows, a provider never sees a table cached for the office; the `updated_at` stamp the version
reads; and the streamed download's current ends and constant queries."""

from datetime import date

import pytest
from django.urls import reverse

from commissioning.contract_services import (
    create_contract,
    decline_extension,
    exercise_extension,
)
from commissioning.models import Contract, ExtensionOption
from tests.factories import OrganisationFactory

from .contract_factories import active_contract, contract_details, ready_option
from .test_contract_views import many_contracts

pytestmark = pytest.mark.django_db

URL = "/commissioning/contracts/"


def _body(client, **params) -> str:
    response = client.get(URL, params)
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def test_an_exercised_option_moves_the_current_end_on_the_next_request(client_for, officer):
    contract = active_contract(officer, start=date(2025, 10, 1))  # 2 + 1: ends 30 Sep 2027
    option = ready_option(officer, contract.option_rows()[0])
    client = client_for(officer)
    body = _body(client)
    assert "30 Sep 2027" in body and "Option 1: 30 Mar 2027" in body
    exercise_extension(option=option, exercised_by=officer, today=date(2026, 6, 1))
    body = _body(client)
    assert "30 Sep 2028" in body and "Option 1: 30 Mar 2027" not in body


def test_a_declined_option_and_a_renamed_provider_show_at_once(client_for, officer):
    contract = active_contract(officer, start=date(2025, 10, 1))
    client = client_for(officer)
    assert "Option 1: 30 Mar 2027" in _body(client, state="active")
    decline_extension(option=contract.option_rows()[0], declined_by=officer, reason="Not needed")
    assert "Option 1: 30 Mar 2027" not in _body(client, state="active")
    provider = contract.provider
    provider.name = "Renamed Haven Trust"
    provider.save()
    assert "Renamed Haven Trust" in _body(client, state="active")


def test_the_count_follows_a_new_contract(client_for, officer):
    create_contract(details=contract_details(reference="C-1", shares=()), created_by=officer)
    client = client_for(officer)
    assert "Contracts (1)" in _body(client)
    create_contract(details=contract_details(reference="C-2", shares=()), created_by=officer)
    body = _body(client)
    assert "Contracts (2)" in body and "C-2" in body


def test_a_provider_never_sees_the_table_cached_for_the_office(
    client_for, officer, provider_user, organisation
):
    create_contract(details=contract_details(reference="C-OTHER", shares=()), created_by=officer)
    create_contract(
        details=contract_details(reference="C-MINE", provider=organisation, shares=()),
        created_by=officer,
    )
    assert "C-OTHER" in _body(client_for(officer))
    body = _body(client_for(provider_user))
    assert "C-MINE" in body and "C-OTHER" not in body


def test_a_save_naming_its_fields_still_stamps_updated_at(officer):
    contract = create_contract(details=contract_details(shares=()), created_by=officer)
    option = contract.option_rows()[0]
    before = (contract.updated_at, option.updated_at)
    contract.title = "Renamed service"
    contract.save(update_fields=["title"])
    option.reason = "Noted"
    option.save(update_fields=["reason"])
    contract.refresh_from_db()
    option.refresh_from_db()
    assert contract.updated_at > before[0] and option.updated_at > before[1]


def test_the_download_streams_each_contracts_current_end(client_for, officer):
    contract = active_contract(officer, start=date(2025, 10, 1), reference="C-EXT")
    option = ready_option(officer, contract.option_rows()[0])
    exercise_extension(option=option, exercised_by=officer, today=date(2026, 6, 1))
    body = _body(client_for(officer), format="csv")
    assert "C-EXT" in body
    row = next(line for line in body.splitlines() if line.startswith("C-EXT"))
    assert row.endswith(",2 + 1 years,2025-10-01,2028-09-30,Active")


@pytest.mark.parametrize("count", [10, 1200])
def test_the_download_keeps_its_queries_few(
    client_for, officer, django_assert_max_num_queries, count
):
    many_contracts(officer, count, OrganisationFactory(name="Bulk Provider"))
    client = client_for(officer)
    with django_assert_max_num_queries(10):  # one query of options per 500 contracts
        body = _body(client, format="csv")
    assert body.count("BULK-") == count == Contract.objects.count()
    assert ExtensionOption.objects.count() == count
    assert ",2 + 1 years,2026-04-01,2028-03-31,Draft" in body


def test_the_list_page_links_its_download(client_for, officer):
    create_contract(details=contract_details(reference="C-1", shares=()), created_by=officer)
    body = client_for(officer).get(reverse("commissioning:contract_list"), {"state": "draft"})
    assert "state=draft&amp;format=csv" in body.content.decode()
