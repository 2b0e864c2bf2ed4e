"""change_draft_money: a draft contract's annual value and funding shares, corrected before the
award goes for approval. The service checks its own input (pounds and pence, more than £0,
hostile values refused), the shares add up to the initial term's value, commitments per
financial year follow in the same transaction, and a contract drafted from an approved STA or a
tender award is never raised above the figure that decision approved."""

from datetime import date
from decimal import Decimal

import pytest
from auditlog.models import LogEntry

from commissioning.contract_services import (
    change_draft_money,
    change_draft_terms,
    create_contract,
    money_fingerprint,
    request_contract_approval,
)
from commissioning.contract_services import draft_money as dm
from commissioning.errors import CommissioningError
from commissioning.events import ContractEvent
from commissioning.models import Contract
from commissioning.tender_services import award_tender
from core.money import AMOUNT_FORMAT, AMOUNT_PENCE, AMOUNT_TOO_LARGE
from grants.services import ShareInput
from tests.factories import OrganisationFactory

from .contract_factories import active_contract, contract_details, funded_stream
from .factories import submitted_sta
from .tender_factories import bid, in_evaluation, moderate_all, published_tender, score_all
from .test_contract_from_sta import approve

pytestmark = pytest.mark.django_db


def _draft(officer, **kwargs) -> Contract:
    return create_contract(details=contract_details(**kwargs), created_by=officer)


def _stream(contract: Contract):
    return contract.award.shares.get().stream


def _change(contract, annual, shares, by, **kwargs) -> Contract:
    return change_draft_money(
        contract=contract, annual_value=annual, shares=shares, edited_by=by, **kwargs
    )


def _commitments(contract: Contract) -> dict:
    award = Contract.objects.get(pk=contract.pk).award
    return {
        (c.stream.name, c.financial_year): c.amount
        for c in award.commitments.select_related("stream")
    }


@pytest.mark.parametrize(
    ("annual", "message"),
    [
        (Decimal("0.00"), dm.NOT_POSITIVE),
        (Decimal("-0.01"), dm.NOT_POSITIVE),
        (Decimal("40000.001"), AMOUNT_PENCE),
        (Decimal("1e40"), AMOUNT_TOO_LARGE),
        (Decimal("NaN"), AMOUNT_FORMAT),
        (Decimal("sNaN"), AMOUNT_FORMAT),
        (Decimal("Infinity"), AMOUNT_FORMAT),
        (Decimal("100000000000"), "Enter an annual value under £100 billion"),
        (40000.0, dm.ENTER_VALUE),  # a float is never money
        ("40000", dm.ENTER_VALUE),
        ("4\x000000", dm.ENTER_VALUE),
        (None, dm.ENTER_VALUE),
        (True, dm.ENTER_VALUE),
    ],
)
def test_the_service_refuses_a_bad_annual_value(officer, annual, message):
    contract = _draft(officer)
    stream = _stream(contract)
    with pytest.raises(CommissioningError) as caught:
        _change(contract, annual, [ShareInput(Decimal("80000"), stream=stream)], officer)
    assert caught.value.message == message and caught.value.field == "annual_value"
    contract.refresh_from_db()
    assert contract.annual_value == Decimal("40000.00")


@pytest.mark.parametrize(
    ("annual", "share", "error"),
    [
        ("0.01", "0.02", None),  # the smallest value: 24 months of a penny a year
        ("0.01", "0.01", "The funding shares add up to £0.01, but the initial term is worth £0.02"),
        ("45000", "90000", None),
        ("45000", "89999.99", "The funding shares add up to £89,999.99, but the initial term is "
                              "worth £90,000.00 (£45,000.00 a year for 2 years)"),
        ("45000", "90000.01", "The funding shares add up to £90,000.01"),
    ],
)  # fmt: skip
def test_the_shares_add_up_to_the_initial_terms_value(officer, annual, share, error):
    contract = _draft(officer)
    stream = _stream(contract)
    shares = [ShareInput(Decimal(share), stream=stream)]
    if error is None:
        _change(contract, Decimal(annual), shares, officer)
        contract.refresh_from_db()
        assert contract.annual_value == Decimal(annual)
        assert contract.award.total == Decimal(share)
        assert sum(_commitments(contract).values()) == Decimal(share)
    else:
        with pytest.raises(CommissioningError) as caught:
            _change(contract, Decimal(annual), shares, officer)
        assert error in caught.value.message and caught.value.field == "shares"
        assert Contract.objects.get(pk=contract.pk).annual_value == Decimal("40000.00")


