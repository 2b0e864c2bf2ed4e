"""The demo returns: `provider` and `provider2` each have returns due soon, overdue, in draft,
submitted, with changes requested and accepted, Outcomes Star readings and an attachment, on
grants and on a contract; seeding again adds nothing."""

import pytest
from django.utils import timezone

from accounts.demo import seed_users
from approvals import demo as approvals_demo
from commissioning import demo as commissioning_demo
from documents.selectors import documents_for
from grants import demo as grants_demo
from providers.demo import seed_providers
from returns import demo, rules, services
from returns.models import OutcomeReturn, ReturnState, StarReading

pytestmark = pytest.mark.django_db


def test_demo_returns_for_both_providers_on_grants_and_contracts():
    users = seed_users()
    organisations = seed_providers(users)
    for module in (approvals_demo, grants_demo, commissioning_demo, demo):
        module.seed(users=users, organisations=organisations)
    count = OutcomeReturn.objects.count()
    demo.seed(users=users, organisations=organisations)
    assert OutcomeReturn.objects.count() == count

    today = timezone.localdate()
    for username in ("provider", "provider2"):
        org = users[username].provider_membership.organisation
        mine = list(OutcomeReturn.objects.filter(provider=org))
        states = {r.state for r in mine}
        assert {
            ReturnState.ACCEPTED,
            ReturnState.CHANGES_REQUESTED,
            ReturnState.SUBMITTED,
            ReturnState.DRAFT,
            ReturnState.NOT_STARTED,
        } <= states
        open_ = [r for r in mine if r.is_editable]
        assert any(r.due_date < today for r in open_), "an overdue return"
        assert any(0 <= rules.days_left(r.due_date, today=today) <= 150 for r in open_), "due soon"
        assert StarReading.objects.filter(outcome_return__provider=org).exists()
        assert any(documents_for(r, purpose=services.EVIDENCE) for r in mine)
        contract_returns = [r for r in mine if r.contract_id]
        assert {r.state for r in contract_returns} >= {
            ReturnState.ACCEPTED,
            ReturnState.SUBMITTED,
            ReturnState.DRAFT,
        }
        assert contract_returns[0].outputs.count() == 2
