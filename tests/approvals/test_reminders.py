"""Approval sweeps on a pinned day: chase after 5 working days, escalate at 10, counted across
the Easter bank holiday weekend; requests and notices awaiting signature; never the author;
nothing twice; constant queries."""

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from approvals import tasks
from approvals.engine.models import ApprovalRequest
from approvals.engine.services import request_approval
from approvals.models import DecisionNotice
from approvals.reminders import arrived_by
from notifications.models import Notification
from tests.approvals.factories import DecisionNoticeFactory

pytestmark = pytest.mark.django_db

# Thursday 2 April 2026, then Good Friday, the weekend and Easter Monday: working days after it
# are Tue 7 (1), Wed 8, Thu 9, Fri 10, Mon 13 (5) ... Mon 20 April (10).
ARRIVED = datetime.combine(date(2026, 4, 2), time(16, 0))


def _waiting_request(officer):
    request = request_approval(
        kind="sta", value=Decimal("1000"), title="Interpreting service", requested_by=officer
    )
    ApprovalRequest.objects.filter(pk=request.pk).update(requested_at=timezone.make_aware(ARRIVED))
    return request


@pytest.mark.parametrize(
    ("day", "working_days", "expected"),
    [
        # Monday 13th: anything in by Easter Monday (a bank holiday) has waited Tue 7 .. Mon 13
        (date(2026, 4, 13), 5, date(2026, 4, 6)),
        (date(2026, 4, 10), 5, date(2026, 4, 1)),  # Friday: Thu 2, Tue 7 .. Fri 10
        (date(2026, 4, 11), 5, date(2026, 4, 1)),  # Saturday adds no working day
    ],
)
def test_arrived_by_counts_working_days_back(day, working_days, expected):
    cutoff = arrived_by(day, working_days)
    assert timezone.localdate(cutoff - timezone.timedelta(microseconds=1)) == expected


@pytest.mark.parametrize(
    ("day", "chased"),
    [
        ("2026-04-10", False),  # Friday: 4 working days (Good Friday, Easter Monday off)
        ("2026-04-11", False),  # Saturday and Sunday add nothing
        ("2026-04-12", False),
        ("2026-04-13", True),  # Monday: the 5th working day
    ],
)
def test_approver_is_chased_after_5_working_days_across_the_bank_holiday(
    officer, finance_approver, day, chased
):
    _waiting_request(officer)
    tasks.chase_approvers(today=day)
    assert Notification.objects.filter(recipient=finance_approver).exists() is chased
    assert not Notification.objects.filter(recipient=officer).exists()  # never the requester


@pytest.mark.parametrize(("day", "escalated"), [("2026-04-17", False), ("2026-04-20", True)])
def test_escalation_at_10_working_days_to_approver_and_manager(
    officer, finance_approver, make_user, day, escalated
):
    manager = make_user("t_cfo_manager")
    finance_approver.line_manager = manager
    finance_approver.save(update_fields=["line_manager"])
    _waiting_request(officer)
    tasks.escalate_waiting_approvals(today=day)
    tasks.escalate_waiting_approvals(today=day)
    for user in (finance_approver, manager):
        found = Notification.objects.filter(recipient=user, kind="approval_escalation")
        assert found.count() == (1 if escalated else 0)


def test_decided_request_is_not_chased(officer, finance_approver):
    from approvals.engine.services import decide_approval_request

    request = _waiting_request(officer)
    decide_approval_request(request=request, decided_by=finance_approver, outcome="approved")
    tasks.chase_approvers(today="2026-04-13")
    assert not Notification.objects.exists()


def test_notice_awaiting_signature_chases_commissioners_but_not_its_drafter(
    commissioner, make_user
):
    from accounts.roles import Role

    drafter = make_user("t_drafting_commissioner", Role.COMMISSIONER, Role.OFFICER)
    notice = DecisionNoticeFactory(drafted_by=drafter)
    DecisionNotice.objects.filter(pk=notice.pk).update(updated_at=timezone.make_aware(ARRIVED))
    for _ in range(2):
        tasks.chase_approvers(today="2026-04-13")
    assert Notification.objects.filter(recipient=commissioner).count() == 1
    assert not Notification.objects.filter(recipient=drafter).exists()


@pytest.mark.parametrize(
    ("sweep", "day"),
    [(tasks.chase_approvers, "2026-04-13"), (tasks.escalate_waiting_approvals, "2026-04-20")],
)
def test_query_count_does_not_grow_with_waiting_items(
    officer, finance_approver, commissioner, sweep, day
):
    counts = []
    for size in (1, 5):
        for _ in range(size):
            _waiting_request(officer)
            notice = DecisionNoticeFactory(drafted_by=officer)
            DecisionNotice.objects.filter(pk=notice.pk).update(
                updated_at=timezone.make_aware(ARRIVED)
            )
        Notification.objects.all().delete()
        with CaptureQueriesContext(connection) as ctx:
            sweep(today=day)
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
