"""Demo contracts through the real services: a 2+1 active with its extension decision due within
6 months, a 3+1 ended by the provider's break notice, a 1+1 de-commissioned, a 2+1+1 draft waiting
for award approval; quarterly meetings with actions still open, and finance's payments. Idempotent:
each contract, meeting and payment has a fixed form key and each step runs from the state before
it; nothing dated after today is recorded."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from core.money import PENNY
from grants.models import FundingStream
from grants.services import ShareInput

from . import contract_terms
from .contract_services import (
    ActionInput,
    ContractDetails,
    activate_contract,
    create_contract,
    decommission_contract,
    give_break_notice,
    open_actions,
    record_contract_payment,
    record_meeting,
    request_contract_approval,
)
from .models import Contract, ContractState

_NAMESPACE = uuid.UUID("5f1d7f2e-7c1b-4a3e-9e55-3b8f0f6d2c10")

# key, reference, provider, service, start, initial months, options, annual value, last step
CONTRACTS = [
    ("idva", "CON-2025-001", "Fenland Victim Support Partnership",
     "Independent domestic violence advisers", date(2025, 10, 1), 24, (12,), "45000", "active"),
    ("rj", "CON-2024-002", "Restorative Futures CIC",
     "Restorative justice for victims and offenders", date(2024, 4, 1), 36, (12,), "30000",
     "break"),
    ("youth", "CON-2026-003", "St Neots Youth Club",
     "Youth diversion sessions", date(2026, 4, 1), 12, (12,), "20000", "decommission"),
    ("hub", "CON-2027-004", "Mind in Cambridgeshire (demo)",
     "Victim hub mental health support", date(2027, 4, 1), 24, (12, 12), "60000", "draft"),
]  # fmt: skip


def _make(key, reference, provider, title, start, months, options, annual, stream, officer):
    request_key = uuid.uuid5(_NAMESPACE, key)
    found = Contract.objects.filter(request_key=request_key).first()
    if found is not None:
        return found
    value = Decimal(annual)
    return create_contract(
        details=ContractDetails(
            reference=reference,
            provider=provider,
            title=title,
            start_date=start,
            initial_months=months,
            option_months=options,
            annual_value=value,
            commissioner_notice_months=3,
            provider_notice_months=6,
            shares=(ShareInput(amount=contract_terms.term_value(value, months), stream=stream),),
        ),
        created_by=officer,
        request_key=request_key,
    )


def _let(contract: Contract, officer, finance) -> Contract:
    from approvals.engine.services import decide_approval_request

    if contract.approval_request_id is None:
        contract = request_contract_approval(contract=contract, requested_by=officer)
    if contract.approval_request.state == "pending":
        decide_approval_request(
            request=contract.approval_request, decided_by=finance, outcome="approved"
        )
        contract.refresh_from_db()
    return activate_contract(contract=contract, activated_by=officer)


def seed(*, users: dict, organisations: dict) -> list[Contract]:
    officer, finance = users["officer"], users["finance"]
    stream = FundingStream.objects.get(short_name="MoJ Victims")
    made = []
    for key, reference, provider, title, start, months, options, annual, last in CONTRACTS:
        contract = _make(
            key, reference, organisations[provider], title, start, months, options, annual,
            stream, officer,
        )  # fmt: skip
        if last != "draft" and contract.state == ContractState.DRAFT:
            contract = _let(contract, officer, finance)
        elif last == "draft" and contract.approval_request_id is None:
            contract = request_contract_approval(contract=contract, requested_by=officer)
        if last == "break" and contract.state == ContractState.ACTIVE:
            give_break_notice(
                contract=contract,
                party="provider",
                given_on=date(2026, 6, 1),
                given_by="Alex Morgan, director",
                reason="The provider is merging into a regional service.",
                recorded_by=officer,
            )
        if last == "decommission" and contract.state == ContractState.ACTIVE:
            decommission_contract(
                contract=contract,
                reason="Referrals moved to the county's new youth offer.",
                risks_to_service_users="Young people mid-programme lose their worker.",
                mitigation="Each young person is introduced to a county youth worker first.",
                exit_plan="No new referrals from 1 December; last sessions in January.",
                provider_agreed_by="Jo Patel, manager",
                provider_agreed_on=date(2026, 11, 2),
                ends_on=date(2027, 1, 31),
                decided_by=officer,
                today=date(2026, 11, 3),
            )
        made.append(contract)
    by_key = {row[0]: c for row, c in zip(CONTRACTS, made, strict=True)}
    for key, held_on, notes, new, close in MEETINGS:
        _meet(by_key[key], held_on, notes, new, close, officer)
    for contract in made:
        if contract.state != ContractState.DRAFT:
            _pay(contract, finance)
    return made


# contract key, held on, notes, new actions (what, who, due), close the open ones
MEETINGS = [
    ("idva", date(2026, 1, 14), "Referrals up 12% on last quarter; waiting list of 9.",
     [("Send referral data by source", "Fenland Victim Support", date(2026, 2, 13)),
      ("Agree a waiting-list target", "Olivia Okafor", date(2026, 4, 14))], False),
    ("idva", date(2026, 4, 15), "Waiting list down to 4. Data received.",
     [("Draft the survivor feedback survey", "Fenland Victim Support", date(2026, 7, 15))],
     True),
    ("idva", date(2026, 7, 15), "Survey drafted; extension to be discussed next quarter.",
     [("Say whether the provider wants to extend", "Fenland Victim Support",
       date(2027, 1, 15))], False),
    ("rj", date(2026, 4, 20), "Provider is planning to merge into a regional service.",
     [("Send the merger timetable", "Restorative Futures CIC", date(2026, 5, 31))], False),
    ("youth", date(2026, 7, 8), "Attendance steady; county youth offer starting in 2027.",
     [("Map each young person to a county youth worker", "St Neots Youth Club",
       date(2026, 12, 18))], False),
]  # fmt: skip
SHARE_PAID = Decimal("0.25")


def _meet(contract, held_on, notes, new, close, officer) -> None:
    if contract.state == ContractState.DRAFT or held_on > timezone.localdate():
        return
    record_meeting(
        contract=contract,
        held_on=held_on,
        attendees="Olivia Okafor (OPCC); the provider's service manager",
        notes=notes,
        actions=[ActionInput(*a) for a in new],
        closed_action_ids=[a.pk for a in open_actions(contract)] if close else [],
        recorded_by=officer,
        request_key=uuid.uuid5(_NAMESPACE, f"{contract.reference}|meeting|{held_on}"),
    )


def _pay(contract, finance) -> None:
    """A quarter of each year's commitment, paid two months into the year (if that has come)."""
    today = timezone.localdate()
    for commitment in contract.award.commitments.filter(payments__isnull=True):
        paid_on = max(commitment.year.first_day, contract.start_date) + relativedelta(months=2)
        if paid_on > today:
            continue
        record_contract_payment(
            contract=contract,
            commitment=commitment,
            paid_on=paid_on,
            amount=(commitment.amount * SHARE_PAID).quantize(PENNY),
            reference=f"REM-{contract.reference}-{commitment.financial_year}",
            recorded_by=finance,
            request_key=uuid.uuid5(_NAMESPACE, f"{contract.reference}|{commitment.pk}"),
        )
