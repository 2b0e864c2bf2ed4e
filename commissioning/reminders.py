"""Contract reminders, read set-based for one day: extension option decision deadlines (before,
and when one lapses undecided), re-commissioning alerts for contracts ending with no options left,
three-monthly meetings coming up, and overdue meeting actions, each to the officer who made the
contract; and procurement notices overdue on a project's checklist, to the project's officer. Lead times are `ReminderRule` data (notifications)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from django.db.models import Max, Prefetch
from django.urls import reverse

from notifications.reminder_rules import Rule
from notifications.services import NotificationInput
from notifications.sweeps import days_after_window, key, months_stage_before, stage_before

from . import contract_terms
from .contract_selectors import lead_months_by_start
from .models import Contract, ContractState, ExtensionOption, MeetingAction

OPTION_DEADLINE = "contracts.option_deadline"
OPTION_LAPSED = "contracts.option_lapsed"
RECOMMISSION = "contracts.recommission"
MEETING_DUE = "contracts.meeting_due"
ACTION_OVERDUE = "contracts.meeting_action_overdue"
NOTICE_OVERDUE = "projects.notice_overdue"

KIND = "contract_reminder"
MEETING_EVERY_MONTHS = 3  # Commissioning and Grants Strategy: three-monthly meetings


@dataclass(frozen=True)
class Live:
    contract: Contract
    timeline: contract_terms.Timeline
    last_meeting: date | None


def _live_contracts() -> list[Live]:
    """Every active contract with its options and last meeting (three queries in all)."""
    contracts = list(
        Contract.objects.filter(state=ContractState.ACTIVE, created_by__isnull=False)
        .annotate(last_meeting=Max("meetings__held_on"))
        .only("pk", "reference", "title", "start_date", "initial_months", "ended_on", "created_by")
        .prefetch_related(
            Prefetch(
                "options",
                ExtensionOption.objects.only(
                    "contract", "sequence", "months", "status", "single_tender_action"
                ),
            )
        )
        .order_by("pk")
    )
    leads = lead_months_by_start([c.start_date for c in contracts])
    return [
        Live(c, c.timeline(lead_months=leads[c.start_date]), c.last_meeting)
        for c in contracts
        if c.start_date in leads
    ]


def _item(live: Live, rule: str, about: date, subject: str, *stage) -> NotificationInput:
    contract = live.contract
    return NotificationInput(
        recipient_id=contract.created_by_id,
        kind=KIND,
        subject=f"{contract.reference}: {subject}",
        key=key(rule, "contract", contract.pk, about, contract.created_by_id, *stage),
        link=reverse("commissioning:contract_detail", args=[contract.pk]),
        about_date=about,
    )


def _next_option(live: Live) -> contract_terms.OptionWindow | None:
    """The option to decide next, if it has a deadline (one an STA added has none)."""
    option = live.timeline.next_option()
    if option is None or live.contract.option_rows()[option.number - 1].single_tender_action_id:
        return None
    return option


def option_deadlines(day: date, rules: dict[str, Rule]) -> tuple[int, list[NotificationInput]]:
    rule = rules[OPTION_DEADLINE]
    rows = _live_contracts()
    items = []
    for live in rows:
        option = _next_option(live)
        if option is None:
            continue
        stage = months_stage_before(day, option.deadline, rule)
        if stage is not None:
            subject = f"decide extension option {option.number} by {option.deadline:%-d %B %Y}"
            items.append(_item(live, OPTION_DEADLINE, option.deadline, subject, stage))
    return len(rows), items


def lapsed_options(day: date, rules: dict[str, Rule]) -> tuple[int, list[NotificationInput]]:
    first, last = days_after_window(day, rules[OPTION_LAPSED].first)
    rows = _live_contracts()
    items = []
    for live in rows:
        option = _next_option(live)
        if option is not None and first <= option.deadline <= last:
            subject = (
                f"the deadline to decide extension option {option.number} passed on "
                f"{option.deadline:%-d %B %Y}"
            )
            items.append(_item(live, OPTION_LAPSED, option.deadline, subject))
    return len(rows), items


def recommissioning(day: date, rules: dict[str, Rule]) -> tuple[int, list[NotificationInput]]:
    rule = rules[RECOMMISSION]
    rows = _live_contracts()
    items = [
        _item(
            live,
            RECOMMISSION,
            live.timeline.latest_end,
            f"ends on {live.timeline.latest_end:%-d %B %Y} with no extension options left: "
            "plan re-commissioning",
        )
        for live in rows
        if live.timeline.next_option() is None
        and months_stage_before(day, live.timeline.latest_end, rule) is not None
    ]
    return len(rows), items


def _next_meeting(live: Live, day: date, rule: Rule) -> date | None:
    """The scheduled meeting within the lead time, unless one was held in its quarter."""
    due = contract_terms.next_meeting(live.timeline.start, live.timeline.current_end, day)
    if due is None or stage_before(day, due, rule) is None:
        return None
    quarter_start = due - relativedelta(months=MEETING_EVERY_MONTHS)
    if live.last_meeting is None or live.last_meeting <= quarter_start:
        return due
    return None


def meetings_due(day: date, rules: dict[str, Rule]) -> tuple[int, list[NotificationInput]]:
    rule = rules[MEETING_DUE]
    rows = _live_contracts()
    items = []
    for live in rows:
        due = _next_meeting(live, day, rule)
        if due is not None:
            subject = f"three-monthly meeting with the provider due by {due:%-d %B %Y}"
            items.append(_item(live, MEETING_DUE, due, subject))
    return len(rows), items


def overdue_actions(day: date, rules: dict[str, Rule]) -> tuple[int, list[NotificationInput]]:
    first, last = days_after_window(day, rules[ACTION_OVERDUE].first)
    rows = list(
        MeetingAction.objects.filter(
            done_on__isnull=True,
            due_on__range=(first, last),
            meeting__contract__state=ContractState.ACTIVE,
            meeting__contract__created_by__isnull=False,
        )
        .order_by("due_on", "pk")
        .values(
            "pk",
            "description",
            "due_on",
            "meeting__contract_id",
            "meeting__contract__reference",
            "meeting__contract__created_by_id",
        )
    )
    items = [
        NotificationInput(
            recipient_id=row["meeting__contract__created_by_id"],
            kind=KIND,
            subject=f"{row['meeting__contract__reference']}: meeting action overdue since "
            f"{row['due_on']:%-d %B %Y}: {row['description'][:100]}",
            key=key(
                ACTION_OVERDUE,
                "action",
                row["pk"],
                row["due_on"],
                row["meeting__contract__created_by_id"],
            ),
            link=reverse("commissioning:contract_detail", args=[row["meeting__contract_id"]]),
            about_date=row["due_on"],
        )
        for row in rows
    ]
    return len(rows), items


def overdue_procurement_notices(
    day: date, rules: dict[str, Rule]
) -> tuple[int, list[NotificationInput]]:
    """Notices on a project's checklist still unpublished the rule's days after their due date
    (one query over the catch-up window), each to the project's officer."""
    from .models import NoticeKind
    from .project_selectors import overdue_notices

    first, last = days_after_window(day, rules[NOTICE_OVERDUE].first)
    rows = list(
        overdue_notices(day)
        .filter(due_on__range=(first, last), project__officer__isnull=False)
        .values("pk", "kind", "due_on", "project_id", "project__title", "project__officer_id")
    )
    labels = dict(NoticeKind.choices)
    items = [
        NotificationInput(
            recipient_id=row["project__officer_id"],
            kind=KIND,
            subject=f"CP-{row['project_id']:04d} {row['project__title'][:80]}: "
            f"{labels.get(row['kind'], row['kind'])} was "
            f"due on {row['due_on']:%-d %B %Y} and is not yet published",
            key=key(NOTICE_OVERDUE, "notice", row["pk"], row["due_on"], row["project__officer_id"]),
            link=reverse("commissioning:project_detail", args=[row["project_id"]]),
            about_date=row["due_on"],
        )
        for row in rows
    ]
    return len(rows), items
