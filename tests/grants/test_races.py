"""PostgreSQL: double clicks and races on signing, drafting a notice, asking for an override and deciding it give
one result each, the losers a clear message and the winner's result, and never a 500 (issue 13
item 7)."""

import threading
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from approvals.engine.models import ApprovalDecision, ApprovalRequest
from approvals.models import DecisionNotice, DecisionNoticeState
from grants import services
from grants.models import BudgetOverride, Grant
from tests.approvals.factories import CommissionerFactory, OfficerFactory, UserFactory
from tests.approvals.test_engine_concurrency import _decide_together
from tests.grants.factories import FundingStreamFactory, budget, make_grant, year

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _post_together(user, url: str, data_for, n: int):
    """n logged-in clients post to `url` at the same instant; returns their final responses."""
    barrier = threading.Barrier(n)
    responses, errors = [], []
    lock = threading.Lock()

    def work(i):
        client = Client(raise_request_exception=False)
        client.force_login(user, backend="accounts.backends.RequestUserBackend")
        try:
            barrier.wait(timeout=30)
            response = client.post(url, data_for(i), follow=True)
            with lock:
                responses.append(response)
        except Exception as exc:  # pragma: no cover - reported below
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert not any(t.is_alive() for t in threads), "a request hung"
    assert errors == []
    assert [r.status_code for r in responses] == [200] * n, [r.status_code for r in responses]
    return responses


def _messages(response) -> list[str]:
    """The banners on the page (not response.context: the test client's template capture is
    shared between threads)."""
    import html
    import re

    text = html.unescape(response.content.decode())
    return [
        " ".join(re.sub(r"<[^>]+>", " ", m).split())
        for m in re.findall(
            r'<(?:p|h3) class="govuk-notification-banner__heading">(.*?)</', text, re.S
        )
    ]


def _awaiting_grant(officer):
    stream = FundingStreamFactory()
    budget(stream, 2025, "100000.00")
    grant = make_grant(officer, stream=stream)
    services.draft_decision_notice_for_grant(grant=grant, drafted_by=officer)
    services.submit_grant_for_decision(grant=Grant.objects.get(pk=grant.pk), submitted_by=officer)
    return Grant.objects.get(pk=grant.pk)


def test_ten_concurrent_signs_sign_once(postgres):
    officer, commissioner = OfficerFactory(), CommissionerFactory()
    grant = _awaiting_grant(officer)
    notice = grant.decision_notice
    url = reverse("approvals:notice_sign", args=[notice.pk])
    responses = _post_together(
        commissioner, url, lambda i: {"confirm": "on", "version": notice.version}, 10
    )
    notice.refresh_from_db()
    assert notice.state == DecisionNoticeState.SIGNED
    said = [m for r in responses for m in _messages(r)]
    assert said.count(f"Decision notice signed: {notice.number}.") == 1
    assert sum(f"already been signed as {notice.number}" in m for m in said) == 9
    assert Grant.objects.get(pk=grant.pk).state == "approved"


def test_eight_concurrent_drafts_of_one_notice_make_one(postgres):
    officer = OfficerFactory()
    stream = FundingStreamFactory()
    grant = make_grant(officer, stream=stream)
    url = reverse("grants:grant_draft_notice", args=[grant.pk])
    responses = _post_together(officer, url, lambda i: {}, 8)
    assert DecisionNotice.objects.count() == 1
    notice = DecisionNotice.objects.get()
    assert Grant.objects.get(pk=grant.pk).decision_notice == notice
    # Everyone lands on the one notice: the winner told it was drafted, the others that it exists.
    assert all(r.request["PATH_INFO"] == notice.get_absolute_url() for r in responses)
    said = [m for r in responses for m in _messages(r)]
    assert sum(m.startswith("Decision notice drafted") for m in said) == 1
    assert sum(m == services.notices.ALREADY_HAS_NOTICE for m in said) == 7


def test_eight_concurrent_override_requests_ask_once_for_any_form(postgres):
    officer = OfficerFactory()
    stream = FundingStreamFactory()
    budget(stream, 2025, "100.00")
    grant = make_grant(officer, stream=stream, total="150.00")
    url = reverse("grants:grant_override", args=[grant.pk])
    key = "2b0f6b7e-3d5f-4c1e-9a53-0c9d9f3a7e11"

    def data(i):
        return {
            "stream": stream.pk,
            "financial_year": "2025",
            "amount": "50.00",
            "reason": "Year-end underspend elsewhere",
            # half double-click one form, half come from other forms
            "request_key": key if i % 2 else f"2b0f6b7e-3d5f-4c1e-9a53-0c9d9f3a7e{i:02d}",
        }

    responses = _post_together(officer, url, data, 8)
    assert BudgetOverride.objects.count() == 1
    assert BudgetOverride.objects.get().amount == D("50.00")
    assert ApprovalRequest.objects.filter(kind="budget_override").count() == 1
    assert all(r.request["PATH_INFO"] == grant.get_absolute_url() for r in responses)
    said = [m for r in responses for m in _messages(r)]
    asked = sum(m.startswith("Budget override asked for") for m in said)
    told = sum("has already been asked for on this grant" in m for m in said)
    assert asked >= 1 and asked + told == 8


@pytest.mark.parametrize("same_person", [False, True], ids=["two approvers", "double click"])
def test_two_finance_approvers_decide_one_override_once(postgres, same_person):
    from accounts.roles import Role

    officer = OfficerFactory()
    stream = FundingStreamFactory()
    budget(stream, 2025, "100.00")
    grant = make_grant(officer, stream=stream, total="150.00")
    override = services.request_budget_override(
        grant=grant,
        stream=stream,
        year=year(2025),
        amount=D("50.00"),
        reason="Year-end underspend elsewhere",
        requested_by=officer,
    )
    first = UserFactory(roles=[Role.FINANCE], first_name="Fiona", last_name="Fraser")
    second = first if same_person else UserFactory(roles=[Role.FINANCE], first_name="Frank")

    results, errors = _decide_together(
        override.approval_request, [(first, "approved"), (second, "rejected")]
    )

    assert len(results) == 1 and len(errors) == 1
    decision = ApprovalDecision.objects.get(request=override.approval_request)
    assert errors[0].startswith(f"This was already {decision.get_outcome_display().lower()} by")
    assert str(decision.decided_by) in errors[0] and " at " in errors[0]
    override.refresh_from_db()
    assert override.approval_request.state == decision.outcome
    approved = decision.outcome == "approved"
    assert override.approved_by == (decision.decided_by if approved else None)
    assert (services.budget_shortfalls(award=grant.award) == []) is approved
