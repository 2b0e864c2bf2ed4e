"""An officer changes a draft contract's term on a form: the N plus M rule in the officer's
words, the award's money following the initial term, and no change once the award is sent for
approval (the approval binds the terms it saw)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from commissioning.contract_services import (
    change_draft_terms,
    create_contract,
    request_contract_approval,
)
from commissioning.errors import CommissioningError

from .contract_factories import active_contract, contract_details

pytestmark = pytest.mark.django_db


def _post(client, contract, initial: str, options: str):
    return client.post(
        reverse("commissioning:contract_terms", args=[contract.pk]),
        {
            "initial_months": initial,
            "option_months": options,
            "commissioner_notice_months": "3",
            "provider_notice_months": "6",
        },
    )


@pytest.mark.parametrize(
    ("initial", "options", "term", "message"),
    [
        ("36", "12", "3 + 1 years", None),
        ("24", "12", "2 + 1 years", None),
        ("12", "12", "1 + 1 years", None),
        ("24", "12, 12", "2 + 1 + 1 years", None),
        ("24", "24", "2 + 2 years", None),
        ("24", "", "2 years", None),
        ("12", "24", None, "The extensions total 24 months but the initial term is 12 months"),
        ("24", "12, 12, 12", None,
         "The extensions total 36 months but the initial term is 24 months"),
        ("24", "0", None, "Extension option 1 must be at least 1 month"),
        ("24", "twelve", None, "Enter each option as a whole number of months"),
        ("0", "", None, "Initial term (months) must be 1 or more"),
    ],
)  # fmt: skip
def test_the_n_plus_m_rule_on_the_form(client_for, officer, initial, options, term, message):
    contract = create_contract(details=contract_details(), created_by=officer)
    response = _post(client_for(officer), contract, initial, options)
    contract.refresh_from_db()
    if message is None:
        assert response.status_code == 302
        assert contract.term_text() == term
    else:
        assert response.status_code == 400
        assert message in response.content.decode()
        assert contract.term_text() == "2 + 1 years"


def test_the_money_follows_a_longer_initial_term(officer):
    contract = create_contract(details=contract_details(annual="40000"), created_by=officer)
    change_draft_terms(
        contract=contract,
        initial_months=36,
        option_months=(12,),
        commissioner_notice_months=3,
        provider_notice_months=3,
        edited_by=officer,
    )
    contract.refresh_from_db()
    award = contract.award
    assert award.total == Decimal("120000.00")
    assert str(award.end_date) == "2029-03-31"
    assert sum(c.amount for c in award.commitments.all()) == Decimal("120000.00")
    assert sorted(award.commitments.values_list("financial_year", flat=True)) == [
        2026,
        2027,
        2028,
    ]


def test_no_change_once_sent_for_approval_or_let(officer):
    contract = create_contract(details=contract_details(), created_by=officer)
    request_contract_approval(contract=contract, requested_by=officer)
    args = {
        "initial_months": 12,
        "option_months": (12,),
        "commissioner_notice_months": 3,
        "provider_notice_months": 3,
        "edited_by": officer,
    }
    with pytest.raises(CommissioningError, match="approval holds those terms"):
        change_draft_terms(contract=contract, **args)
    let = active_contract(officer, reference="C-LET")
    with pytest.raises(CommissioningError, match="Only a draft"):
        change_draft_terms(contract=let, **args)
    contract.refresh_from_db()
    assert contract.initial_months == 24
