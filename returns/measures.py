"""What an award's returns report on: its measures, read from the award and copied into each return.

For a grant the measures are its agreed delivery activities (with their targets). A contract's
outcome measures (metric, unit, target) plug in here as `contract_measures` once contracts exist;
nothing else in the returns app needs to know where a measure came from (`Measure.key`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Measure:
    key: str  # "grant_activity:<pk>" (later "outcome_measure:<pk>")
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


def measures_for_return(measures: list[Measure], *, light: bool) -> list[Measure]:
    """A light return reports one headline output (the first measure); a full return every one."""
    return measures[:1] if light else measures
