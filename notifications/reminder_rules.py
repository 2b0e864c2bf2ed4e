"""The one reader of reminder rules (`ReminderRule` rows): which lead times and switches are in
force on a day. Sweeps ask here, never the table, so "the latest row on or before the day wins"
is written once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .models import ReminderRule

MAX_OFFSET = 1000
MAX_OFFSETS = 10


@dataclass(frozen=True)
class Rule:
    key: str
    label: str
    offsets: tuple[int, ...]
    unit: str
    enabled: bool

    @property
    def first(self) -> int:
        return self.offsets[0]


def parse_offsets(text: str) -> tuple[int, ...]:
    """ "14, 3" -> (14, 3), largest first; refuses anything but 1 to 10 whole numbers 0..1000."""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if not parts or len(parts) > MAX_OFFSETS:
        raise ValueError(f"Give 1 to {MAX_OFFSETS} whole numbers separated by commas, e.g. 14, 3")
    numbers = []
    for part in parts:
        if not part.isascii() or not part.isdigit() or int(part) > MAX_OFFSET:
            raise ValueError(f"“{part[:20]}” is not a whole number from 0 to {MAX_OFFSET}")
        numbers.append(int(part))
    return tuple(sorted(set(numbers), reverse=True))


def rules_in_force(keys: Iterable[str], *, on: date) -> dict[str, Rule]:
    """Each key's rule in force on `on` (one query); a key with no row in force, or switched
    off, is left out, so its sweep does nothing."""
    keys = list(keys)
    found: dict[str, Rule] = {}
    rows = ReminderRule.objects.filter(key__in=keys, effective_from__lte=on).order_by(
        "key", "-effective_from"
    )
    for row in rows:
        if row.key in found:  # an older version of a rule already found
            continue
        found[row.key] = Rule(row.key, row.label, parse_offsets(row.offsets), row.unit, row.enabled)
    return {key: rule for key, rule in found.items() if rule.enabled}


def rule_in_force(key: str, *, on: date) -> Rule | None:
    return rules_in_force([key], on=on).get(key)
