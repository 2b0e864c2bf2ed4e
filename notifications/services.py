"""Creating notifications (idempotently, in bulk), reading them, e-mail preferences and delivery.

Every notification is a row first, with a unique idempotency key; delivery is a separate step that
locks the row, so a sweep run twice, two beats at once or a retried task never send anything twice.
Delivery is enqueued after the transaction commits; if the broker is down the row simply waits for
the periodic `deliver_pending_notifications` task.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .events import NotificationEvent
from .kinds import get_kind
from .models import EmailPreference, EmailState, Notification, SweepRun

BATCH = 1000
SUBJECT_MAX = 200
BODY_MAX = 5000
KEY_MAX = 200


class NotificationError(Exception):
    """A notification that cannot be made or changed; the message says why."""


@dataclass(frozen=True)
class NotificationInput:
    recipient_id: int
    kind: str
    subject: str
    key: str
    body: str = ""
    link: str = ""
    about_date: date | None = None
    extra: dict = field(default_factory=dict, compare=False)


def _check(item: NotificationInput) -> None:
    texts = {"subject": item.subject, "body": item.body, "link": item.link, "key": item.key}
    if any("\x00" in value for value in texts.values()):
        raise NotificationError("A notification cannot contain a NUL character")
    if not item.subject.strip() or len(item.subject) > SUBJECT_MAX:
        raise NotificationError(f"A notification needs a subject of 1 to {SUBJECT_MAX} characters")
    if len(item.body) > BODY_MAX:
        raise NotificationError(f"A notification's text must be {BODY_MAX} characters or fewer")
    if not item.key or len(item.key) > KEY_MAX:
        raise NotificationError(
            f"A notification needs an idempotency key of 1 to {KEY_MAX} characters"
        )
    if item.link and (
        not item.link.startswith("/") or item.link.startswith("//") or "\\" in item.link
    ):
        raise NotificationError("A notification links only to a page inside the service")


def notify_many(*, items: Iterable[NotificationInput]) -> int:
    """Create every notification whose key is new (others are left alone); returns how many were
    created. A few queries per thousand items, whatever their number."""
    items = list({item.key: item for item in items}.values())
    for item in items:
        _check(item)
    created_ids: list[int] = []
    with transaction.atomic():
        for start in range(0, len(items), BATCH):
            batch = items[start : start + BATCH]
            keys = [item.key for item in batch]
            existing = set(
                Notification.objects.filter(idempotency_key__in=keys).values_list(
                    "idempotency_key", flat=True
                )
            )
            new = [item for item in batch if item.key not in existing]
            Notification.objects.bulk_create(
                [
                    Notification(
                        recipient_id=item.recipient_id,
                        kind=item.kind,
                        subject=item.subject,
                        body=item.body,
                        link=item.link,
                        about_date=item.about_date,
                        idempotency_key=item.key,
                    )
                    for item in new
                ],
                ignore_conflicts=True,  # a concurrent run made the same key: one row stays
            )
            created_ids.extend(
                Notification.objects.filter(
                    idempotency_key__in=[item.key for item in new]
                ).values_list("pk", flat=True)
            )
        if created_ids:
            transaction.on_commit(partial(enqueue_delivery, created_ids))
    return len(created_ids)


def notify(
    *,
    recipient,
    kind: str,
    subject: str,
    key: str,
    body: str = "",
    link: str = "",
    about_date: date | None = None,
) -> int:
    """One notification (0 if its key exists already)."""
    return notify_many(
        items=[NotificationInput(recipient.pk, kind, subject, key, body, link, about_date)]
    )


def enqueue_delivery(ids: Sequence[int]) -> None:
    """Hand the ids to a worker; a broker that is down only delays them (the periodic task picks
    pending rows up), it never fails the request that made them."""
    from core.enqueue import send_now

    from .tasks import deliver_notifications

    for start in range(0, len(ids), BATCH):
        send_now(deliver_notifications, list(ids[start : start + BATCH]))


def mark_read(*, notification_id: int, user) -> int:
    """Mark one of the user's own notifications read (0 if it is not theirs or already read)."""
    return (
        Notification.objects.for_user(user)
        .unread()
        .filter(pk=notification_id)
        .update(read_at=timezone.now())
    )


def mark_all_read(*, user) -> int:
    return Notification.objects.for_user(user).unread().update(read_at=timezone.now())


