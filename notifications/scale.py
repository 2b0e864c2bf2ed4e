"""Scale seeder for notifications (see core/scale.py): a year of notifications to the demo users, most
read and e-mailed, a few waiting or failed, and a year of daily sweep runs, so the notification
centre, the unread count in every page's header and the operations page are timed against a full
table rather than an empty one. Written in bulk: no e-mails are sent.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from core.scale import ScalePlan, bulk_insert, own_timestamps

from .kinds import all_kinds
from .models import EmailState, Notification, SweepRun

SIZES = {"notifications": 50_000}
PER_PROVIDER = 10  # at most this many per seeded organisation, so small test runs stay small
# Who gets them: the officer and the provider users most, as reminders and queues would.
_SHARE = {
    "officer": 30,
    "provider": 20,
    "provider2": 10,
    "finance": 15,
    "commissioner": 10,
    "chiefexec": 5,
    "evaluator": 5,
    "admin": 5,
}
_EMAIL = (
    (EmailState.SENT, 85),
    (EmailState.SKIPPED, 10),
    (EmailState.PENDING, 3),
    (EmailState.FAILED, 2),
)
_SWEEPS = ("scale: return reminders", "scale: contract reviews", "scale: approval escalations")


def seed(plan: ScalePlan) -> None:
    count = min(plan.sizes.get("notifications", 0), PER_PROVIDER * plan.sizes.get("providers", 0))
    if not count:
        return
    rng, now = plan.rng, timezone.now()
    names = [n for n in _SHARE if n in plan.users]
    people = [plan.users[n].pk for n in names]
    shares = [_SHARE[n] for n in names]
    kinds = [k.key for k in all_kinds()] or ["scale_reminder"]
    states = [s for s, _ in _EMAIL]
    weights = [w for _, w in _EMAIL]
    rows = []
    for i in range(count):
        created = now - dt.timedelta(minutes=rng.randint(0, 365 * 24 * 60))
        state = rng.choices(states, weights)[0]
        recent = (now - created).days < 14
        rows.append(
            Notification(
                recipient_id=rng.choices(people, shares)[0],
                kind=rng.choice(kinds),
                subject=f"An outcome return is due in 14 days ({i + 1})",
                body="The return for the period ending last month is due soon.",
                link="/returns/",
                about_date=created.date() + dt.timedelta(days=14),
                idempotency_key=f"scale:{i}",
                created_at=created,
                read_at=None if recent and rng.random() < 0.6 else created + dt.timedelta(hours=3),
                email_state=state,
                attempts=5 if state == EmailState.FAILED else int(state == EmailState.SENT),
                last_error="SMTP 451: try again later" if state == EmailState.FAILED else "",
                emailed_at=created + dt.timedelta(minutes=1) if state == EmailState.SENT else None,
            )
        )
    with own_timestamps(Notification, "created_at"):
        bulk_insert(Notification, rows, batch_size=5000)
    runs = []
    for days in range(365, 0, -1):
        started = now - dt.timedelta(days=days, hours=-2)
        for name in _SWEEPS:
            runs.append(
                SweepRun(
                    name=name,
                    started_at=started,
                    finished_at=started + dt.timedelta(seconds=rng.randint(2, 90)),
                    scanned=rng.randint(1_000, 60_000),
                    created=rng.randint(0, 300),
                )
            )
    bulk_insert(SweepRun, runs)
    plan.note(f"{count:,} notifications, {len(runs):,} sweep runs")
