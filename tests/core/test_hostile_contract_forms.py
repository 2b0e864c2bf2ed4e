"""The contract forms (agreement, decline, break notice, de-commissioning, meeting, feedback,
payment, outcome measures) and the contract list's filters driven with hostile values like every
other form (tests/core/test_hostile_input.py): never a 500, a message in the user's words, and
nothing recorded when refused."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from django.urls import reverse

from tests.commissioning.contract_factories import active_contract
from tests.conftest import govuk_dates
from tests.core import test_hostile_input as hostile

pytestmark = pytest.mark.django_db

# Every hostile value is refused where a number (money or a target) is typed.
NUMBER_REFUSED = set(hostile.HOSTILE)
CONTRACT_MODELS = (
    "commissioning.Contract", "commissioning.ExtensionOption", "commissioning.BreakNotice",
    "commissioning.DecommissioningDecision", "commissioning.ContractMeeting",
    "commissioning.MeetingAction", "commissioning.FeedbackEntry", "commissioning.OutcomeMeasure",
    "grants.Payment",
)  # fmt: skip


@pytest.fixture(autouse=True)
def _watch_contracts(monkeypatch):
    monkeypatch.setattr(hostile, "WATCHED", (*hostile.WATCHED, *CONTRACT_MODELS))


@pytest.fixture
def contract(officer):
    return active_contract(officer, start=date(2025, 10, 1))  # 2 + 1, ends 30 September 2027


def _url(name: str, contract, *number) -> str:
    return reverse(f"commissioning:{name}", args=[contract.pk, *number])


def test_option_forms(client_for, officer, contract):
    client = client_for(officer)
    agreement = govuk_dates({"agreed_by": "Pat Jones", "agreed_on": "2026-11-02"})
    hostile._drive(
        client,
        _url("option_agreement", contract, 1),
        agreement,
        ["agreed_by", "agreed_on_day", "agreed_on_month", "agreed_on_year"],
    )
    decline = {"reason": "No longer needed", "confirm": "on"}
    hostile._drive(client, _url("option_decline", contract, 1), decline, ["reason"])


def test_ending_forms(client_for, officer, contract):
    client = client_for(officer)
    notice = govuk_dates(
        {
            "party": "provider",
            "given_by": "Sam Lee",
            "given_on": "2026-11-01",
            "stated_end": "",
            "reason": "Closing the service",
            "confirm": "on",
        }
    )
    fields = ["party", "given_by", "given_on_day", "given_on_year", "stated_end_year", "reason"]
    hostile._drive(client, _url("contract_break", contract), notice, fields)
    decision = govuk_dates(
        {
            "reason": "Referrals moved",
            "risks_to_service_users": "Mid-programme clients",
            "mitigation": "Warm handover",
            "exit_plan": "No new referrals",
            "provider_agreed_by": "Jo Patel",
            "provider_agreed_on": "2026-11-02",
            "ends_on": "2027-01-31",
            "confirm": "on",
        }
    )
    fields = ["reason", "risks_to_service_users", "mitigation", "exit_plan",
              "provider_agreed_by", "provider_agreed_on_month", "ends_on_day"]  # fmt: skip
    hostile._drive(client, _url("contract_decommission", contract), decision, fields)


def test_management_forms(client_for, officer, contract):
    client = client_for(officer)
    meeting = govuk_dates(
        {
            "held_on": "2026-11-01",
            "attendees": "Olive, Pat",
            "notes": "Referrals are up.",
            "action": "Send the data",
            "action_owner": "Pat",
            "action_due_on": "2026-12-01",
            "request_key": str(uuid.uuid4()),
        }
    )
    fields = ["held_on_day", "held_on_year", "attendees", "notes", "action", "action_owner",
              "action_due_on_month"]  # fmt: skip
    hostile._drive(client, _url("contract_meeting", contract), meeting, fields)
    feedback = govuk_dates(
        {"kind": "dip_sample", "received_on": "2026-11-01", "summary": "Five files checked"}
    )
    fields = ["kind", "received_on_day", "summary"]
    hostile._drive(client, _url("contract_feedback", contract), feedback, fields)


def test_outcome_measures_form(client_for, officer, contract):
    from commissioning.contract_services import measures_fingerprint

    base = {
        "opened_at": measures_fingerprint([]),
        "measures-TOTAL_FORMS": "1",
        "measures-INITIAL_FORMS": "0",
        "measures-MIN_NUM_FORMS": "1",
        "measures-MAX_NUM_FORMS": "20",
        "measures-0-metric": "Victims supported",
        "measures-0-unit": "people",
        "measures-0-target": "120",
        "measures-0-direction": "at_least",
    }
    client = client_for(officer)
    url = _url("contract_measures", contract)
    hostile._drive(client, url, base, ["measures-0-target"], refused=NUMBER_REFUSED)
    hostile._drive(
        client, url, base, ["measures-0-metric", "measures-0-unit", "measures-0-direction"]
    )


def test_contract_payment_form(client_for, officer, finance_approver, contract):
    base = govuk_dates(
        {
            "commitment": str(contract.award.commitments.first().pk),
            "paid_on": "2026-06-01",
            "amount": "100.00",
            "reference": "INV-1",
            "request_key": str(uuid.uuid4()),
        }
    )
    client = client_for(finance_approver)
    url = _url("contract_payment", contract)
    hostile._drive(client, url, base, ["amount"], refused=NUMBER_REFUSED)
    hostile._drive(client, url, base, ["commitment", "paid_on_day", "paid_on_year", "reference"])


@pytest.mark.parametrize(
    "params",
    [
        {"provider_name": "\x00"},
        {"stream": hostile.HUGE},
        {"state": "\x00", "sort": "\x00", "page": hostile.HUGE},
        {"ending_within": "1e40", "decisions_due": "\x00"},
        {"provider_name": "x" * 10_000, "format": "\x00"},
    ],
)
def test_contract_list_filters_refuse_nuls_and_huge_numbers(client_for, officer, params):
    response = client_for(officer).get(reverse("commissioning:contract_list"), params)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page or "govuk-error-message" in page, "no message"


@pytest.mark.parametrize(
    "url",
    [f"/commissioning/contracts/{hostile.HUGE}/", "/commissioning/contracts/2147483648/"],
)
def test_thirty_digit_contract_ids_are_not_found(client_for, officer, url):
    assert client_for(officer).get(url).status_code == 404


def test_draft_terms_form(client_for, officer):
    from commissioning.contract_services import create_contract
    from tests.commissioning.contract_factories import contract_details

    draft = create_contract(details=contract_details(reference="C-DRAFT"), created_by=officer)
    base = {
        "initial_months": "24",
        "option_months": "12",
        "commissioner_notice_months": "3",
        "provider_notice_months": "6",
    }
    fields = ["initial_months", "option_months", "commissioner_notice_months"]
    hostile._drive(
        client_for(officer), _url("contract_terms", draft), base, fields, refused=NUMBER_REFUSED
    )
