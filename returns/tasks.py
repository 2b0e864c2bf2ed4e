"""Daily outcome return sweeps (one Celery task per reminder rule; beat runs them, see
config/settings/base.py). Each takes an optional ISO day so a catch-up run, or a test, names it."""

from celery import shared_task

from notifications.sweeps import SWEEP_TASK_OPTIONS, run_sweep

from . import reminders


@shared_task(name="returns.tasks.remind_returns_due", **SWEEP_TASK_OPTIONS)
def remind_returns_due(today: str | None = None) -> int:
    return run_sweep("Returns due soon", [reminders.DUE_SOON], reminders.due_soon, today=today)


@shared_task(name="returns.tasks.tell_returns_overdue", **SWEEP_TASK_OPTIONS)
def tell_returns_overdue(today: str | None = None) -> int:
    return run_sweep("Returns overdue", [reminders.OVERDUE], reminders.overdue, today=today)


@shared_task(name="returns.tasks.escalate_overdue_returns_to_officer", **SWEEP_TASK_OPTIONS)
def escalate_overdue_returns_to_officer(today: str | None = None) -> int:
    return run_sweep(
        "Overdue returns: responsible officer",
        [reminders.ESCALATE_OFFICER],
        reminders.escalate_to_officer,
        today=today,
    )


@shared_task(name="returns.tasks.escalate_overdue_returns_to_manager", **SWEEP_TASK_OPTIONS)
def escalate_overdue_returns_to_manager(today: str | None = None) -> int:
    return run_sweep(
        "Overdue returns: officer's manager",
        [reminders.ESCALATE_MANAGER],
        reminders.escalate_to_manager,
        today=today,
    )
