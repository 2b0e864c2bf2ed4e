"""The demo seed: STAs waiting for each approver, one returned, decided ones, a budget override
waiting for finance, payments; idempotent."""

import pytest

from accounts.demo import seed_users
from approvals import demo as approvals_demo
from approvals.engine.selectors import waiting_for
from commissioning import demo
from commissioning.models import SingleTenderAction, StaState
from grants import demo as grants_demo
from grants.models import Payment
from providers.demo import seed_providers

pytestmark = pytest.mark.django_db


def test_seed_demo_stas_and_payments():
    users = seed_users()
    organisations = seed_providers(users)
    approvals_demo.seed(users=users, organisations=organisations)
    grants_demo.seed(users=users, organisations=organisations)
    first = demo.seed(users=users, organisations=organisations)
    counts = (SingleTenderAction.objects.count(), Payment.objects.count())

    demo.seed(users=users, organisations=organisations)
    grants_demo.seed(users=users, organisations=organisations)

    assert (SingleTenderAction.objects.count(), Payment.objects.count()) == counts
    assert counts[1] > 0
    states = sorted(s.state for s in first)
    assert states == sorted(
        [
            StaState.SUBMITTED,
            StaState.SUBMITTED,
            StaState.SUBMITTED,
            StaState.RETURNED,
            StaState.APPROVED,
            StaState.REJECTED,
            StaState.DRAFT,
        ]
    )
    finance = {r.title for r in waiting_for(user=users["finance"])}
    chief = {r.title for r in waiting_for(user=users["chiefexec"])}
    commissioner = {r.title for r in waiting_for(user=users["commissioner"])}
    assert any("Telephone interpreting" in t for t in finance)
    assert any(t.startswith("Budget override for grant") for t in finance)  # the same queue
    assert any("case system" in t for t in chief)
    assert any("Hub mental health" in t for t in commissioner)
