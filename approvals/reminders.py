"""Approval chasers, read set-based for one day: approval requests (STAs, contract awards and
extensions, budget overrides, grants) and decision notices awaiting signature that have waited
the rule's number of working days are chased with their approvers; at the escalation number they
go again as escalations, to the approvers and their line managers.

"Waited N working days" counts the working days (England and Wales) after the day it arrived, up
to and including today (core.working_days.working_days_between >= N): something that arrived on a
Monday has waited more than five working days on the next Monday. Lead times are `ReminderRule`
data (notifications).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone

from accounts.recipients import line_managers, users_by_role
from accounts.roles import Role
from core.working_days import working_days_between
from notifications.reminder_rules import Rule
from notifications.services import NotificationInput
from notifications.sweeps import key

from .engine.models import ApprovalDecision, ApprovalRequest, ApprovalState
from .models import DecisionNotice
from .states import DecisionNoticeState

CHASE = "approvals.chase"
ESCALATE = "approvals.escalate"
CHASE_KIND = "approval_reminder"
ESCALATION_KIND = "approval_escalation"


def arrived_by(day: date, working_days: int) -> datetime:
    """The moment before which something must have arrived to have waited `working_days` on
    `day` (the end of the latest such London day)."""
    latest = day
    while working_days_between(latest, day) < working_days:
        latest -= timedelta(days=1)
    return timezone.make_aware(datetime.combine(latest + timedelta(days=1), time.min))


def _waiting_requests(before: datetime) -> list[dict]:
    """Pending requests (notice-backed ones are chased as notices) and who may not decide them."""
    rows = list(
        ApprovalRequest.objects.filter(
            state=ApprovalState.PENDING, requested_at__lt=before, decision_notice__isnull=True
        )
        .order_by("requested_at", "pk")
        .values("pk", "title", "requested_at", "requested_by_id", "first_role", "second_role")
    )
    ids = [row["pk"] for row in rows]
    decided: dict[int, set[str]] = {}
    for request_id, role in ApprovalDecision.objects.filter(request_id__in=ids).values_list(
        "request_id", "role"
    ):
        decided.setdefault(request_id, set()).add(role)
    authors: dict[int, set[int]] = {}
    through = ApprovalRequest.authors.through
    for request_id, user_id in through.objects.filter(approvalrequest_id__in=ids).values_list(
        "approvalrequest_id", "user_id"
    ):
        authors.setdefault(request_id, set()).add(user_id)
    for row in rows:
        row["roles"] = [
            r
            for r in (row["first_role"], row["second_role"])
            if r and r not in decided.get(row["pk"], set())
        ]
        row["barred"] = authors.get(row["pk"], set()) | {row["requested_by_id"]}
        row["since"] = timezone.localdate(row["requested_at"])
        row["link"] = reverse("approval_queue:detail", args=[row["pk"]])
        row["what"] = f"Approval request “{row['title'][:120]}”"
        row["record"] = "request"
    return rows


def _waiting_notices(before: datetime) -> list[dict]:
    rows = list(
        DecisionNotice.objects.filter(state=DecisionNoticeState.DRAFT, updated_at__lt=before)
        .order_by("updated_at", "pk")
        .values("pk", "title", "updated_at", "drafted_by_id")
    )
    editors: dict[int, set[int]] = {}
    through = DecisionNotice.editors.through
    for notice_id, user_id in through.objects.filter(
        decisionnotice_id__in=[row["pk"] for row in rows]
    ).values_list("decisionnotice_id", "user_id"):
        editors.setdefault(notice_id, set()).add(user_id)
    for row in rows:
        row["roles"] = [Role.COMMISSIONER.value]
        row["barred"] = editors.get(row["pk"], set()) | {row["drafted_by_id"]}
        row["since"] = timezone.localdate(row["updated_at"])
        row["link"] = reverse("approvals:notice_detail", args=[row["pk"]])
        row["what"] = f"Decision notice “{row['title'][:120]}” awaiting signature"
        row["record"] = "notice"
    return rows


def _waiting(day: date, working_days: int) -> list[dict]:
    before = arrived_by(day, working_days)
    return _waiting_requests(before) + _waiting_notices(before)


def _approvers(rows: list[dict]) -> dict[int, list[int]]:
    """{row index: user ids who may act on it}, from one query of role holders."""
    holders = users_by_role({role for row in rows for role in row["roles"]})
    return {
        index: sorted(
            {uid for role in row["roles"] for uid in holders.get(role, [])} - row["barred"]
        )
        for index, row in enumerate(rows)
    }


def chase(day: date, rules: dict[str, Rule]) -> tuple[int, list[NotificationInput]]:
    days = rules[CHASE].first
    rows = _waiting(day, days)
    approvers = _approvers(rows)
    items = [
        NotificationInput(
            recipient_id=user_id,
            kind=CHASE_KIND,
            subject=f"{row['what']} has waited {days} working days for you",
            key=key(CHASE, row["record"], row["pk"], row["since"], user_id),
            link=row["link"],
            about_date=row["since"],
        )
        for index, row in enumerate(rows)
        for user_id in approvers[index]
    ]
    return len(rows), items


def escalate(day: date, rules: dict[str, Rule]) -> tuple[int, list[NotificationInput]]:
    days = rules[ESCALATE].first
    rows = _waiting(day, days)
    approvers = _approvers(rows)
    managers = line_managers(uid for ids in approvers.values() for uid in ids)
    items = []
    for index, row in enumerate(rows):
        people = set(approvers[index]) | {managers[u] for u in approvers[index] if u in managers}
        items.extend(
            NotificationInput(
                recipient_id=user_id,
                kind=ESCALATION_KIND,
                subject=f"Escalation: {row['what']} has waited {days} working days",
                key=key(ESCALATE, row["record"], row["pk"], row["since"], user_id),
                link=row["link"],
                about_date=row["since"],
            )
            for user_id in sorted(people - row["barred"])
        )
    return len(rows), items
