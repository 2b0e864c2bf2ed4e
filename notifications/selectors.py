"""Reads for the notification centre and the operations page."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import (
    Count,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from .models import EmailState, Notification, SweepRun


def inbox(*, user, unread_only: bool = False) -> QuerySet[Notification]:
    notifications = Notification.objects.for_user(user)
    return notifications.unread() if unread_only else notifications


def inbox_version(*, user) -> str:
    """A version of the user's notification centre that changes whenever a notification reaches
    them or one is read: their newest notification (one probe of the inbox index) and the unread
    count that came with the request's user. Notifications are never deleted but with their
    recipient, so the inbox's row count is a function of this version too; an edit in place in
    the admin shows within the page's cache time."""
    newest = (
        Notification.objects.for_user(user)
        .order_by("-created_at")
        .values_list("pk", "created_at")
        .first()
    )
    newest = f"{newest[0]}@{newest[1].isoformat()}" if newest else ""
    return f"{user.pk}:{newest}:{unread_count(user=user)}"


def unread_count(*, user) -> int:
    """The header's figure: read with the request's user when the sign-in backend did (one query
    fewer a page, accounts.backends), otherwise counted here."""
    known = getattr(user, "unread_notifications_count", None)
    if known is not None:
        return known
    return Notification.objects.for_user(user).unread().count()


def unread_count_expression():
    """The unread count of the user OuterRef("pk"), as a subquery (for accounts.backends)."""
    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(unread, output_field=IntegerField()), Value(0))


# Settled e-mail states hold nearly every row: counting them is a scan of the whole table, so their
# counts are kept for a minute. Waiting and failed e-mails, the ones to act on, are counted exactly.
SETTLED_COUNTS_SECONDS = 60
_EXACT = (EmailState.PENDING, EmailState.FAILED)


def delivery_counts() -> tuple[dict[str, int], str]:
    """How many notifications are in each e-mail state (waiting and failed exact, through the
    e-mail state index; sent and skipped at most SETTLED_COUNTS_SECONDS old), and a version of
    the failed e-mails that changes whenever one fails, is sent again or fails again (its
    attempts): the operations page keeps its list of failed e-mails under it. The exact counts
    and the version are one query."""

    def count(states) -> dict[str, int]:
        rows = Notification.objects.filter(email_state__in=states).values("email_state")
        return {r["email_state"]: r["n"] for r in rows.annotate(n=Count("pk")).order_by()}

    settled = [s for s in EmailState.values if s not in _EXACT]
    counts = dict.fromkeys(EmailState.values, 0)
    counts.update(
        cache.get_or_set(
            "notifications:settled-counts", lambda: count(settled), SETTLED_COUNTS_SECONDS
        )
    )
    failed = Q(email_state=EmailState.FAILED)
    facts = Notification.objects.filter(email_state__in=_EXACT).aggregate(
        pending=Count("pk", filter=Q(email_state=EmailState.PENDING)),
        failed=Count("pk", filter=failed),
        last=Max("pk", filter=failed),
        attempts=Sum("attempts", filter=failed),
        due=Max("next_attempt_at", filter=failed),
    )
    counts.update(pending=facts["pending"], failed=facts["failed"])
    return counts, repr(sorted(facts.items()))


def failed_notifications(*, limit: int = 50) -> QuerySet[Notification]:
    return (
        Notification.objects.filter(email_state=EmailState.FAILED)
        .select_related("recipient")
        .order_by("-created_at")[:limit]
    )


def latest_sweep_runs() -> list[SweepRun]:
    """Each sweep's most recent run, by probes of the (name, newest first) index: one for each
    name, found by stepping from one name to the next, so the cost follows the number of sweeps,
    not of their runs (a year of hourly runs is over 100,000 rows)."""
    table = SweepRun._meta.db_table
    latest = RawSQL(  # noqa: S611 (no user input)
        f"""WITH RECURSIVE names(name) AS (
            SELECT MIN(name) FROM {table}
            UNION ALL
            SELECT (SELECT MIN(s.name) FROM {table} s WHERE s.name > names.name)
            FROM names WHERE names.name IS NOT NULL
        )
        SELECT (SELECT s.id FROM {table} s WHERE s.name = names.name
                ORDER BY s.started_at DESC, s.id DESC LIMIT 1)
        FROM names WHERE names.name IS NOT NULL""",  # noqa: S608 (the table name from the model)
        [],
    )
    return list(SweepRun.objects.filter(pk__in=latest).order_by("name"))
