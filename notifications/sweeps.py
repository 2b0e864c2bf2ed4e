"""Running a daily reminder sweep: the day it is about (Europe/London), the rules in force that
day, the run recorded for the Operations page, and its notifications created idempotently.

A sweep's `build(day, rules)` returns (rows scanned, notifications); it reads with a few
set-based queries and never one per row. Each notification's key names the rule, the record, the
date it is about and the recipient, so a late, doubled or concurrent run creates nothing twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.db import OperationalError
from django.utils import timezone

from .reminder_rules import Rule, rules_in_force
from .services import NotificationInput, notify_many, recording_sweep

Build = Callable[[date, dict[str, Rule]], tuple[int, Iterable[NotificationInput]]]


def sweep_day(today: str | None = None) -> date:
    """The London date a sweep is about: `today` (ISO, from a test or a catch-up run) or now."""
    return date.fromisoformat(today) if today else timezone.localdate()


def run_sweep(name: str, rule_keys: Iterable[str], build: Build, *, today: str | None) -> int:
    """Run one sweep for its day; returns how many notifications it created."""
    day = sweep_day(today)
    with recording_sweep(name) as counter:
        rules = rules_in_force(rule_keys, on=day)
        if not rules:
            return 0
        scanned, items = build(day, rules)
        counter.scanned = scanned
        counter.created = notify_many(items=items)
    return counter.created


def key(rule: str, record: str, pk: int, about: date, recipient_id: int, *extra: object) -> str:
    """The idempotency key: rule, record, the date it is about, recipient (and any stage)."""
    parts = [rule, f"{record}{pk}", about.isoformat(), f"u{recipient_id}", *map(str, extra)]
    return ":".join(parts)


# A run late by up to this many days still sends what it missed; older items are left alone, so
# each day's sweep reads a bounded window of dates, however many rows the tables hold.
CATCH_UP_DAYS = 7


def days_before_window(day: date, rule: Rule) -> tuple[date, date]:
    """Dates within the rule's largest lead time from `day` (today included)."""
    return day, day + timedelta(days=rule.first)


def stage_before(day: date, target: date, rule: Rule) -> int | None:
    """The reminder stage due for `target` on `day`: the smallest lead time not yet passed
    (14 and 3 days: 14 to 4 days ahead is stage 14, 3 to 0 is stage 3)."""
    left = (target - day).days
    stages = [offset for offset in rule.offsets if offset >= left >= 0]
    return min(stages) if stages else None


def days_after_window(day: date, offset: int) -> tuple[date, date]:
    """Dates `offset` days or more before `day`, back as far as the catch-up allows."""
    last = day - timedelta(days=offset)
    return last - timedelta(days=CATCH_UP_DAYS), last


def months_before_window(day: date, rule: Rule) -> tuple[date, date]:
    return day, day + relativedelta(months=rule.first)


def months_stage_before(day: date, target: date, rule: Rule) -> int | None:
    """As stage_before, in calendar months (6 and 3 months before a deadline)."""
    stages = [m for m in rule.offsets if target - relativedelta(months=m) <= day <= target]
    return min(stages) if stages else None


# Celery options every sweep task shares: acknowledged after it ran (a killed worker's sweep runs
# again, harmlessly), retried with a growing delay when the database is briefly unavailable.
SWEEP_TASK_OPTIONS = {
    "acks_late": True,
    "autoretry_for": (OperationalError,),
    "retry_backoff": 30,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 5,
}
