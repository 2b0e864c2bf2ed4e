"""Procurement rules, pure functions: the route by value, the statutory threshold by the
procurement's start date, the direct-award grounds an STA may use at its value, and when a tender bid
is late and when a clarification question is (to the second).

Boundaries (docs/decisions/0007-approval-and-route-band-boundaries.md): a route owns values FROM its
lower limit (inclusive) below the next route's ("£60,000 and over a competitive tender", 7 Force
Contract Standing Orders); a value AT or above a statutory threshold is above it (Procurement Act
2023). The set in force on a date is the rows with the latest `effective_from` on or before it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from core.money import format_gbp

BELOW_THRESHOLD = "below_threshold"
SCHEDULE_5 = "schedule_5"

NO_ROUTE = "No procurement route covers {value} on {day}: ask an administrator to add one."
NO_THRESHOLD = "No statutory threshold is recorded for {category} on {day}."
SCHEDULE_5_NEEDED = (
    "“{ground}” is not a ground for a direct award at or above the {threshold} threshold. {why}"
    "Choose a Schedule 5 ground and publish a transparency notice."
)
CSO_REASON_NEEDED = (
    "Below the {threshold} threshold a single tender action uses one of the Contract Standing "
    "Orders' reasons, not “{ground}”."
)
TRANSPARENCY_NOTICE_NEEDED = (
    "At or above the {threshold} threshold, enter the transparency notice's reference and the date "
    "it was published before the STA goes for approval."
)


@dataclass(frozen=True)
class RouteBand:
    effective_from: date
    from_value: Decimal
    route: str
    source: str = ""


@dataclass(frozen=True)
class Threshold:
    effective_from: date
    category: str
    amount: Decimal
    source: str = ""


@dataclass(frozen=True)
class Ground:
    label: str
    regime: str
    refusal_above_threshold: str = ""


def _in_force(rows: list, on: date) -> list:
    rows = [r for r in rows if r.effective_from <= on]
    if not rows:
        return []
    latest = max(r.effective_from for r in rows)
    return [r for r in rows if r.effective_from == latest]


def route_for(bands: Iterable[RouteBand], *, value: Decimal, on: date) -> RouteBand:
    """The route a procurement of `value` starting `on` must follow."""
    candidates = [b for b in _in_force(list(bands), on) if value >= b.from_value]
    if not candidates:
        raise ValueError(NO_ROUTE.format(value=format_gbp(value), day=on.isoformat()))
    return max(candidates, key=lambda b: b.from_value)


def threshold_for(thresholds: Iterable[Threshold], *, category: str, on: date) -> Threshold:
    """The statutory threshold for `category` of a procurement that starts `on`."""
    rows = _in_force([t for t in thresholds if t.category == category], on)
    if not rows:
        raise ValueError(NO_THRESHOLD.format(category=category, day=on.isoformat()))
    return rows[0]


def is_at_or_above(value: Decimal, threshold: Threshold) -> bool:
    return value >= threshold.amount


def ground_refusal(*, value: Decimal, threshold: Threshold, ground: Ground) -> str:
    """Why `ground` cannot justify a direct award of `value` ("" when it can)."""
    amount = format_gbp(threshold.amount)
    if is_at_or_above(value, threshold):
        if ground.regime != SCHEDULE_5:
            why = f"{ground.refusal_above_threshold} " if ground.refusal_above_threshold else ""
            return SCHEDULE_5_NEEDED.format(ground=ground.label, threshold=amount, why=why)
        return ""
    if ground.regime != BELOW_THRESHOLD:
        return CSO_REASON_NEEDED.format(threshold=amount, ground=ground.label)
    return ""


def transparency_refusal(
    *, value: Decimal, threshold: Threshold, reference: str, published_on: date | None
) -> str:
    """At or above the threshold the transparency notice must exist before approval."""
    if is_at_or_above(value, threshold) and not (reference.strip() and published_on):
        return TRANSPARENCY_NOTICE_NEEDED.format(threshold=format_gbp(threshold.amount))
    return ""


def received_to_the_second(received: datetime) -> datetime:
    """A bid's received time as recorded: the server clock to the whole second."""
    return received.replace(microsecond=0)


def bid_is_late(received: datetime, deadline: datetime) -> bool:
    """A bid is late when, to the second, it arrived after the submission deadline: one received
    at 12:00:00.9 for a 12:00:00 deadline is on time; at 12:00:01 it is refused."""
    return received_to_the_second(received) > deadline


def clarification_is_late(asked: datetime, deadline: datetime) -> bool:
    """A bidder's clarification question is late on the same terms as a bid: after the
    clarification deadline, to the second."""
    return received_to_the_second(asked) > deadline
