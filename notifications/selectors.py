"""Reads for the notification centre and the operations page."""

from __future__ import annotations

from django.db.models import Count, Max, QuerySet

from .models import EmailState, Notification, SweepRun


def inbox(*, user, unread_only: bool = False) -> QuerySet[Notification]:
    notifications = Notification.objects.for_user(user)
    return notifications.unread() if unread_only else notifications


def unread_count(*, user) -> int:
    return Notification.objects.for_user(user).unread().count()


def delivery_counts() -> dict[str, int]:
    """How many notifications are in each e-mail state (one query)."""
    counts = dict.fromkeys(EmailState.values, 0)
    for row in Notification.objects.values("email_state").annotate(n=Count("pk")):
        counts[row["email_state"]] = row["n"]
    return counts


def failed_notifications(*, limit: int = 50) -> QuerySet[Notification]:
    return (
        Notification.objects.filter(email_state=EmailState.FAILED)
        .select_related("recipient")
        .order_by("-created_at")[:limit]
    )


def latest_sweep_runs() -> list[SweepRun]:
    """Each sweep's most recent run (runs are created in order, so the highest id is the latest)."""
    latest = SweepRun.objects.values("name").annotate(last=Max("pk")).values("last")
    return list(SweepRun.objects.filter(pk__in=latest).order_by("name"))
