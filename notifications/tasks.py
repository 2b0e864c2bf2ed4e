"""Celery tasks that deliver notifications: the batch handed over after a commit, and the periodic
pick-up of anything still pending (broker down at the time, a worker killed mid-delivery, retries
whose backoff has passed). Both call services.deliver, which locks each row, so running them twice
sends nothing twice."""

from celery import shared_task

from . import services


@shared_task(name="notifications.tasks.deliver_notifications", acks_late=True)
def deliver_notifications(notification_ids: list[int]) -> dict[str, int]:
    outcomes: dict[str, int] = {}
    for notification_id in notification_ids:
        outcome = services.deliver(notification_id=notification_id)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


@shared_task(name="notifications.tasks.deliver_pending_notifications", acks_late=True)
def deliver_pending_notifications() -> dict[str, int]:
    return deliver_notifications(services.due_for_delivery())