def set_email_preferences(*, user, email_on: dict[str, bool]) -> None:
    """Save the user's e-mail choice per kind; escalations cannot be switched off."""
    for key, on in email_on.items():
        if get_kind(key).escalation and not on:
            raise NotificationError(
                f"{get_kind(key).label} are escalations: they are always sent by e-mail"
            )
    with transaction.atomic():
        for key, on in email_on.items():
            EmailPreference.objects.update_or_create(user=user, kind=key, defaults={"email": on})


def wants_email(*, user, kind: str) -> bool:
    if get_kind(kind).escalation:
        return True
    preference = EmailPreference.objects.filter(user=user, kind=kind).first()
    return True if preference is None else preference.email


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=settings.NOTIFICATION_RETRY_SECONDS * 2 ** (attempts - 1))


def deliver(*, notification_id: int) -> str:
    """Send one pending notification's e-mail, exactly once while its row is locked.

    Returns what happened: "sent", "skipped", "retry", "failed", or "nothing" (not pending, not due
    yet, or another worker holds it).
    """
    now = timezone.now()
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True)
            .select_related("recipient")
            .filter(pk=notification_id, email_state=EmailState.PENDING)
            .first()
        )
        if notification is None or (
            notification.next_attempt_at is not None and notification.next_attempt_at > now
        ):
            return "nothing"
        recipient = notification.recipient
        if (
            not recipient.email
            or not recipient.is_active
            or not wants_email(user=recipient, kind=notification.kind)
        ):
            notification.skip()
            notification.save()
            return "skipped"
        try:
            send_mail(
                subject=notification.subject,
                message=_email_text(notification),
                from_email=None,
                recipient_list=[recipient.email],
            )
        except Exception as exc:  # any mail backend error: retry later, never drop it
            notification.attempts += 1
            if notification.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS:
                notification.mark_failed(error=f"{type(exc).__name__}: {exc}"[:2000])
                outcome = "failed"
            else:
                notification.next_attempt_at = now + _backoff(notification.attempts)
                notification.last_error = f"{type(exc).__name__}: {exc}"[:2000]
                outcome = "retry"
            notification.save()
            return outcome
        notification.mark_sent(when=now)
        notification.save()
        return "sent"


def _email_text(notification: Notification) -> str:
    parts = [notification.body or notification.subject]
    if notification.link:
        parts.append(f"{settings.SITE_URL.rstrip('/')}{notification.link}")
    parts.append("You can choose which e-mails you get under Notifications in the service.")
    return "\n\n".join(parts)


def due_for_delivery(*, limit: int = 500) -> list[int]:
    """Ids of pending notifications whose next attempt is due, oldest first."""
    now = timezone.now()
    return list(
        Notification.objects.filter(email_state=EmailState.PENDING)
        .exclude(next_attempt_at__gt=now)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def retry_failed(*, notification_ids: Iterable[int], actor) -> int:
    """An administrator sends failed e-mails again."""
    from audit.transitions import perform_transition

    count = 0
    with transaction.atomic():
        for notification in Notification.objects.select_for_update().filter(
            pk__in=list(notification_ids), email_state=EmailState.FAILED
        ):
            perform_transition(
                notification,
                "retry",
                actor=actor,
                event=NotificationEvent.RETRIED,
                field="email_state",
                check_permission=False,
            )
            count += 1
        if count:
            transaction.on_commit(partial(enqueue_delivery, due_for_delivery()))
    return count


class SweepCounter:
    """What a sweep reports about its run: rows looked at and notifications created."""

    def __init__(self) -> None:
        self.scanned = 0
        self.created = 0


@contextmanager
def recording_sweep(name: str):
    """Record one run of a periodic sweep for the operations page; an error is kept, then raised."""
    run = SweepRun.objects.create(name=name[:100], started_at=timezone.now())
    counter = SweepCounter()
    try:
        yield counter
    except Exception as exc:
        SweepRun.objects.filter(pk=run.pk).update(
            finished_at=timezone.now(),
            scanned=counter.scanned,
            created=counter.created,
            error=f"{type(exc).__name__}: {exc}"[:2000],
        )
        raise
    SweepRun.objects.filter(pk=run.pk).update(
        finished_at=timezone.now(), scanned=counter.scanned, created=counter.created
    )
