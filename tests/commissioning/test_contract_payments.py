"""Finance records payments against a contract's commitments through grants' award API: finance
only, never on a contract they drafted or acted on, never on a draft, never past a year's
commitment, once per form however often it is posted; the contract page shows money by year."""

import uuid
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.roles import Role
from commissioning.contract_permissions import ACTED_ON_CONTRACT, NOT_FINANCE, NOT_PAYABLE
from commissioning.contract_services import (
    create_contract,
    give_break_notice,
    record_contract_payment,
)
from commissioning.errors import CommissioningError
from grants.models import Payment
from tests.conftest import govuk_dates

from .contract_factories import active_contract, contract_details

pytestmark = pytest.mark.django_db


def _pay(contract, user, amount, *, commitment=None, key=None):
    return record_contract_payment(
        contract=contract,
        commitment=commitment or contract.award.commitments.order_by("financial_year").first(),
        paid_on=date(2026, 6, 30),
        amount=Decimal(amount),
        reference="INV-77",
        recorded_by=user,
        request_key=key,
    )


def test_finance_pays_up_to_the_years_commitment_and_the_page_shows_it(
    officer, finance_approver, client_for
):
    contract = active_contract(officer)  # 2 + 1 from 1 April 2026, £40,000 a year
    first = contract.award.commitments.order_by("financial_year").first()
    assert first.amount == Decimal("39945.28")  # 365 of the term's 731 days
    _pay(contract, finance_approver, "39945.27")
    _pay(contract, finance_approver, "0.01")
    with pytest.raises(CommissioningError, match="past its commitment"):
        _pay(contract, finance_approver, "0.01")
    body = client_for(finance_approver).get(contract.get_absolute_url()).content.decode()
    assert "2026/27" in body and "£39,945.28" in body and "Record a payment" in body
    row = body[body.index('<th scope="row" class="govuk-table__header">2026/27') :]
    assert row.index("£39,945.28") < row.index("£0.00")  # committed, paid, nothing remaining


@pytest.mark.parametrize(
    ("role", "message"),
    [(Role.OFFICER, NOT_FINANCE), (Role.COMMISSIONER, NOT_FINANCE)],
)
def test_only_finance_records_payments(officer, make_user, role, message):
    contract = active_contract(officer)
    with pytest.raises(CommissioningError, match=message):
        _pay(contract, make_user("someone", role), "10")
    assert not Payment.objects.exists()


def test_nobody_pays_a_contract_they_drafted_or_acted_on(officer, make_user):
    both = make_user("both_roles", Role.OFFICER, Role.FINANCE)
    drafted = active_contract(both)
    with pytest.raises(CommissioningError, match="segregation of duties"):
        _pay(drafted, both, "10")
    acted = active_contract(officer, reference="C-0002")
    give_break_notice(
        contract=acted,
        party="provider",
        given_on=date(2026, 11, 1),
        given_by="Sam Lee",
        reason="Closing",
        recorded_by=both,
    )
    acted.refresh_from_db()
    with pytest.raises(CommissioningError, match="segregation of duties"):
        _pay(acted, both, "10")
    assert ACTED_ON_CONTRACT.endswith("(segregation of duties).")
    assert not Payment.objects.exists()


def test_a_draft_takes_no_payment(officer, finance_approver):
    draft = create_contract(details=contract_details(), created_by=officer)
    with pytest.raises(CommissioningError, match=NOT_PAYABLE.split(",")[0]):
        _pay(draft, finance_approver, "10")


def test_an_ended_contract_is_still_paid_for_what_was_delivered(officer, finance_approver):
    contract = active_contract(officer)
    give_break_notice(
        contract=contract,
        party="commissioner",
        given_on=date(2026, 9, 1),
        given_by="Olive",
        reason="Service moved",
        recorded_by=officer,
    )
    contract.refresh_from_db()
    assert contract.state == "terminated"
    assert _pay(contract, finance_approver, "100").amount == Decimal("100")


def test_another_contracts_commitment_is_refused(officer, finance_approver):
    one = active_contract(officer)
    two = active_contract(officer, reference="C-0002")
    with pytest.raises(CommissioningError, match="this contract's commitments"):
        _pay(one, finance_approver, "10", commitment=two.award.commitments.first())


def test_a_double_click_records_one_payment(officer, finance_approver, client_for):
    contract = active_contract(officer)
    commitment = contract.award.commitments.order_by("financial_year").first()
    client = client_for(finance_approver)
    url = reverse("commissioning:contract_payment", args=[contract.pk])
    assert client.get(url).status_code == 200
    data = govuk_dates(
        {
            "request_key": str(uuid.uuid4()),
            "commitment": str(commitment.pk),
            "paid_on": "2026-06-30",
            "amount": "£1,250.50",
            "reference": "INV-1",
        }
    )
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert Payment.objects.get().amount == Decimal("1250.50")
    body = client.get(contract.get_absolute_url()).content.decode()
    assert (
        "£1,250.50 paid on 30 June 2026 from Victims&#x27; services 2026/27, reference INV-1"
        in body
    )


def test_the_payment_form_speaks_plainly(officer, finance_approver, client_for):
    contract = active_contract(officer)
    client = client_for(finance_approver)
    url = reverse("commissioning:contract_payment", args=[contract.pk])
    response = client.post(url, {"reference": ""})
    body = response.content.decode()
    assert response.status_code == 400
    assert "This field is required" not in body
    assert "Choose the stream and year the payment is paid from" in body


def test_the_payment_page_is_refused_to_officers_and_hidden_from_other_providers(
    officer, client_for, other_provider_user
):
    contract = active_contract(officer)
    url = reverse("commissioning:contract_payment", args=[contract.pk])
    assert client_for(officer).get(url).status_code == 403
    assert client_for(other_provider_user).get(url).status_code == 404


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_double_click_at_once_records_one_payment(postgres, make_user):
    import threading

    from django.db import connection

    officer = make_user("race_officer", Role.OFFICER)
    payer = make_user("race_payer", Role.FINANCE)
    contract = active_contract(officer)
    key = uuid.uuid4()
    barrier, results, lock = threading.Barrier(2), [], threading.Lock()

    def pay():
        try:
            barrier.wait(timeout=30)
            outcome = _pay(contract, payer, "100", key=key).pk
        except CommissioningError as exc:
            outcome = str(exc)
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=pay) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(set(results)) == 1 and isinstance(results[0], int), results
    assert Payment.objects.count() == 1
