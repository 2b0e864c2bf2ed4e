"""Reading an object's history for its page, in people's words, in a fixed few queries.

Money as £35,000.00, times as "2 December 2026 at 1:56am" (Europe/London), Yes/No, related
records and choices by name, no rows for fields that are empty on both sides, and one style of
entry title: "<Thing> created", "Grant approved".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from core.datetimes import format_date, format_datetime
from core.money import format_gbp

_ACTION_WORDS = {
    LogEntry.Action.CREATE: "created",
    LogEntry.Action.UPDATE: "changed",
    LogEntry.Action.DELETE: "deleted",
    LogEntry.Action.ACCESS: "viewed",
}


@dataclass
class HistoryEntry:
    entry: LogEntry
    title: str  # "Grant approved", "Funding share changed"
    when: str  # "2 December 2026 at 1:56am"
    changes: list[tuple[str, str, str]]  # (field label, before, after); "" where there was none

    def __getattr__(self, name):  # timestamp, actor, additional_data… from the log entry
        return getattr(self.entry, name)


def history_for(obj: models.Model, *, limit: int = 100) -> list[HistoryEntry]:
    """Newest first. Foreign keys show the related object's name (one query per related model)."""
    entries = list(
        LogEntry.objects.get_for_object(obj)
        .select_related("actor")
        .order_by("-timestamp", "-pk")[:limit]
    )
    model = type(obj)
    names = _related_names(model, entries)
    rows = []
    for entry in entries:
        changes = []
        for name, values in (entry.changes_dict or {}).items():
            field = _field(model, name)
            before, after = (list(values) + ["", ""])[:2]
            before, after = (_readable(field, v, names) for v in (before, after))
            if not before and not after:
                continue
            if entry.action == LogEntry.Action.CREATE and not after:
                continue
            label = str(getattr(field, "verbose_name", "") or name.replace("_", " "))
            changes.append((label, before, after))
        rows.append(
            HistoryEntry(
                entry=entry,
                title=_title(entry, model),
                when=format_datetime(entry.timestamp),
                changes=changes,
            )
        )
    return rows


def _related_names(model, entries) -> dict[type[models.Model], dict[str, str]]:
    wanted: dict[type[models.Model], set] = defaultdict(set)
    for entry in entries:
        for name, values in (entry.changes_dict or {}).items():
            field = _field(model, name)
            if isinstance(field, models.ForeignKey):
                wanted[field.related_model].update(v for v in values if v not in (None, "None", ""))
    return {
        related: {str(k): str(v) for k, v in related._default_manager.in_bulk(list(pks)).items()}
        for related, pks in wanted.items()
    }


def _title(entry: LogEntry, model) -> str:
    event = (
        (entry.additional_data or {}).get("event")
        if isinstance(entry.additional_data, dict)
        else None
    )
    if event:
        return sentence(str(event).replace("_", " "))
    thing = str(model._meta.verbose_name)
    return sentence(f"{thing} {_ACTION_WORDS.get(entry.action, 'changed')}")


def sentence(text: str) -> str:
    """Sentence case: first letter capital, the rest as written ("grant approved" → "Grant approved")."""
    text = " ".join(text.split())
    return text[:1].upper() + text[1:]


def _readable(field, value, names: dict) -> str:
    """One logged value (auditlog stores strings) as people would say it; "" for none."""
    if value in (None, "None", ""):
        return ""
    value = str(value)
    if isinstance(field, models.ForeignKey):
        found = names.get(field.related_model, {}).get(value)
        return found or f"a deleted {field.related_model._meta.verbose_name}"
    if field is None:
        return value
    if field.choices:
        return {str(k): str(v) for k, v in field.flatchoices}.get(value, value)
    if isinstance(field, models.BooleanField):
        return {"True": "Yes", "False": "No"}.get(value, value)
    if isinstance(field, models.DecimalField) and field.decimal_places == 2:
        try:
            return format_gbp(Decimal(value))
        except (InvalidOperation, ValueError):
            return value
    if isinstance(field, models.DateTimeField):
        try:
            return format_datetime(datetime.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(field, models.DateField):
        try:
            return format_date(date.fromisoformat(value[:10]))
        except ValueError:
            return value
    return value


def _field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
