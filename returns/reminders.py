"""Outcome return reminders, read set-based for one day: the provider reminded before the due
date and told the day after it is overdue; escalation to the responsible officer (who made the
grant or contract) and then to their line manager. Lead times are `ReminderRule` data (notifications)."""

from __future__ import annotations

from datetime import date

from django.db.models.functions import Coalesce
from django.urls import reverse

from accounts.recipients import line_managers
from notifications.reminder_rules import Rule
from notifications.services import NotificationInput
from notifications.sweeps import days_after_window, days_before_window, key, stage_before
from providers.selectors import provider_user_ids

from .models import OutcomeReturn, ReturnState

DUE_SOON = "returns.due_soon"
OVERDUE = "returns.overdue"
ESCALATE_OFFICER = "returns.escalate_officer"
ESCALATE_MANAGER = "returns.escalate_manager"

REMINDER_KIND = "return_reminder"
ESCALATION_KIND = "return_escalation"

# Not yet submitted: the provider still owes it.
OWED = [ReturnState.NOT_STARTED, ReturnState.DRAFT]
FIELDS = ("pk", "due_date", "provider_id", "award_reference", "officer_id")


def _owed(first: date, last: date) -> list[dict]:
    """Returns still owed and due within the window, a grant's or a contract's alike: the award's
    reference and its responsible officer (who made it) read in the same query."""
    return list(
        OutcomeReturn.objects.filter(state__in=OWED, due_date__range=(first, last))
        .annotate(
            award_reference=Coalesce("grant__reference", "contract__reference"),
            officer_id=Coalesce("grant__created_by_id", "contract__created_by_id"),
        )
        .order_by("due_date", "pk")
        .values(*FIELDS)
    )


def _link(pk: int) -> str:
    return reverse("returns:return_detail", args=[pk])


def _to_providers(rows: list[dict], rule: str, subject, stage=None) -> list[NotificationInput]:
    users = provider_user_ids(row["provider_id"] for row in rows)
    return [
        NotificationInput(
            recipient_id=user_id,
            kind=REMINDER_KIND,
            subject=subject(row),
            key=key(rule, "return", row["pk"], row["due_date"], user_id, *stage(row)),
            link=_link(row["pk"]),
            about_date=row["due_date"],
        )
        for row in rows
        for user_id in users.get(row["provider_id"], [])
    ]


def due_soon(day: date, rules: dict[str, Rule]) -> tuple[int, list[NotificationInput]]:
    rule = rules[DUE_SOON]
    rows = _owed(*days_before_window(day, rule))
    for row in rows:
        row["stage"] = stage_before(day, row["due_date"], rule)
    rows = [row for row in rows if row["stage"] is not None]
    items = _to_providers(
        rows,
        DUE_SOON,
        lambda r: f"Outcome return for {r['award_reference']} is due on {r['due_date']:%-d %B %Y}",
        stage=lambda r: [r["stage"]],
    )
    return len(rows), items


def overdue(day: date, rules: dict[str, Rule]) -> tuple[int, list[NotificationInput]]:
    rows = _owed(*days_after_window(day, rules[OVERDUE].first))
    items = _to_providers(
        rows,
        OVERDUE,
        lambda r: (
            f"Outcome return for {r['award_reference']} is overdue: it was due on "
            f"{r['due_date']:%-d %B %Y}"
        ),
        stage=lambda r: [],
    )
    return len(rows), items


def _escalation(row: dict, rule: str, recipient_id: int, days: int) -> NotificationInput:
    return NotificationInput(
        recipient_id=recipient_id,
        kind=ESCALATION_KIND,
        subject=f"Outcome return for {row['award_reference']} is {days} days overdue "
        f"(due {row['due_date']:%-d %B %Y})",
        key=key(rule, "return", row["pk"], row["due_date"], recipient_id),
        link=_link(row["pk"]),
        about_date=row["due_date"],
    )


def escalate_to_officer(day: date, rules: dict[str, Rule]) -> tuple[int, list[NotificationInput]]:
    days = rules[ESCALATE_OFFICER].first
    rows = _owed(*days_after_window(day, days))
    items = [
        _escalation(row, ESCALATE_OFFICER, row["officer_id"], days)
        for row in rows
        if row["officer_id"]
    ]
    return len(rows), items


def escalate_to_manager(day: date, rules: dict[str, Rule]) -> tuple[int, list[NotificationInput]]:
    days = rules[ESCALATE_MANAGER].first
    rows = _owed(*days_after_window(day, days))
    managers = line_managers(row["officer_id"] for row in rows)
    items = [
        _escalation(row, ESCALATE_MANAGER, managers[row["officer_id"]], days)
        for row in rows
        if row["officer_id"] in managers
    ]
    return len(rows), items
