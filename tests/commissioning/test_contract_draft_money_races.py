"""PostgreSQL: two officers saving a draft's value and funding at once from pages opened at the
same moment: one save wins, the other is refused as stale (never a lost update or a 500); the
same save sent twice at once is made once."""

from decimal import Decimal

import pytest
from auditlog.models import LogEntry

from commissioning.contract_services import change_draft_money, create_contract, money_fingerprint
from commissioning.contract_services import draft_money as dm
from commissioning.events import ContractEvent
from commissioning.models import Contract
from grants.services import ShareInput
from tests.commissioning.contract_factories import contract_details
from tests.commissioning.test_tender_races import _together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _draft(officer) -> Contract:
    return create_contract(details=contract_details(), created_by=officer)


def _save(contract, opened_at, annual: str, by):
    stream = contract.award.shares.get().stream
    return change_draft_money(
        contract=contract,
        annual_value=Decimal(annual),
        shares=[ShareInput(Decimal(annual) * 2, stream=stream)],
        edited_by=by,
        opened_at=opened_at,
    )


def test_two_officers_at_once_one_wins_the_other_is_told(postgres, officer, officer2):
    contract = _draft(officer)
    opened_at = money_fingerprint(contract)
    users, values = [officer, officer2], ["45000", "50000"]
    saved, refusals = _together(2, lambda i: _save(contract, opened_at, values[i], users[i]))
    assert len(saved) == 1 and refusals == [dm.STALE]
    contract.refresh_from_db()
    assert contract.annual_value == saved[0].annual_value
    assert contract.award.total == contract.annual_value * 2
    assert sum(c.amount for c in contract.award.commitments.all()) == contract.award.total


def test_the_same_save_twice_at_once_is_made_once(postgres, officer):
    contract = _draft(officer)
    opened_at = money_fingerprint(contract)
    saved, refusals = _together(2, lambda i: _save(contract, opened_at, "45000", officer))
    assert len(saved) == 2 and refusals == []
    events = LogEntry.objects.get_for_object(contract).filter(
        additional_data__event=ContractEvent.MONEY_CHANGED
    )
    assert events.count() == 1
