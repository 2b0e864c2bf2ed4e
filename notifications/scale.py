"""Scale seeder for notifications (see core/scale.py): a year of reminders in every demo user's
notification centre (most read and e-mailed, some failed for the Operations page) and a year of
daily sweep runs. It knows no domain: subjects are generic and links point at the centre."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from core.scale import ScalePlan, bulk_insert, own_timestamps

from .models import EmailState, Notification, SweepRun

SIZES = {"notifications": 20_000}
PER_PROVIDER = 10  # at most this many per seeded organisation, so small test runs stay small
KINDS = ("return_reminder", "contract_reminder", "approval_reminder", "return_escalation")


def seed(plan: ScalePlan) -> None:
    rng, today = plan.rng, plan.today
    users = [u.pk for u in plan.users.values()]
    count = plan.sizes["notifications"]
    if "providers" in plan.sizes:
        count = min(count, PER_PROVIDER * plan.sizes["providers"])
    if not users or not count:
        return
    rows = []
    for n in range(count):
        days_ago = rng.randint(0, 365)
        about = today - dt.timedelta(days=days_ago)
        made = timezone.make_aware(dt.datetime.combine(about, dt.time(6, rng.randint(0, 59))))
        state = rng.choices([EmailState.SENT, EmailState.SKIPPED, EmailState.FAILED], [90, 8, 2])[0]
        rows.append(
            Notification(
                recipient_id=users[n % len(users)],
                kind=rng.choice(KINDS),
                subject=f"Reminder {n:06d}: something is due on {about:%-d %B %Y}",
                link="/notifications/",
                about_date=about,
                idempotency_key=f"scale:{n}",
                created_at=made,
                read_at=made + dt.timedelta(hours=3) if days_ago > 7 else None,
                email_state=state,
                attempts=settings.NOTIFICATION_MAX_ATTEMPTS if state == EmailState.FAILED else 1,
                last_error="SMTPServerDisconnected: scale data"
                if state == EmailState.FAILED
                else "",
                emailed_at=made if state == EmailState.SENT else None,
            )
        )
    with own_timestamps(Notification, "created_at"):
        bulk_insert(Notification, rows)
    names = [
        task.rsplit(".", 1)[1].replace("_", " ").capitalize() for task in settings.DAILY_SWEEPS
    ]
    runs = []
    for days_ago in range(365, 0, -1):
        started = timezone.make_aware(
            dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time(5, 30))
        )
        for name in names:
            runs.append(
                SweepRun(
                    name=name,
                    started_at=started,
                    finished_at=started + dt.timedelta(seconds=2),
                    scanned=rng.randint(0, 5000),
                    created=rng.randint(0, 40),
                )
            )
    bulk_insert(SweepRun, runs)
    plan.note(f"notifications: {len(rows):,} notifications, {len(runs):,} sweep runs")