@pytest.mark.parametrize(
    ("shares", "message"),
    [
        ([], dm.NO_FUNDER),
        ([ShareInput(Decimal("NaN"))], AMOUNT_FORMAT),
        ([ShareInput(Decimal("1e40"))], AMOUNT_TOO_LARGE),
        ([ShareInput(Decimal("0"))], dm.SHARE_NOT_POSITIVE),
        ([ShareInput(80000.0)], dm.SHARE_NOT_POSITIVE),
        ([ShareInput(Decimal("0.001"))], AMOUNT_PENCE),
        ([ShareInput(Decimal("4000"))] * 21, dm.TOO_MANY),
        (["80000"], dm.SHARE_NOT_POSITIVE),
    ],
)
def test_the_service_refuses_hostile_shares(officer, shares, message):
    contract = _draft(officer)
    before = _commitments(contract)
    with pytest.raises(CommissioningError) as caught:
        _change(contract, Decimal("40000"), shares, officer)
    assert caught.value.message == message
    assert _commitments(contract) == before


def test_commitments_move_between_financial_years_with_the_value_and_funders(officer):
    # 1 October 2026 for 12 months: 182 days in 2026/27, 183 in 2027/28.
    contract = _draft(officer, initial=12, options=(), annual="36500", start=date(2026, 10, 1))
    victims = _stream(contract)
    assert _commitments(contract) == {
        (victims.name, 2026): Decimal("18200.00"),
        (victims.name, 2027): Decimal("18300.00"),
    }
    offenders = funded_stream("Reducing reoffending")
    partner = OrganisationFactory(name="County Council")
    _change(
        contract,
        Decimal("73000"),
        [
            ShareInput(Decimal("36500"), stream=victims),
            ShareInput(Decimal("18250"), stream=offenders),
            ShareInput(Decimal("18250"), partner=partner),  # a partner's money is not ours
        ],
        officer,
    )
    assert _commitments(contract) == {
        (victims.name, 2026): Decimal("18200.00"),
        (victims.name, 2027): Decimal("18300.00"),
        (offenders.name, 2026): Decimal("9100.00"),
        (offenders.name, 2027): Decimal("9150.00"),
    }
    _change(contract, Decimal("36500"), [ShareInput(Decimal("36500"), stream=offenders)], officer)
    assert _commitments(contract) == {
        (offenders.name, 2026): Decimal("18200.00"),
        (offenders.name, 2027): Decimal("18300.00"),
    }


def test_a_change_is_audited_and_the_same_change_again_does_nothing(officer):
    contract = _draft(officer)
    stream = _stream(contract)
    opened_at = money_fingerprint(contract)
    for _ in range(2):  # a double post: the second sends what is already saved
        _change(
            contract,
            Decimal("45000"),
            [ShareInput(Decimal("90000"), stream=stream)],
            officer,
            opened_at=opened_at,
        )
    events = LogEntry.objects.get_for_object(contract).filter(
        additional_data__event=ContractEvent.MONEY_CHANGED
    )
    assert events.count() == 1
    assert "£40,000.00 → £45,000.00" in events.get().additional_data["message"]
    assert events.get().actor == officer


def test_a_stale_form_is_refused(officer, officer2):
    contract = _draft(officer)
    stream = _stream(contract)
    opened_at = money_fingerprint(contract)
    _change(contract, Decimal("45000"), [ShareInput(Decimal("90000"), stream=stream)], officer2)
    with pytest.raises(CommissioningError) as caught:
        _change(
            contract,
            Decimal("50000"),
            [ShareInput(Decimal("100000"), stream=stream)],
            officer,
            opened_at=opened_at,
        )
    assert caught.value.message == dm.STALE
    assert Contract.objects.get(pk=contract.pk).annual_value == Decimal("45000.00")


def test_a_failure_in_grants_leaves_nothing_half_done(officer):
    contract = _draft(officer)
    small = funded_stream("Small grants")
    small.max_single_award = Decimal("50000")  # grants refuses the share, after our checks pass
    small.save()
    before = _commitments(contract)
    with pytest.raises(CommissioningError, match="no more than £50,000.00"):
        _change(contract, Decimal("45000"), [ShareInput(Decimal("90000"), stream=small)], officer)
    assert Contract.objects.get(pk=contract.pk).annual_value == Decimal("40000.00")
    assert _commitments(contract) == before


def test_only_a_draft_and_only_before_approval(officer):
    active = active_contract(officer)
    with pytest.raises(CommissioningError) as caught:
        _change(active, Decimal("45000"), [ShareInput(Decimal("90000"), stream=_stream(active))],
                officer)  # fmt: skip
    assert caught.value.message == dm.NOT_DRAFT.format(state="active")
    sent = request_contract_approval(
        contract=_draft(officer, reference="C-0002"), requested_by=officer
    )
    with pytest.raises(CommissioningError, match="sent for approval"):
        _change(sent, Decimal("45000"), [ShareInput(Decimal("90000"), stream=_stream(sent))],
                officer)  # fmt: skip


