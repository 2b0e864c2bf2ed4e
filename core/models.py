"""Core models: only operational records with no domain meaning (the worker heartbeat)."""

from django.db import models


class WorkerHeartbeat(models.Model):
    """Last time a Celery worker ran the beat's heartbeat task: shows operators the queue is alive."""

    name = models.CharField(max_length=100, unique=True)
    last_seen = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.last_seen:%Y-%m-%d %H:%M}"
