"""Daily contract sweeps (one Celery task per reminder rule, run by beat), the approval rules
that run as tasks once a decision commits, and the hourly sweep that ends contracts whose term has
run out."""

from celery import shared_task

from notifications.sweeps import SWEEP_TASK_OPTIONS, run_sweep

from . import reminders


@shared_task(name="commissioning.tasks.remind_option_deadlines", **SWEEP_TASK_OPTIONS)
def remind_option_deadlines(today: str | None = None) -> int:
    return run_sweep(
        "Extension option deadlines",
        [reminders.OPTION_DEADLINE],
        reminders.option_deadlines,
        today=today,
    )


@shared_task(name="commissioning.tasks.tell_overdue_procurement_notices", **SWEEP_TASK_OPTIONS)
def tell_overdue_procurement_notices(today: str | None = None) -> int:
    return run_sweep(
        "Procurement notices overdue",
        [reminders.NOTICE_OVERDUE],
        reminders.overdue_procurement_notices,
        today=today,
    )


@shared_task(name="commissioning.tasks.tell_lapsed_options", **SWEEP_TASK_OPTIONS)
def tell_lapsed_options(today: str | None = None) -> int:
    return run_sweep(
        "Extension option deadlines passed",
        [reminders.OPTION_LAPSED],
        reminders.lapsed_options,
        today=today,
    )


@shared_task(name="commissioning.tasks.alert_recommissioning", **SWEEP_TASK_OPTIONS)
def alert_recommissioning(today: str | None = None) -> int:
    return run_sweep(
        "Re-commissioning alerts", [reminders.RECOMMISSION], reminders.recommissioning, today=today
    )


@shared_task(name="commissioning.tasks.remind_meetings_due", **SWEEP_TASK_OPTIONS)
def remind_meetings_due(today: str | None = None) -> int:
    return run_sweep(
        "Contract meetings due", [reminders.MEETING_DUE], reminders.meetings_due, today=today
    )


@shared_task(name="commissioning.tasks.tell_overdue_meeting_actions", **SWEEP_TASK_OPTIONS)
def tell_overdue_meeting_actions(today: str | None = None) -> int:
    return run_sweep(
        "Overdue meeting actions",
        [reminders.ACTION_OVERDUE],
        reminders.overdue_actions,
        today=today,
    )


# Approval rules as tasks: enqueued after the decision commits (core.enqueue), idempotent, and
# caught up every few minutes for anything a broker outage lost.
APPROVAL_TASK_OPTIONS = SWEEP_TASK_OPTIONS
CATCH_UP_DAYS = 7


@shared_task(name="commissioning.tasks.apply_approved_sta", **APPROVAL_TASK_OPTIONS)
def apply_approved_sta(request_id: int) -> str:
    from .contract_from_sta import act_on_approved_sta

    return act_on_approved_sta(request_id=request_id)


@shared_task(name="commissioning.tasks.tell_extensions_approved", **APPROVAL_TASK_OPTIONS)
def tell_extensions_approved(request_ids: list[int]) -> int:
    from .extension_approvals import tell_extensions_approved as tell

    return tell(request_ids=request_ids)


@shared_task(name="commissioning.tasks.catch_up_approvals", **APPROVAL_TASK_OPTIONS)
def catch_up_approvals() -> dict[str, int]:
    """Approvals of the last week whose follow-up has not run (the broker was down)."""
    from datetime import timedelta

    from django.utils import timezone

    from .contract_from_sta import act_on_approved_sta, approved_stas_to_apply
    from .extension_approvals import approved_since
    from .extension_approvals import tell_extensions_approved as tell

    since = timezone.now() - timedelta(days=CATCH_UP_DAYS)
    applied = [act_on_approved_sta(request_id=pk) for pk in approved_stas_to_apply(since=since)]
    return {
        "stas": applied.count("drafted") + applied.count("extended"),
        "extensions": tell(request_ids=approved_since(since)),
    }


@shared_task(name="commissioning.tasks.end_expired_contracts")
def end_expired_contracts_task() -> int:
    """Beat runs it hourly; the service is idempotent, so a repeated delivery changes nothing."""
    from .contract_services import end_expired_contracts

    return end_expired_contracts()