@pytest.mark.parametrize("user", ["evaluator", "finance_approver", "commissioner", "provider_user"])
def test_only_a_commissioning_officer(request, officer, user):
    contract = _draft(officer)
    with pytest.raises(CommissioningError, match="Only commissioning officers"):
        _change(
            contract,
            Decimal("45000"),
            [ShareInput(Decimal("90000"), stream=_stream(contract))],
            request.getfixturevalue(user),
        )


@pytest.mark.parametrize(
    ("annual", "allowed"),
    [
        ("59999.99", True),
        ("60000.00", True),
        ("60000.01", False),
    ],  # approved: £120,000 over 2 years
)
def test_a_contract_from_an_approved_sta_is_not_raised_above_it(officer, annual, allowed):
    approve(submitted_sta(officer, "120000"))
    contract = Contract.objects.get()
    stream = funded_stream()
    _change(contract, Decimal("50000"), [ShareInput(Decimal("100000"), stream=stream)], officer)
    shares = [ShareInput(Decimal(annual) * 2, stream=stream)]
    if allowed:
        _change(contract, Decimal(annual), shares, officer)
        assert Contract.objects.get(pk=contract.pk).annual_value == Decimal(annual)
    else:
        with pytest.raises(CommissioningError) as caught:
            _change(contract, Decimal(annual), shares, officer)
        assert caught.value.field == "annual_value"
        assert caught.value.message.startswith(
            f"{contract.single_tender_action.reference} approved a whole-life value of £120,000.00"
        )
        assert "would be worth £120,000.02" in caught.value.message
        assert Contract.objects.get(pk=contract.pk).annual_value == Decimal("50000.00")


def test_a_contract_from_a_tender_award_is_not_raised_above_the_winning_price(
    officer, officer2, evaluator
):
    tender = published_tender(officer, officer2)
    winner = bid(tender, officer, price="200000")
    tender = in_evaluation(tender, officer, [evaluator])
    score_all(tender, evaluator)
    tender = moderate_all(tender, officer, {winner: [4, 4]})
    contract = award_tender(tender=tender, bid=winner, awarded_by=officer).contract
    price, months = winner.annual_price, contract.initial_months
    stream = _stream(contract)

    def value(annual):
        return [ShareInput((annual * months / 12).quantize(Decimal("0.01")), stream=stream)]

    over = price + Decimal("0.01")
    with pytest.raises(CommissioningError) as caught:
        _change(contract, over, value(over), officer)
    assert caught.value.message == (
        f"The tender award accepted {winner.bidder}'s price of £{price:,.2f} a year: the annual "
        f"value cannot be more than £{price:,.2f}."
    )
    lower = price - Decimal("1000")
    _change(contract, lower, value(lower), officer)
    _change(contract, price, value(price), officer)  # back up to the price is within it
    assert Contract.objects.get(pk=contract.pk).annual_value == price


def test_a_draft_without_an_award_gets_one(officer):
    contract = _draft(officer, shares=())
    assert contract.award_id is None
    stream = funded_stream("Communities")
    _change(contract, Decimal("40000"), [ShareInput(Decimal("80000"), stream=stream)], officer)
    contract.refresh_from_db()
    assert contract.award.total == Decimal("80000.00")
    assert sum(_commitments(contract).values()) == Decimal("80000.00")


@pytest.mark.parametrize(
    ("initial", "options", "worth"),
    [(24, (12,), "£180,000.00"), (36, (), "£180,000.00"), (25, (), "£125,000.00")],
)
def test_a_longer_term_cannot_take_an_sta_contract_past_its_approved_value(
    officer, initial, options, worth
):
    approve(submitted_sta(officer, "120000"))  # 24 months at £60,000 a year
    contract = Contract.objects.get()
    with pytest.raises(CommissioningError) as caught:
        change_draft_terms(
            contract=contract,
            initial_months=initial,
            option_months=options,
            commissioner_notice_months=3,
            provider_notice_months=3,
            edited_by=officer,
        )
    assert "approved a whole-life value of £120,000.00" in caught.value.message
    assert f"would be worth {worth}" in caught.value.message
    contract.refresh_from_db()
    assert contract.term_text() == "2 years" and not contract.options.exists()
    change_draft_terms(  # shorter is always allowed
        contract=contract,
        initial_months=12,
        option_months=(),
        commissioner_notice_months=3,
        provider_notice_months=3,
        edited_by=officer,
    )
    assert Contract.objects.get(pk=contract.pk).initial_months == 12
