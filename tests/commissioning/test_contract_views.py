"""Contract pages: the list's filters and constant query count, the detail's timeline, the
action forms, and providers seeing only their own contracts (404 on others)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from commissioning.contract_services import create_contract
from commissioning.models import Contract, ContractState, ExtensionOption
from tests.factories import OrganisationFactory

from .contract_factories import active_contract, contract_details, ready_option

pytestmark = pytest.mark.django_db


def many_contracts(officer, count: int, provider) -> None:
    """`count` draft contracts in bulk (the list only reads them)."""
    Contract.objects.bulk_create(
        Contract(
            reference=f"BULK-{n:05d}",
            provider=provider,
            title="Bulk service",
            origin="tender",
            annual_value="1000",
            start_date=date(2026, 4, 1),
            initial_months=24,
            commissioner_notice_months=3,
            provider_notice_months=3,
            created_by=officer,
        )
        for n in range(count)
    )
    ExtensionOption.objects.bulk_create(
        ExtensionOption(contract=c, sequence=1, months=12) for c in Contract.objects.all()
    )


@pytest.mark.parametrize("count", [10, 1000])
def test_the_list_keeps_a_constant_query_count(
    client_for, officer, django_assert_max_num_queries, count
):
    many_contracts(officer, count, OrganisationFactory(name="Bulk Provider"))
    client = client_for(officer)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("commissioning:contract_list"), {"sort": "-provider"})
    assert response.status_code == 200
    assert b"BULK-00000" in response.content or b"BULK-0" in response.content


def test_the_provider_filter_is_a_name_search_not_a_list_of_every_organisation(client_for, officer):
    many_contracts(officer, 3, OrganisationFactory(name="Ely Women's Aid"))
    OrganisationFactory.create_batch(30)  # a national directory would be thousands
    Contract.objects.filter(reference="BULK-00002").update(
        provider=OrganisationFactory(name="March Mediation")
    )
    client = client_for(officer)
    url = reverse("commissioning:contract_list")
    body = client.get(url).content.decode()
    assert body.count("<option") < 20  # statuses and streams only
    body = client.get(url, {"provider_name": "  women's   AID "}).content.decode()
    assert "BULK-00000" in body and "BULK-00002" not in body
    march = Contract.objects.get(reference="BULK-00002").provider_id
    body = client.get(url, {"provider": march}).content.decode()  # links elsewhere name an id
    assert "BULK-00002" in body and "BULK-00000" not in body
    assert f'name="provider" value="{march}"' in body  # kept while other filters change


def test_the_list_filters_by_status_and_decisions_due(client_for, officer):
    contract = active_contract(officer, start=date(2025, 4, 1))  # ends 31 March 2027
    create_contract(details=contract_details(reference="C-DRAFT", shares=()), created_by=officer)
    client = client_for(officer)
    url = reverse("commissioning:contract_list")
    body = client.get(url, {"state": ContractState.ACTIVE}).content.decode()
    assert contract.reference in body and "C-DRAFT" not in body
    body = client.get(url, {"decisions_due": "on"}).content.decode()
    assert contract.reference in body and "C-DRAFT" not in body


def test_the_detail_shows_the_timeline_and_the_end_moves_when_exercised(client_for, officer):
    contract = active_contract(officer, start=date(2025, 10, 1))  # 2 + 1: ends 30 Sep 2027
    option = ready_option(officer, contract.option_rows()[0])
    client = client_for(officer)
    url = contract.get_absolute_url()
    body = client.get(url).content.decode()
    assert "30 September 2027" in body and "Option 1" in body
    response = client.post(
        reverse("commissioning:option_exercise", args=[contract.pk, option.sequence])
    )
    assert response.status_code == 302
    body = client.get(url).content.decode()
    assert 'id="current-end">30 September 2028<' in body


def test_a_break_notice_needs_confirmation(client_for, officer):
    contract = active_contract(officer)
    client = client_for(officer)
    url = reverse("commissioning:contract_break", args=[contract.pk])
    data = {
        "party": "provider",
        "given_by": "Sam Lee",
        "given_on_day": "15",
        "given_on_month": "1",
        "given_on_year": "2027",
        "reason": "Closing the service",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "cannot be undone" in response.content.decode()
    response = client.post(url, {**data, "confirm": "on"})
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.state == ContractState.TERMINATED


def test_providers_see_their_own_contracts_read_only(
    client_for, officer, provider_user, organisation, other_organisation
):
    own = create_contract(
        details=contract_details(provider=organisation, shares=()), created_by=officer
    )
    other = create_contract(
        details=contract_details(provider=other_organisation, reference="C-2", shares=()),
        created_by=officer,
    )
    client = client_for(provider_user)
    assert client.get(own.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404
    body = client.get(reverse("commissioning:contract_list")).content.decode()
    assert own.reference in body and "C-2" not in body
    response = client.post(reverse("commissioning:contract_break", args=[own.pk]), {})
    assert response.status_code == 403


def test_an_officer_records_a_meeting_with_an_action_and_sees_it_open(client_for, officer):
    contract = active_contract(officer, start=date(2025, 4, 1))
    client = client_for(officer)
    url = reverse("commissioning:contract_meeting", args=[contract.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "held_on_day": "1",
            "held_on_month": "7",
            "held_on_year": "2025",
            "attendees": "Olive, Pat",
            "notes": "Referrals are up.",
            "action": "Send the referral data",
            "action_owner": "Pat",
        },
    )
    assert response.status_code == 400
    assert "who owns it and when it is due" in response.content.decode()
    response = client.post(
        url,
        {
            "held_on_day": "1",
            "held_on_month": "7",
            "held_on_year": "2025",
            "attendees": "Olive, Pat",
            "notes": "Referrals are up.",
            "action": "Send the referral data",
            "action_owner": "Pat",
            "action_due_on_day": "1",
            "action_due_on_month": "8",
            "action_due_on_year": "2025",
        },
    )
    assert response.status_code == 302
    body = client.get(contract.get_absolute_url()).content.decode()
    assert "Send the referral data: Pat, due 1 August 2025" in body


def test_the_list_downloads_as_formula_safe_csv(client_for, officer):
    create_contract(
        details=contract_details(reference="C-9", title="=HYPERLINK(1)", shares=()),
        created_by=officer,
    )
    response = client_for(officer).get(reverse("commissioning:contract_list"), {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode()
    assert body.splitlines()[0].startswith("Reference,Service")
    assert "'=HYPERLINK(1)" in body


@pytest.mark.parametrize("meetings", [1, 12])
def test_the_detail_keeps_a_constant_query_count(
    client_for, officer, finance_approver, django_assert_max_num_queries, meetings
):
    from commissioning.contract_services import (
        ActionInput,
        MeasureInput,
        record_contract_payment,
        record_feedback,
        record_meeting,
        save_outcome_measures,
    )

    contract = active_contract(
        officer, start=date(2025, 4, 1), options=(12, 12), initial=36, annual="20000"
    )
    for n in range(meetings):
        held = date(2025, 5, 1) + timedelta(days=30 * n)
        record_meeting(
            contract=contract,
            held_on=held,
            attendees="Olive",
            notes="Notes",
            actions=[ActionInput(f"Action {n}-{i}", "Pat", held) for i in range(3)],
            recorded_by=officer,
        )
        record_feedback(
            contract=contract,
            kind="dip_sample",
            received_on=held,
            summary="Fine",
            recorded_by=officer,
        )
    save_outcome_measures(
        contract=contract,
        measures=[MeasureInput(f"Measure {n}", Decimal(n)) for n in range(meetings)],
        edited_by=officer,
    )
    for commitment in contract.award.commitments.all()[:meetings]:
        record_contract_payment(
            contract=contract,
            commitment=commitment,
            paid_on=date(2025, 6, 1),
            amount=Decimal("1.00"),
            reference="R",
            recorded_by=finance_approver,
        )
    client = client_for(finance_approver)
    with django_assert_max_num_queries(24):  # 24 at both sizes (with the returns panel)
        response = client.get(contract.get_absolute_url())
    assert response.status_code == 200
    assert f"Action {meetings - 1}-2" in response.content.decode()
