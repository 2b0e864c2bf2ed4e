"""Contract use cases through the real services: the N plus M rule, letting a contract through the
approvals engine, exercising options in order and by the deadline, declining, break notices by
each party, de-commissioning, and the commitments moving between financial years."""

from datetime import date
from decimal import Decimal

import pytest

from commissioning.contract_services import (
    activate_contract,
    create_contract,
    decline_extension,
    decommission_contract,
    exercise_extension,
    give_break_notice,
    request_contract_approval,
)
from commissioning.contract_terms import OptionStatus
from commissioning.errors import CommissioningError
from commissioning.models import Contract, ContractState
from grants.models import Commitment

from .contract_factories import active_contract, approved, contract_details, ready_option

pytestmark = pytest.mark.django_db

# £80,000 over 1 April 2026 - 31 March 2028, split by days (2027/28 has 366).
INITIAL = {2026: Decimal("39945.28"), 2027: Decimal("40054.72")}


def commitments(contract) -> dict[int, Decimal]:
    return dict(
        Commitment.objects.filter(award=contract.award_id).values_list("financial_year", "amount")
    )


@pytest.mark.parametrize(
    ("initial", "options", "error"),
    [
        (36, (12,), None),
        (24, (12,), None),
        (12, (12,), None),
        (24, (12, 12), None),
        (24, (24,), None),
        (12, (24,), "The extensions total 24 months but the initial term is 12 months"),
        (24, (12, 12, 12), "The extensions total 36 months but the initial term is 24 months"),
        (24, (0,), "Extension option 1 must be at least 1 month"),
        (0, (), "The initial term must be at least 1 month"),
    ],
)
def test_create_contract_applies_the_n_plus_m_rule(officer, initial, options, error):
    details = contract_details(initial=initial, options=options, shares=())
    if error is None:
        contract = create_contract(details=details, created_by=officer)
        assert [o.months for o in contract.option_rows()] == list(options)
        assert contract.state == ContractState.DRAFT
    else:
        with pytest.raises(CommissioningError) as caught:
            create_contract(details=details, created_by=officer)
        assert caught.value.message.startswith(error)
        assert not Contract.objects.exists()


def test_the_same_request_key_twice_makes_one_contract(officer):
    details = contract_details(shares=())
    key = "9b2f5d0e-8a47-4e8a-9d43-0c6c1b0f1e21"
    first = create_contract(details=details, created_by=officer, request_key=key)
    assert create_contract(details=details, created_by=officer, request_key=key) == first
    assert Contract.objects.count() == 1


def test_a_taken_reference_is_refused_in_words(officer):
    create_contract(details=contract_details(shares=()), created_by=officer)
    with pytest.raises(CommissioningError, match="already has the reference C-0001"):
        create_contract(details=contract_details(shares=()), created_by=officer)


def test_only_officers_draft_contracts(finance_approver):
    with pytest.raises(CommissioningError, match="Only commissioning officers"):
        create_contract(details=contract_details(shares=()), created_by=finance_approver)


def test_activation_needs_the_award_approved(officer):
    contract = create_contract(details=contract_details(), created_by=officer)
    # pro rata by days: 2027/28 has 29 February 2028
    assert commitments(contract) == INITIAL
    with pytest.raises(CommissioningError, match="not been approved"):
        activate_contract(contract=contract, activated_by=officer)
    contract = request_contract_approval(contract=contract, requested_by=officer)
    assert contract.approval_request.value == Decimal("120000.00")  # whole life: 2 + 1 years
    with pytest.raises(CommissioningError, match="not been approved"):
        activate_contract(contract=contract, activated_by=officer)
    approved(contract.approval_request)
    contract = activate_contract(contract=contract, activated_by=officer)
    assert contract.state == ContractState.ACTIVE
    contract.award.refresh_from_db()
    assert contract.award.counts_against_budget


