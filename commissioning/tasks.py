"""Daily contract sweeps (one Celery task per reminder rule, run by beat) and the approval rules
that run as tasks once a decision commits."""

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
