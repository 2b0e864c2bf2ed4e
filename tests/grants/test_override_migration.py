"""The data migration that turns budget overrides recorded directly by a finance approver into
approved requests of kind "budget override" with that approver's decision (grants 0009)."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("grants", "0008_budget_override_requests")]
AFTER = [("grants", "0010_budget_override_request_required")]


@pytest.mark.django_db(transaction=True)
def test_earlier_overrides_become_approved_requests_with_the_finance_decision(
    officer, finance_approver
):
    from tests.grants.factories import FundingStreamFactory, budget, make_grant

    stream = FundingStreamFactory(name="Safer streets fund")
    budget(stream, 2025, "100.00")
    grant = make_grant(officer, stream=stream, total="150.00")

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    agreed_at = datetime(2025, 6, 2, 9, 30, tzinfo=UTC)
    old.get_model("grants", "BudgetOverride").objects.create(
        award_id=grant.award_id,
        stream_id=stream.pk,
        financial_year=2025,
        amount=Decimal("50.00"),
        reason="Year-end underspend elsewhere",
        approved_by_id=finance_approver.pk,
        approved_at=agreed_at,
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from approvals.engine.models import ApprovalDecision
    from grants.models import BudgetOverride
    from grants.services import budget_shortfalls

    override = BudgetOverride.objects.select_related("approval_request").get()
    request = override.approval_request
    assert (request.kind, request.state, request.value) == (
        "budget_override",
        "approved",
        Decimal("50.00"),
    )
    assert request.requested_by == officer  # the grant's author stands as requester
    assert (request.requested_at, request.decided_at) == (agreed_at, agreed_at)
    assert request.band_date == date(2025, 6, 2) and request.band.kind == "budget_override"
    assert request.first_role == "finance_approver"
    assert grant.reference in request.title and request.subject_url == grant.get_absolute_url()
    decision = ApprovalDecision.objects.get(request=request)
    assert (decision.decided_by, decision.outcome, decision.role) == (
        finance_approver,
        "approved",
        "finance_approver",
    )
    assert decision.comment == "Year-end underspend elsewhere"
    assert override.approved_by == finance_approver and override.is_approved
    assert budget_shortfalls(award=grant.award) == []  # it still counts
