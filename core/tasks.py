"""Operational Celery tasks: the worker heartbeat scheduled by beat."""

from celery import shared_task
from django.utils import timezone

from .models import WorkerHeartbeat


@shared_task(name="core.tasks.record_worker_heartbeat")
def record_worker_heartbeat(name: str = "default") -> str:
    """Upsert on a unique name: a retried or duplicated delivery leaves one row."""
    beat, _ = WorkerHeartbeat.objects.update_or_create(
        name=name, defaults={"last_seen": timezone.now()}
    )
    return beat.last_seen.isoformat()
