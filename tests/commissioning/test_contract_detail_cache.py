"""The contract page's cached records (money, measures, meetings, feedback, documents, history):
each kind of change shows on the next request, an option decided in the approvals engine shows at
once, and what one user may do is never shown to another."""

from datetime import date
from decimal import Decimal

import pytest

from commissioning.contract_services import (
    ActionInput,
    MeasureInput,
    attach_contract_document,
    record_contract_payment,
    record_feedback,
    record_meeting,
    save_outcome_measures,
)
from tests.documents.samples import PDF, upload

from .contract_factories import active_contract, ready_option

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
