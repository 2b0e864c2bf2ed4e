"""Editing a contract's outcome measures (what its provider reports against; returns read
`contract.measures`): an officer adds, changes and removes them in one go."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from audit.events import acting_as, record_event

from ..contract_permissions import can_manage_contract
from ..errors import CommissioningError
from ..events import ContractEvent
from ..models import Contract, OutcomeMeasure
from .common import _locked, _require

MAX_MEASURES = 20
TARGET_LIMIT = Decimal(10) ** 12
CLOSED = "The measures of a contract that has ended cannot be changed."
DUPLICATE = "Each measure needs its own name: {metric} is there twice"
NOT_THIS_CONTRACT = "This page is out of date. Open it again and make your change again."
STALE = (
    "Someone changed these measures after you opened the page. Open it again to see their "
    "changes, then make yours."
)


@dataclass(frozen=True)
class MeasureInput:
    """One measure as the officer wrote it; `pk` names an existing measure being changed."""

    metric: str
    target: Decimal
    unit: str = ""
    direction: str = OutcomeMeasure.Direction.AT_LEAST
    pk: int | None = None


def _clean(row: MeasureInput) -> MeasureInput:
    metric = " ".join((row.metric or "").replace("\x00", "").split())
    unit = " ".join((row.unit or "").replace("\x00", "").split())
    if not metric:
        raise CommissioningError("Name the measure", field="metric")
    if len(metric) > 200:
        raise CommissioningError("Keep the measure's name to 200 characters", field="metric")
    if len(unit) > 50:
        raise CommissioningError("Keep the unit to 50 characters", field="unit")
    target = row.target
    if not isinstance(target, Decimal) or not target.is_finite() or target < 0:
        raise CommissioningError("Enter the target as a number, 0 or more", field="target")
    if target >= TARGET_LIMIT or target != target.quantize(Decimal("0.01")):
        raise CommissioningError(
            "Enter a target under 1,000,000,000,000, to at most 2 decimal places", field="target"
        )
    if row.direction not in OutcomeMeasure.Direction.values:
        raise CommissioningError("Choose whether the target is a minimum or a maximum")
    return MeasureInput(metric, target, unit, row.direction, row.pk)


def measures_fingerprint(measures: Iterable[OutcomeMeasure]) -> str:
    """What the measures were when a form was opened: a save from an older page is refused."""
    text = "|".join(
        f"{m.pk}:{m.metric}:{m.unit}:{m.target}:{m.direction}" for m in sorted(measures, key=_pk)
    )
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _pk(measure: OutcomeMeasure) -> int:
    return measure.pk


def save_outcome_measures(
    *,
    contract: Contract,
    measures: Sequence[MeasureInput],
    edited_by,
    opened_at: str | None = None,
) -> list[OutcomeMeasure]:
    """Replace the contract's measures with `measures`: rows with a pk change that measure, rows
    without one are added, measures not named are removed. All or nothing. `opened_at`: the
    measures_fingerprint the form was opened with; if they have changed since, nothing is saved
    (two officers editing at once never silently undo each other)."""
    rows = [_clean(m) for m in measures]
    if len(rows) > MAX_MEASURES:
        raise CommissioningError(f"A contract can have up to {MAX_MEASURES} measures")
    seen: set[str] = set()
    for row in rows:
        if row.metric.casefold() in seen:
            raise CommissioningError(DUPLICATE.format(metric=row.metric), field="metric")
        seen.add(row.metric.casefold())
    with transaction.atomic(), acting_as(edited_by):
        locked = _locked(contract)
        _require(can_manage_contract(edited_by, locked))
        if locked.is_finished:
            raise CommissioningError(CLOSED)
        existing = {m.pk: m for m in OutcomeMeasure.objects.filter(contract=locked)}
        if opened_at is not None and opened_at != measures_fingerprint(existing.values()):
            raise CommissioningError(STALE)
        if any(r.pk is not None and r.pk not in existing for r in rows):
            raise CommissioningError(NOT_THIS_CONTRACT)
        kept = {r.pk for r in rows if r.pk is not None}
        OutcomeMeasure.objects.filter(contract=locked).exclude(pk__in=kept).delete()
        # Renames could swap two names: clear the names first so the unique check holds.
        changed = [existing[pk] for pk in kept]
        for measure in changed:
            measure.metric = f"\x1f{measure.pk}"
        OutcomeMeasure.objects.bulk_update(changed, ["metric"])
        saved = []
        for row in rows:
            measure = existing[row.pk] if row.pk is not None else OutcomeMeasure(contract=locked)
            measure.metric, measure.unit = row.metric, row.unit
            measure.target, measure.direction = row.target, row.direction
            measure.save()
            saved.append(measure)
        record_event(
            ContractEvent.MEASURES_CHANGED,
            actor=edited_by,
            target=locked,
            message="; ".join(str(m) for m in saved) or "No measures.",
        )
    return saved
