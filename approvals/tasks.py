"""Daily approval sweeps (Celery tasks run by beat): chase approvers, then escalate."""

from celery import shared_task

from notifications.sweeps import SWEEP_TASK_OPTIONS, run_sweep

from . import reminders


@shared_task(name="approvals.tasks.chase_approvers", **SWEEP_TASK_OPTIONS)
def chase_approvers(today: str | None = None) -> int:
    return run_sweep("Approvals waiting", [reminders.CHASE], reminders.chase, today=today)


@shared_task(name="approvals.tasks.escalate_waiting_approvals", **SWEEP_TASK_OPTIONS)
def escalate_waiting_approvals(today: str | None = None) -> int:
    return run_sweep(
        "Approvals waiting: escalation", [reminders.ESCALATE], reminders.escalate, today=today
    )
