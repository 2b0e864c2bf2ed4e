"""Demo records dated from today, so that when `make run` starts every demo user has review-cycle
reminders arriving within a minute (local settings run the sweeps every 30 seconds): returns
due soon, just overdue and long overdue for the providers and the officer (whose line manager is
the Chief Executive), and approvals waiting long enough to chase and escalate. Idempotent: it
only moves dates, so running it again (each `make run`) keeps the demo current."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from approvals.engine.models import ApprovalRequest, ApprovalState
from approvals.models import DecisionNotice
from approvals.states import DecisionNoticeState
from core.working_days import add_working_days
from returns.models import OutcomeReturn, ReturnState

# Days from today for the owed returns, in id order: a reminder, the two escalations, overdue
# and a second reminder stage.
RETURN_DUE_OFFSETS = [14, -30, -14, -1, 3]


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def seed(*, users: dict, organisations: dict, today: date | None = None) -> None:
    today = today or timezone.localdate()
    officer, manager = users["officer"], users["chiefexec"]
    if officer.line_manager_id != manager.pk:
        officer.line_manager = manager
        officer.save(update_fields=["line_manager"])

    owed = OutcomeReturn.objects.filter(
        state__in=[ReturnState.NOT_STARTED, ReturnState.DRAFT],
        period_end__lte=today + timedelta(days=min(RETURN_DUE_OFFSETS)),
        provider__in=[o.pk for o in organisations.values()],
    ).order_by("pk")
    for outcome_return, offset in zip(owed, RETURN_DUE_OFFSETS, strict=False):
        OutcomeReturn.objects.filter(pk=outcome_return.pk).update(
            due_date=today + timedelta(days=offset)
        )

    # Pending approvals: alternately 6 working days old (chased) and 11 (escalated too).
    pending = ApprovalRequest.objects.filter(state=ApprovalState.PENDING).order_by("pk")
    for index, request in enumerate(pending):
        waited = 11 if index % 2 else 6
        ApprovalRequest.objects.filter(pk=request.pk).update(
            requested_at=_moment(add_working_days(today, -waited))
        )
    DecisionNotice.objects.filter(state=DecisionNoticeState.DRAFT).update(
        updated_at=_moment(add_working_days(today, -6))
    )
