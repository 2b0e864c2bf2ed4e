"""The demo contracts: 2+1, 3+1, 1+1 and 2+1+1 in different states; idempotent."""

from datetime import date

import pytest

from accounts.demo import seed_users
from approvals import demo as approvals_demo
from commissioning import demo
from commissioning.contract_selectors import lead_months_for
from commissioning.models import Contract, ContractState
from grants import demo as grants_demo
from providers.demo import seed_providers

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_again():
    """Seed the demo once (users, providers, approvals, grants, commissioning); the fixture's
    value seeds commissioning again, for the idempotency checks."""
    users = seed_users()
    organisations = seed_providers(users)
    approvals_demo.seed(users=users, organisations=organisations)
    grants_demo.seed(users=users, organisations=organisations)
    demo.seed(users=users, organisations=organisations)
    return lambda: demo.seed(users=users, organisations=organisations)


def test_seed_demo_contracts_in_every_state(seed_again):
    count = Contract.objects.count()
    seed_again()
    assert Contract.objects.count() == count

    by_reference = {c.reference: c for c in Contract.objects.all()}
    assert by_reference["CON-2025-001"].term_text() == "2 + 1 years"
    assert by_reference["CON-2025-001"].state == ContractState.ACTIVE
    assert by_reference["CON-2024-002"].state == ContractState.TERMINATED
    assert by_reference["CON-2026-003"].state == ContractState.DECOMMISSIONED
    assert by_reference["CON-2027-004"].state == ContractState.DRAFT
    # The training STA approved in the demo drafted its contract.
    assert Contract.objects.filter(origin="sta").exists()
    active = by_reference["CON-2025-001"]
    deadline = active.timeline(lead_months=lead_months_for(active)).next_option().deadline
    assert deadline == date(2027, 3, 30)  # 6 months before 30 September 2027


def test_seed_demo_contracts_have_meetings_open_actions_and_payments(seed_again):
    from commissioning.contract_services import open_actions
    from grants.models import Payment

    payments = Payment.objects.filter(commitment__award__contract__isnull=False).count()
    seed_again()
    assert Payment.objects.filter(commitment__award__contract__isnull=False).count() == payments

    by_reference = {c.reference: c for c in Contract.objects.all()}
    terms = {by_reference[r].term_text() for r in ("CON-2025-001", "CON-2024-002", "CON-2026-003")}
    assert terms == {"2 + 1 years", "3 + 1 years", "1 + 1 years"}
    for reference in ("CON-2025-001", "CON-2024-002", "CON-2026-003"):
        contract = by_reference[reference]
        assert contract.meetings.exists(), reference
        assert open_actions(contract), reference
        assert Payment.objects.filter(commitment__award=contract.award).exists(), reference
    active = by_reference["CON-2025-001"]
    assert active.meetings.count() == 3
    # The second meeting closed the first meeting's actions; later ones stay open.
    assert [a.description for a in open_actions(active)] == [
        "Draft the survivor feedback survey",
        "Say whether the provider wants to extend",
    ]
    assert not by_reference["CON-2027-004"].meetings.exists()
