"""The audit trail's entry point: register models for create/change history; record domain events.

Creates and field changes are logged by django-auditlog for every registered model (actor from the
request middleware, or from `acting_as` in services and tasks). State transitions and other domain
events are written here explicitly, in the caller's transaction, as auditlog entries with the event
name in `additional_data`, so an object's page shows one timeline.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.db import models


def track(model: type[models.Model], *, exclude: list[str] | None = None) -> None:
    """Log every create, change and delete of `model` (state fields are left to record_event).

    Reverse relations and bookkeeping columns (id, timestamps) are never diffed: they would fill a
    "created" entry with noise.
    """
    reverse = [f.name for f in model._meta.get_fields() if f.auto_created and not f.concrete]
    bookkeeping = [n for n in ("id", "created_at", "updated_at") if hasattr(model, n)]
    auditlog.register(model, exclude_fields=[*reverse, *bookkeeping, *(exclude or [])])


_actor: ContextVar = ContextVar("audit_actor", default=None)


@contextmanager
def acting_as(user):
    """Attribute the auditlog entries written inside the block to `user` (services, tasks).

    Nests properly (a service calling another service keeps its actor), unlike auditlog's own
    set_actor, whose inner block silently drops the outer actor when it ends.
    """
    if user is None:
        yield
        return
    token = _actor.set(user)
    try:
        yield
    finally:
        _actor.reset(token)


def fill_actor(sender, instance: LogEntry, **kwargs) -> None:
    """pre_save receiver on LogEntry (connected in AuditConfig.ready)."""
    user = _actor.get()
    if instance.actor_id is None and user is not None:
        instance.actor = user
        instance.actor_email = getattr(user, "email", None)


def record_event(
    event: str,
    *,
    actor,
    target: models.Model,
    message: str = "",
    changes: dict[str, list[Any]] | None = None,
    data: dict[str, Any] | None = None,
) -> LogEntry:
    """Write one domain event (e.g. "grant_approved") to `target`'s history, in the caller's transaction."""
    extra = {"event": str(event), "message": message}
    if data:
        extra.update(data)
    return LogEntry.objects.log_create(
        target,
        action=LogEntry.Action.UPDATE,
        changes={k: [str(v[0]), str(v[1])] for k, v in (changes or {}).items()},
        actor=actor,
        additional_data=extra,
        force_log=True,
    )


def record_transition(
    event: str, *, actor, target: models.Model, field: str, source: str, message: str = ""
) -> LogEntry:
    """A django-fsm transition: the state change plus the event name."""
    return record_event(
        event,
        actor=actor,
        target=target,
        message=message,
        changes={field: [source, getattr(target, field)]},
        data={"transition": True},
    )
