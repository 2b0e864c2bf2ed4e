"""Reading an object's history for its page (one query, actor joined)."""

from auditlog.models import LogEntry
from django.db import models


def history_for(obj: models.Model, *, limit: int = 100):
    return (
        LogEntry.objects.get_for_object(obj)
        .select_related("actor")
        .order_by("-timestamp", "-pk")[:limit]
    )