def test_exercising_moves_the_end_and_the_commitments_into_the_new_year(officer):
    contract = active_contract(officer)
    option = ready_option(officer, contract.option_rows()[0])
    exercise_extension(option=option, exercised_by=officer, today=date(2027, 9, 30))
    contract.refresh_from_db()
    contract.award.refresh_from_db()
    assert contract.award.end_date == date(2029, 3, 31)
    assert contract.award.total == Decimal("120000.00")
    # £120,000 over 1,096 days, split by days as every award is
    assert commitments(contract) == {
        2026: Decimal("39963.50"),
        2027: Decimal("40072.99"),
        2028: Decimal("39963.51"),
    }
    assert contract.option_rows()[0].status == OptionStatus.EXERCISED


@pytest.mark.parametrize(
    ("today", "allowed"),
    [(date(2027, 9, 29), True), (date(2027, 9, 30), True), (date(2027, 10, 1), False)],
)
def test_an_option_is_exercised_only_by_its_deadline(officer, today, allowed):
    contract = active_contract(officer)  # ends 31 March 2028; deadline 6 months before
    option = ready_option(officer, contract.option_rows()[0])
    if allowed:
        assert exercise_extension(option=option, exercised_by=officer, today=today).status == (
            OptionStatus.EXERCISED
        )
    else:
        with pytest.raises(CommissioningError) as caught:
            exercise_extension(option=option, exercised_by=officer, today=today)
        assert "was 30 September 2027: an STA is needed" in caught.value.message
        option.refresh_from_db()
        assert option.status == OptionStatus.PENDING


def test_options_are_exercised_in_order(officer):
    contract = active_contract(officer, initial=24, options=(12, 12), annual="20000")
    first, second = contract.option_rows()
    second = ready_option(officer, second)
    with pytest.raises(CommissioningError, match="decide extension option 1 first"):
        exercise_extension(option=second, exercised_by=officer, today=date(2027, 1, 1))
    first = ready_option(officer, first)
    exercise_extension(option=first, exercised_by=officer, today=date(2027, 1, 1))
    # The second option's deadline is six months before the extended end (31 March 2029).
    with pytest.raises(CommissioningError, match="30 September 2028"):
        exercise_extension(option=second, exercised_by=officer, today=date(2028, 10, 1))
    exercise_extension(option=second, exercised_by=officer, today=date(2028, 9, 1))
    contract.award.refresh_from_db()
    assert contract.award.end_date == date(2030, 3, 31)


@pytest.mark.parametrize("missing", ["agreement", "approval"])
def test_exercising_needs_the_providers_agreement_and_an_approval(officer, missing):
    from commissioning.contract_services import (
        record_provider_agreement,
        request_extension_approval,
    )

    contract = active_contract(officer)
    option = contract.option_rows()[0]
    if missing == "approval":
        record_provider_agreement(
            option=option, agreed_by="Pat Jones", agreed_on=date(2026, 5, 1), recorded_by=officer
        )
        request_extension_approval(option=option, requested_by=officer)  # not yet decided
        message = "not been approved"
    else:
        message = "Record who agreed"
    with pytest.raises(CommissioningError, match=message):
        exercise_extension(option=option, exercised_by=officer, today=date(2027, 1, 1))


def test_only_an_active_contract_is_extended(officer):
    contract = create_contract(details=contract_details(), created_by=officer)
    with pytest.raises(CommissioningError, match="Only an active contract"):
        exercise_extension(option=contract.option_rows()[0], exercised_by=officer)


def test_declining_an_option_lapses_every_later_one(officer):
    contract = active_contract(officer, initial=36, options=(12, 12, 12), annual="20000")
    first, second, third = contract.option_rows()
    ready_option(officer, first)
    exercise_extension(option=first, exercised_by=officer, today=date(2028, 1, 1))
    decline_extension(option=second, declined_by=officer, reason="The service is being redesigned")
    assert [o.status for o in contract.option_rows()] == [
        OptionStatus.EXERCISED,
        OptionStatus.DECLINED,
        OptionStatus.LAPSED,
    ]
    with pytest.raises(CommissioningError, match="already been lapsed"):
        exercise_extension(option=third, exercised_by=officer, today=date(2028, 1, 1))


