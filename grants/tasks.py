"""Daily funding sweep (a Celery task run by beat): streams over their committed threshold."""

from celery import shared_task

from notifications.sweeps import SWEEP_TASK_OPTIONS, run_sweep

from . import reminders


@shared_task(name="grants.tasks.alert_streams_over_committed", **SWEEP_TASK_OPTIONS)
def alert_streams_over_committed(today: str | None = None) -> int:
    return run_sweep(
        "Funding streams nearly committed",
        [reminders.COMMITTED],
        reminders.over_committed,
        today=today,
    )
