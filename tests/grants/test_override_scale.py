"""seed_scale's budget overrides (grants/override_scale.py): each with its approval request under
the band that applied, waiting for finance or agreed by a finance approver, never the requester."""

from io import StringIO

import pytest
from django.core.management import call_command

from approvals.engine import rules as band_rules
from approvals.engine.models import ApprovalBand, ApprovalState
from approvals.engine.selectors import waiting_for


@pytest.mark.django_db
def test_seed_scale_writes_budget_overrides_the_services_would_have():
    from grants.models import BudgetOverride

    call_command("seed_scale", providers=20, grants=200, notices=5, stas=0, overrides=40,
                 stdout=StringIO())  # fmt: skip
    overrides = list(BudgetOverride.objects.select_related("approval_request", "award__grant"))
    assert 0 < len(overrides) <= 40
    bands = [b.as_rule() for b in ApprovalBand.objects.filter(kind="budget_override")]
    for override in overrides:
        request = override.approval_request
        assert override.award.grant.state == "draft"
        assert request.kind == "budget_override" and request.value == override.amount
        assert request.subject_url == override.award.grant.get_absolute_url()
        band = band_rules.band_for(
            bands, kind="budget_override", value=request.value, on=request.band_date
        )
        assert request.band_id == band.pk and request.roles == band.roles
        decisions = list(request.decisions.all())
        if request.state == ApprovalState.APPROVED:
            assert [d.decided_by_id for d in decisions] == [override.approved_by_id]
            assert override.approved_by_id != request.requested_by_id
        else:
            assert request.state == ApprovalState.PENDING and decisions == []
            assert override.approved_by_id is None
    from accounts.models import User

    finance = User.objects.get(username="finance")
    assert waiting_for(user=finance, kind="budget_override").exists()
