"""grants' public API for contract awards: moving the end re-splits the commitments per
financial year in place, and never below what has been paid."""

from datetime import date
from decimal import Decimal

import pytest

from grants.models import Commitment, Payment
from grants.services import GrantError, ShareInput
from grants.services.awards import move_contract_award_end, save_contract_award
from tests.factories import OrganisationFactory
from tests.grants.factories import FundingStreamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def award():
    stream = FundingStreamFactory(name="Victims")
    return save_contract_award(
        award=None,
        recipient=OrganisationFactory(),
        total=Decimal("36500.00"),
        start_date=date(2025, 4, 1),
        end_date=date(2026, 3, 31),
        shares=[ShareInput(amount=Decimal("36500.00"), stream=stream)],
    )


def by_year(award):
    return dict(award.commitments.values_list("financial_year", "amount"))


@pytest.mark.parametrize(
    ("end", "added", "expected"),
    [
        (date(2027, 3, 31), Decimal("36500.00"), {2025: "36500.00", 2026: "36500.00"}),
        # £46,500 over 548 days: 365 of them in 2025/26
        (date(2026, 9, 30), Decimal("10000.00"), {2025: "30971.71", 2026: "15528.29"}),
        (date(2025, 9, 30), None, {2025: "18300.00"}),  # 183 of 365 days kept
        (date(2026, 3, 31), None, {2025: "36500.00"}),  # no change
    ],
)
def test_moving_the_end_moves_commitments_between_years(award, end, added, expected):
    moved = move_contract_award_end(award=award, end_date=end, added=added)
    assert by_year(moved) == {y: Decimal(a) for y, a in expected.items()}
    assert moved.total == sum(Decimal(a) for a in expected.values())
    assert moved.end_date == end
    assert moved.shares.get().amount == moved.total


def test_a_shorter_term_never_goes_below_what_was_paid(award):
    commitment = Commitment.objects.get(award=award)
    Payment.objects.create(commitment=commitment, paid_on=date(2025, 9, 1), amount=Decimal("30000"))
    with pytest.raises(GrantError, match="already been paid"):
        move_contract_award_end(award=award, end_date=date(2025, 9, 30))


def test_an_extension_needs_its_value(award):
    with pytest.raises(GrantError, match="value the extension adds"):
        move_contract_award_end(award=award, end_date=date(2027, 3, 31))


@pytest.mark.parametrize(
    ("budgets", "refused"),
    [({}, False), ({2025: "50000"}, False), ({2025: "1000"}, True)],
)
def test_committing_a_contract_checks_the_budgets_that_are_set(award, budgets, refused):
    from grants.services.awards import commit_contract_award
    from tests.grants.factories import budget

    stream = award.shares.get().stream
    for year, amount in budgets.items():
        budget(stream, year, amount)
    if refused:
        with pytest.raises(GrantError, match="too little budget left in 2025/26"):
            commit_contract_award(award=award)
        award.refresh_from_db()
        assert not award.counts_against_budget
    else:
        assert commit_contract_award(award=award).counts_against_budget
