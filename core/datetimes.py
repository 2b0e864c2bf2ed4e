"""Dates and times in people's words, in the office's time zone (Europe/London, GOV.UK style):
"2 December 2026", "2 December 2026 at 1:56am", "at midday", "at midnight"."""

from __future__ import annotations

from datetime import UTC, date, datetime

from django.utils import timezone


def format_date(value: date) -> str:
    """2 December 2026"""
    return f"{value.day} {value:%B %Y}"


def format_time(value: datetime) -> str:
    """1:56am, 10am, midday, midnight (the time as given: localise first)."""
    if value.minute == 0 and value.hour in (0, 12):
        return "midnight" if value.hour == 0 else "midday"
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"


def format_datetime(value: datetime) -> str:
    """2 December 2026 at 1:56am, in Europe/London (a naive value is taken as UTC)."""
    if timezone.is_naive(value):
        value = value.replace(tzinfo=UTC)
    local = timezone.localtime(value)
    return f"{format_date(local)} at {format_time(local)}"