def test_declining_needs_a_reason(officer):
    contract = active_contract(officer)
    with pytest.raises(CommissioningError, match="Give the reason"):
        decline_extension(option=contract.option_rows()[0], declined_by=officer, reason=" \x00 ")


@pytest.mark.parametrize(
    ("party", "stated_end", "ends_on"),
    [
        ("commissioner", None, date(2027, 4, 15)),  # 3 months' notice
        ("provider", None, date(2027, 7, 15)),  # 6 months' notice
        ("commissioner", date(2027, 6, 30), date(2027, 6, 30)),  # a later stated end
        ("provider", date(2027, 2, 1), date(2027, 7, 15)),  # an earlier one does not count
    ],
)
def test_break_notice_by_each_party_releases_future_commitments(
    officer, party, stated_end, ends_on
):
    contract = active_contract(officer)
    notice = give_break_notice(
        contract=contract,
        party=party,
        given_on=date(2027, 1, 15),
        given_by="Sam Lee",
        reason="Service no longer needed",
        recorded_by=officer,
        stated_end=stated_end,
    )
    assert notice.ends_on == ends_on
    contract.refresh_from_db()
    assert contract.state == ContractState.TERMINATED and contract.ended_on == ends_on
    assert contract.option_rows()[0].status == OptionStatus.LAPSED
    money = commitments(contract)
    kept_days = (ends_on - date(2026, 4, 1)).days + 1  # of 731
    kept = (Decimal("80000") * kept_days / 731).quantize(Decimal("0.01"), "ROUND_DOWN")
    assert sum(money.values()) == kept
    assert money[2026] == (kept * 365 / kept_days).quantize(Decimal("0.01"), "ROUND_DOWN")
    assert set(money) == {2026, 2027}  # nothing left in 2028/29
    contract.award.refresh_from_db()
    assert contract.award.end_date == ends_on
    assert contract.award.total == sum(money.values())


def test_a_break_after_the_current_end_is_refused(officer):
    contract = active_contract(officer)
    with pytest.raises(CommissioningError, match="let it end then instead"):
        give_break_notice(
            contract=contract,
            party="provider",
            given_on=date(2028, 1, 1),
            given_by="Sam Lee",
            reason="Retiring",
            recorded_by=officer,
        )
    contract.refresh_from_db()
    assert contract.state == ContractState.ACTIVE


RISK = {
    "reason": "Demand has moved to the new hub",
    "risks_to_service_users": "Clients mid-support lose their adviser",
    "mitigation": "Warm handover to the hub",
    "exit_plan": "No new referrals from 1 March; cases closed or transferred by 31 May",
    "provider_agreed_by": "Pat Jones",
}


@pytest.mark.parametrize(
    ("blank", "message"),
    [
        ("risks_to_service_users", "Describe the risks to service users"),
        ("mitigation", "Describe how the risks will be reduced"),
        ("exit_plan", "Describe the exit plan"),
        ("provider_agreed_by", "Say who agreed for the provider"),
        (None, None),
    ],
)
def test_decommissioning_needs_a_risk_assessment_agreed_with_the_provider(officer, blank, message):
    contract = active_contract(officer)
    fields = {**RISK, **({blank: "   "} if blank else {})}
    call = dict(
        contract=contract,
        provider_agreed_on=date(2026, 11, 1),
        ends_on=date(2027, 5, 31),
        decided_by=officer,
        today=date(2026, 12, 1),
        **fields,
    )
    if message:
        with pytest.raises(CommissioningError, match=message):
            decommission_contract(**call)
        contract.refresh_from_db()
        assert contract.state == ContractState.ACTIVE
    else:
        decommission_contract(**call)
        contract.refresh_from_db()
        assert contract.state == ContractState.DECOMMISSIONED
        assert contract.ended_on == date(2027, 5, 31)
        contract.award.refresh_from_db()
        assert contract.award.end_date == date(2027, 5, 31)
        assert 2028 not in commitments(contract)
