"""The audit trail's entry point: register models for create/change history; record domain events.

Creates and field changes are logged by django-auditlog for every registered model (actor from the
request middleware, or from `acting_as` in services and tasks). State transitions and other domain
events are written here explicitly, in the caller's transaction, as auditlog entries with the event
name in `additional_data`, so an object's page shows one timeline. Every event written here is also
handed to the subscribers registered in `audit.subscribers`, after the transaction commits.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from auditlog.cid import get_cid
from auditlog.context import auditlog_value
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.db import models

from .subscribers import publish


def track(
    model: type[models.Model],
    *,
    exclude: list[str] | None = None,
    m2m_fields: set[str] | None = None,
) -> None:
    """Log every create, change and delete of `model` (state fields are left to record_event).

    Reverse relations and bookkeeping columns (id, timestamps) are never diffed: they would fill a
    "created" entry with noise. `m2m_fields` are logged as they gain or lose members (a user's
    groups, which are their roles).
    """
    reverse = [f.name for f in model._meta.get_fields() if f.auto_created and not f.concrete]
    bookkeeping = [n for n in ("id", "created_at", "updated_at") if hasattr(model, n)]
    auditlog.register(
        model,
        exclude_fields=[*reverse, *bookkeeping, *(exclude or [])],
        m2m_fields=m2m_fields or set(),
    )


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


def event_entry(
    event: str,
    *,
    actor,
    target: models.Model,
    message: str = "",
    changes: dict[str, list[Any]] | None = None,
    data: dict[str, Any] | None = None,
) -> LogEntry:
    """An unsaved history entry for one domain event (see record_event / record_events)."""
    extra = {"event": str(event), "message": message}
    if data:
        extra.update(data)
    return LogEntry(
        content_type=ContentType.objects.get_for_model(target),  # cached after the first
        object_pk=str(target.pk),
        object_id=target.pk if isinstance(target.pk, int) else None,
        object_repr=str(target)[: LogEntry._meta.get_field("object_repr").max_length or 10000],
        action=LogEntry.Action.UPDATE,
        changes={k: [str(v[0]), str(v[1])] for k, v in (changes or {}).items()},
        actor=actor,
        actor_email=getattr(actor, "email", None),
        additional_data=extra,
        cid=get_cid(),
    )


def record_event(event: str, *, actor, target: models.Model, **details) -> LogEntry:
    """Write one domain event (e.g. "grant_approved") to `target`'s history, in the caller's
    transaction. `details`: message, changes {field: [before, after]}, data."""
    entry = event_entry(event, actor=actor, target=target, **details)
    entry.save()
    publish([entry])
    return entry


def record_events(entries: list[LogEntry]) -> None:
    """Write many prepared entries (event_entry / transition_entry) in one query.

    bulk_create sends no pre_save, so the request's client address (audit.middleware) is copied
    here, as auditlog does for entries saved one by one.
    """
    request = auditlog_value.get(None) or {}
    for entry in entries:
        entry.remote_addr = entry.remote_addr or request.get("remote_addr")
        entry.remote_port = entry.remote_port or request.get("remote_port")
    LogEntry.objects.bulk_create(entries)
    publish(entries)


def transition_entry(
    event: str, *, actor, target: models.Model, field: str, source: str, message: str = ""
) -> LogEntry:
    """An unsaved entry for a django-fsm transition: the state change plus the event name."""
    return event_entry(
        event,
        actor=actor,
        target=target,
        message=message,
        changes={field: [source, getattr(target, field)]},
        data={"transition": True},
    )


def record_transition(
    event: str, *, actor, target: models.Model, field: str, source: str, message: str = ""
) -> LogEntry:
    """Write a django-fsm transition to `target`'s history, in the caller's transaction."""
    entry = transition_entry(
        event, actor=actor, target=target, field=field, source=source, message=message
    )
    entry.save()
    publish([entry])
    return entry
