"""The contract page, cached whole under one query's versions (contract_page_facts): each kind of
change shows on the next request, an approval decided in the approvals engine shows at once, a
reader of a cached page gets their own CSRF token, what one user may do is never shown to another,
and a cached page reads nothing but its versions."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from approvals.fragments import CSRF_SLOT
from commissioning.contract_services import (
    ActionInput,
    MeasureInput,
    attach_contract_document,
    create_contract,
    record_contract_payment,
    record_feedback,
    record_meeting,
    record_provider_agreement,
    request_contract_approval,
    request_extension_approval,
    save_outcome_measures,
)
from commissioning.models import Contract
from tests.documents.samples import PDF, upload

from .contract_factories import active_contract, approved, contract_details, ready_option

pytestmark = pytest.mark.django_db


def _page(client, contract) -> str:
    return client.get(contract.get_absolute_url()).content.decode()


def test_every_kind_of_record_shows_on_the_next_request(client_for, officer, finance_approver):
    contract = active_contract(officer, start=date(2025, 4, 1))
    client = client_for(officer)
    assert "No open actions." in _page(client, contract)
    record_meeting(
        contract=contract,
        held_on=date(2025, 5, 1),
        attendees="Olive",
        notes="Quarterly review",
        actions=[ActionInput("Send the referral data", "Pat", date(2025, 8, 1))],
        recorded_by=officer,
    )
    body = _page(client, contract)
    assert "Send the referral data: Pat, due 1 August 2025" in body
    record_feedback(
        contract=contract,
        kind="dip_sample",
        received_on=date(2025, 6, 1),
        summary="Case files complete",
        recorded_by=officer,
    )
    assert "Case files complete" in _page(client, contract)
    save_outcome_measures(
        contract=contract, measures=[MeasureInput("Referrals seen", Decimal(40))], edited_by=officer
    )
    assert "Referrals seen" in _page(client, contract)
    attach_contract_document(
        contract=contract, document=upload(PDF, "Signed contract.pdf"), uploaded_by=officer
    )
    assert "Signed contract.pdf" in _page(client, contract)
    assert "No payments recorded yet." in _page(client, contract)
    record_contract_payment(
        contract=contract,
        commitment=contract.award.commitments.first(),
        paid_on=date(2025, 6, 1),
        amount=Decimal("1234.56"),
        reference="PAY-77",
        recorded_by=finance_approver,
    )
    body = _page(client, contract)
    assert "reference PAY-77" in body and "No payments recorded yet." not in body


def test_an_option_approved_elsewhere_shows_at_once(client_for, officer):
    contract = active_contract(officer, start=date(2025, 10, 1))
    client = client_for(officer)
    assert "Not requested" in _page(client, contract)
    ready_option(officer, contract.option_rows()[0])  # agreed, sent and approved
    body = _page(client, contract)
    assert "Pat Jones, chief executive on 1 May 2026" in body and "Not requested" not in body


def test_what_the_office_may_do_is_never_shown_to_the_provider(
    client_for, officer, provider_user, organisation
):
    contract = active_contract(officer, provider=organisation)
    assert "Record a meeting" in _page(client_for(officer), contract)
    body = _page(client_for(provider_user), contract)
    assert "Record a meeting" not in body and "Add a document" not in body


def test_the_policy_in_force_on_the_start_sets_the_deadlines(client_for, officer):
    from commissioning.models import ContractPolicy

    contract = active_contract(officer, start=date(2025, 10, 1))  # 2 + 1: ends 30 Sep 2027
    client = client_for(officer)
    assert "30 Mar 2027" in _page(client, contract)  # 6 months' lead (the seeded policy)
    ContractPolicy.objects.create(
        effective_from=date(2025, 1, 1), decision_lead_months=3, default_notice_months=3, source="T"
    )
    assert "30 Jun 2027" in _page(client, contract)
    ContractPolicy.objects.filter(effective_from__lte=date(2025, 10, 1)).delete()
    assert "No contract policy is in force for this contract" in _page(client, contract)


def test_an_options_approval_decided_elsewhere_shows_at_once(client_for, officer):
    contract = active_contract(officer, start=date(2025, 10, 1))
    option = contract.option_rows()[0]
    record_provider_agreement(
        option=option, agreed_by="Pat Jones", agreed_on=date(2026, 5, 1), recorded_by=officer
    )
    option = request_extension_approval(option=option, requested_by=officer)
    client = client_for(officer)
    approval = (
        '<dt class="govuk-summary-list__key">Approval</dt><dd class="govuk-summary-list__value">'
    )
    assert f"{approval}Waiting" in _page(client, contract)
    approved(option.approval_request)  # the engine changes the request alone
    assert f"{approval}Approved" in _page(client, contract)


def test_the_awards_approval_decided_elsewhere_shows_at_once(client_for, officer):
    contract = create_contract(details=contract_details(), created_by=officer)
    contract = request_contract_approval(contract=contract, requested_by=officer)
    client = client_for(officer)
    assert 'Award approval</dt><dd class="govuk-summary-list__value">Waiting' in _page(
        client, contract
    )
    approved(contract.approval_request)  # the engine changes the request, not the contract
    assert 'Award approval</dt><dd class="govuk-summary-list__value">Approved' in _page(
        client, contract
    )


def test_each_reader_of_a_cached_contract_page_gets_their_own_token(officer, officer2):
    contract = active_contract(officer, start=date(2025, 10, 1))
    action = reverse("commissioning:option_request_approval", args=[contract.pk, 1])

    def reader(user) -> Client:
        client = Client(enforce_csrf_checks=True)
        client.force_login(user, backend="accounts.backends.RequestUserBackend")
        return client

    reader(officer).get(contract.get_absolute_url())  # fills the cache with the first reader's
    second = reader(officer2)
    body = _page(second, contract)
    assert CSRF_SLOT not in body
    form = body[body.index(f'action="{action}"') :]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    response = second.post(action, {"csrfmiddlewaretoken": token})
    assert response.status_code == 302  # the token was officer2's own: the post got through


def test_a_cached_page_reads_only_its_versions(client_for, officer, django_assert_max_num_queries):
    contract = active_contract(officer, start=date(2025, 4, 1))
    client = client_for(officer)
    first = _page(client, contract)
    with django_assert_max_num_queries(5) as captured:  # session, user, facts, returns' version
        again = _page(client, contract)
    per_response = re.compile(r'(nonce|value)="[^"]*"')  # script nonces and CSRF tokens
    assert per_response.sub("", again) == per_response.sub("", first)
    read = " ".join(q["sql"] for q in captured.captured_queries)
    assert 'commissioning_extensionoption"."months"' not in read  # the options weren't read


def test_a_contract_the_user_may_not_see_is_a_404_before_anything_is_cached(
    client_for, officer, provider_user
):
    contract = active_contract(officer)
    assert client_for(officer).get(contract.get_absolute_url()).status_code == 200
    assert client_for(provider_user).get(contract.get_absolute_url()).status_code == 404
    missing = reverse("commissioning:contract_detail", args=[Contract.objects.count() + 99])
    assert client_for(officer).get(missing).status_code == 404
