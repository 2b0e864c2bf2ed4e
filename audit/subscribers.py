"""Subscribers to domain events: registered at start-up, called once the recording transaction commits.

An app that reacts to another's events (notifications to "grant_approved", say) registers a handler
in its `AppConfig.ready()` with `subscribe(handler, events=[...])`, so the app that records the
event never imports it. `audit.events.record_event` and its siblings hand every event here; each
handler then runs after the transaction commits, never when it rolls back (a rolled-back savepoint
drops its events too). A handler that raises is logged and skipped: it never breaks the request or
stops the other handlers. Handlers get an `Event` of plain values (ids, not model instances) and
should do their work in a Celery task (`task.delay(...)`: the data is already committed).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from auditlog.models import LogEntry
from django.db import router, transaction

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Event:
    """One recorded domain event as subscribers see it."""

    name: str
    target_type: str  # "app_label.model", e.g. "grants.grant"
    target_pk: str
    target_repr: str
    actor_id: int | None
    message: str = ""
    changes: dict[str, list[str]] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)
    entry_id: int | None = None  # the history entry (auditlog LogEntry) that records it

    @classmethod
    def from_entry(cls, entry: LogEntry) -> Event:
        extra = dict(entry.additional_data or {})
        name = str(extra.pop("event", ""))
        message = str(extra.pop("message", "") or "")
        content_type = entry.content_type
        return cls(
            name=name,
            target_type=f"{content_type.app_label}.{content_type.model}",
            target_pk=str(entry.object_pk),
            target_repr=entry.object_repr,
            actor_id=entry.actor_id,
            message=message,
            changes=dict(entry.changes or {}),
            data=extra,
            entry_id=entry.pk,
        )


Handler = Callable[[Event], None]
_subscribers: dict[Handler, frozenset[str] | None] = {}


def subscribe(handler: Handler, *, events: Iterable[str] | None = None) -> None:
    """Call `handler(event)` after commit for each event named in `events` (every event if None).

    Call it from `AppConfig.ready()`. Subscribing the same handler again replaces its event list.
    """
    if not callable(handler):
        raise TypeError("A subscriber must be callable with one Event")
    _subscribers[handler] = None if events is None else frozenset(str(e) for e in events)


def unsubscribe(handler: Handler) -> None:
    _subscribers.pop(handler, None)


@contextmanager
def subscribed(handler: Handler, *, events: Iterable[str] | None = None) -> Iterator[Handler]:
    """Subscribe `handler` for the duration of a block (tests)."""
    subscribe(handler, events=events)
    try:
        yield handler
    finally:
        unsubscribe(handler)


def _wants(names: frozenset[str] | None, event: str) -> bool:
    return names is None or event in names


def publish(entries: Iterable[LogEntry]) -> None:
    """Queue the events of saved history entries for their subscribers, after the commit."""
    if not _subscribers:
        return
    events = [Event.from_entry(entry) for entry in entries]
    wanted = [e for e in events if any(_wants(n, e.name) for n in _subscribers.values())]
    if wanted:
        transaction.on_commit(lambda: deliver(wanted), using=router.db_for_write(LogEntry))


def deliver(events: Iterable[Event]) -> None:
    """Hand each event to every subscriber that wants it; a failing subscriber is logged, skipped."""
    for event in events:
        for handler, names in list(_subscribers.items()):
            if not _wants(names, event.name):
                continue
            try:
                handler(event)
            except Exception:
                logger.exception(
                    "Subscriber %r failed on event %s for %s %s",
                    handler,
                    event.name,
                    event.target_type,
                    event.target_pk,
                )
