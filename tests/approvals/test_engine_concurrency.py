"""PostgreSQL: two approvers decide one request from two threads; exactly one decision is stored."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from approvals.engine.errors import ApprovalError
from approvals.engine.models import ApprovalDecision, ApprovalState
from approvals.engine.services import decide_approval_request, request_approval
from tests.conftest import PASSWORD  # noqa: F401 - same user set-up as the other factories

from .factories import FinanceFactory, OfficerFactory


def _decide_together(request, deciders):
    barrier = threading.Barrier(len(deciders))
    results, errors, lock = [], [], threading.Lock()

    def work(user, outcome):
        try:
            barrier.wait(timeout=30)
            decided = decide_approval_request(
                request=request, decided_by=user, outcome=outcome, comment="Not this time"
            )
            with lock:
                results.append(decided.state)
        except ApprovalError as exc:
            with lock:
                errors.append(exc.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=pair) for pair in deciders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a deciding thread hung"
    return results, errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("same_person", [False, True], ids=["two approvers", "double click"])
def test_two_threads_store_exactly_one_decision(postgres, same_person):
    request = request_approval(
        kind="sta", value=Decimal("120000"), title="Interpreting", requested_by=OfficerFactory()
    )
    first = FinanceFactory(first_name="Fiona", last_name="Fraser")
    second = first if same_person else FinanceFactory(first_name="Frank", last_name="Ford")

    results, errors = _decide_together(request, [(first, "approved"), (second, "rejected")])

    assert len(results) == 1 and len(errors) == 1
    decision = ApprovalDecision.objects.get(request=request)
    assert errors[0].startswith(f"This was already {decision.get_outcome_display().lower()} by")
    assert str(decision.decided_by) in errors[0]
    request.refresh_from_db()
    assert request.state in {ApprovalState.APPROVED, ApprovalState.REJECTED}
    assert request.state == decision.outcome
