"""Reading an object's history for its page: entries with readable changes, in a fixed few queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist
from django.db import models


@dataclass
class HistoryEntry:
    entry: LogEntry
    changes: list[tuple[str, str, str]]  # (field label, before, after)

    def __getattr__(self, name):  # timestamp, actor, additional_data… from the log entry
        return getattr(self.entry, name)


def history_for(obj: models.Model, *, limit: int = 100) -> list[HistoryEntry]:
    """Newest first. Foreign keys show the related object's name (one query per related model),
    choices their label."""
    entries = list(
        LogEntry.objects.get_for_object(obj)
        .select_related("actor")
        .order_by("-timestamp", "-pk")[:limit]
    )
    model = type(obj)
    wanted: dict[type[models.Model], set] = defaultdict(set)
    for entry in entries:
        for name, values in (entry.changes_dict or {}).items():
            field = _field(model, name)
            if isinstance(field, models.ForeignKey):
                wanted[field.related_model].update(v for v in values if v not in (None, "None", ""))
    names = {
        related: {str(k): str(v) for k, v in related._default_manager.in_bulk(list(pks)).items()}
        for related, pks in wanted.items()
    }
    rows = []
    for entry in entries:
        changes = []
        for name, values in (entry.changes_dict or {}).items():
            field = _field(model, name)
            before, after = (list(values) + ["", ""])[:2]
            label = str(getattr(field, "verbose_name", name)) if field else name
            if isinstance(field, models.ForeignKey):
                lookup = names.get(field.related_model, {})
                before, after = lookup.get(str(before), before), lookup.get(str(after), after)
            elif field is not None and field.choices:
                choices = {str(k): str(v) for k, v in field.flatchoices}
                before, after = choices.get(str(before), before), choices.get(str(after), after)
            changes.append((label, _blank(before), _blank(after)))
        rows.append(HistoryEntry(entry=entry, changes=changes))
    return rows


def _field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _blank(value) -> str:
    return "" if value in (None, "None") else str(value)
