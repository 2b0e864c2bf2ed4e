"""What an award's returns report on: its measures, read from the award and copied into each return.

For a grant the measures are its agreed delivery activities (with their targets); for a contract,
its outcome measures (`contract.measures`: metric, unit, target, direction). Nothing else in the
returns app needs to know where a measure came from (`Measure.key`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Measure:
    key: str  # "grant_activity:<pk>" or "outcome_measure:<pk>"
    label: str
    unit: str
    target: Decimal | None


def grant_measures(grant) -> list[Measure]:
    """A grant's delivery activities, in the order they were agreed (uses prefetched activities)."""
    return [
        Measure(
            key=f"grant_activity:{activity.pk}",
            label=activity.description,
            unit="",
            target=Decimal(activity.target) if activity.target is not None else None,
        )
        for activity in grant.activities.all()
    ]


def contract_measures(contract) -> list[Measure]:
    """A contract's outcome measures in the order they were added (uses prefetched measures).

    "At most" measures (fewer is better) say so in their label, since a return shows only the
    target beside the number."""
    return [
        Measure(
            key=f"outcome_measure:{measure.pk}",
            label=measure.metric
            if measure.direction == measure.Direction.AT_LEAST
            else f"{measure.metric} (at most the target)",
            unit=measure.unit,
            target=measure.target,
        )
        for measure in sorted(contract.measures.all(), key=lambda m: m.pk)
    ]


def measures_for_return(measures: list[Measure], *, light: bool) -> list[Measure]:
    """A light return reports one headline output (the first measure); a full return every one."""
    return measures[:1] if light else measures
