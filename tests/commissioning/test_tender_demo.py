"""The demo tenders: one open for bids, one in evaluation with `evaluator` on its panel, one
awarded with its ranked result and contract; idempotent."""

import pytest

from accounts.demo import seed_users
from approvals import demo as approvals_demo
from commissioning import demo
from commissioning.models import Contract, Tender, TenderState
from commissioning.tender_services import ranked_result
from grants import demo as grants_demo
from providers.demo import seed_providers

pytestmark = pytest.mark.django_db


def test_seed_demo_tenders():
    users = seed_users()
    organisations = seed_providers(users)
    approvals_demo.seed(users=users, organisations=organisations)
    grants_demo.seed(users=users, organisations=organisations)
    demo.seed(users=users, organisations=organisations)
    counts = (Tender.objects.count(), Contract.objects.count())
    demo.seed(users=users, organisations=organisations)
    assert (Tender.objects.count(), Contract.objects.count()) == counts

    by_reference = {t.reference: t for t in Tender.objects.all()}
    open_one = by_reference["T-2026-001"]
    assert open_one.state == TenderState.PUBLISHED and open_one.is_open_for_bids
    clarification = open_one.clarifications.get()
    assert clarification.is_answered and clarification.asked_by.username == "provider"
    evaluating = by_reference["T-2026-002"]
    assert evaluating.state == TenderState.EVALUATION
    assert evaluating.panel.filter(evaluator__username="evaluator").exists()
    assert evaluating.bids.count() == 3
    assert {t.lead_officer.username for t in by_reference.values()} == {"officer"}
    awarded = by_reference["T-2025-003"]
    assert awarded.state == TenderState.AWARDED
    results = ranked_result(awarded)
    assert results[0].bid == awarded.awarded_bid and results[0].rank == 1
    assert awarded.contract.provider == awarded.awarded_bid.bidder
    assert awarded.contract.project == awarded.project
