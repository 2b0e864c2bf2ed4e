"""Core models: only operational records with no domain meaning (worker heartbeat, staged uploads)."""

import uuid

from django.conf import settings
from django.db import models


class WorkerHeartbeat(models.Model):
    """Last time a Celery worker ran the beat's heartbeat task: shows operators the queue is alive."""

    name = models.CharField(max_length=100, unique=True)
    last_seen = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.last_seen:%Y-%m-%d %H:%M}"


class StagedImport(models.Model):
    """An uploaded spreadsheet checked and parsed once, waiting for the uploader's confirm.

    `key` is random, names the upload in the page's URL and form, and is the confirm's idempotency
    key; `rows` holds the rows as parsed (JSON), so previews and the confirm never read the file
    again. Only the owner can use it, only for the same kind of import and scope (e.g. a stream).
    """

    key = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=40)
    scope = models.CharField(max_length=40, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=255, blank=True)
    rows = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} upload {self.key}"
