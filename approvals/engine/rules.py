"""Approval band rules, pure functions: which band applies on a date, and who must approve, why.

A band owns the values ABOVE its lower limit UP TO AND INCLUDING its upper limit: the brief's "up to
and including £150,000 the Chief Finance Officer; over £150,000 up to £500,000 ..." (decision
record docs/decisions/0007-approval-and-route-band-boundaries.md). The bands in force on a date are
the kind's rows with the latest `effective_from` on or before that date, so a new set replaces the
old one from its first day.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from accounts.roles import Role
from core.money import format_gbp

NO_BAND = "No approval band covers {value} for {kind} on {day}: ask an administrator to add one."


class NoBandError(ValueError):
    """No band in force covers this kind, value and date (a gap in the administrator's data)."""


@dataclass(frozen=True)
class Band:
    kind: str
    effective_from: date
    above: Decimal
    up_to: Decimal | None
    roles: tuple[str, ...]
    needs_decision_notice: bool = False
    source: str = ""
    is_default: bool = False
    pk: int | None = None

    def covers(self, value: Decimal) -> bool:
        return value > self.above and (self.up_to is None or value <= self.up_to)

    @property
    def range_text(self) -> str:
        if self.up_to is None:
            return f"over {format_gbp(self.above)}"
        if self.above <= 0:
            return f"up to and including {format_gbp(self.up_to)}"
        return f"over {format_gbp(self.above)} up to and including {format_gbp(self.up_to)}"


def bands_in_force(bands: Iterable[Band], *, kind: str, on: date) -> list[Band]:
    """The kind's band set in force on `on`: the rows sharing the latest effective date ≤ `on`."""
    of_kind = [b for b in bands if b.kind == kind and b.effective_from <= on]
    if not of_kind:
        return []
    latest = max(b.effective_from for b in of_kind)
    return sorted((b for b in of_kind if b.effective_from == latest), key=lambda b: b.above)


def band_for(bands: Iterable[Band], *, kind: str, value: Decimal, on: date) -> Band:
    """The one band that decides who approves `value` of `kind` submitted on `on`."""
    for band in bands_in_force(bands, kind=kind, on=on):
        if band.covers(value):
            return band
    raise NoBandError(NO_BAND.format(value=format_gbp(value), kind=kind, day=on.isoformat()))


def role_label(role: str) -> str:
    try:
        return str(Role(role).label)
    except ValueError:
        return role


def approvers_text(band: Band) -> str:
    """ "the Finance approver", "both the Chief Executive and the Finance approver", ..."""
    labels = [f"the {role_label(r)}" for r in band.roles]
    if band.needs_decision_notice:
        return f"{' and '.join(labels)}, by signing a decision notice"
    if len(labels) == 1:
        return labels[0]
    return "both " + " and ".join(labels) + " (each a different person)"


def who_must_approve(band: Band, *, value: Decimal, kind_label: str) -> str:
    """One sentence: who must approve this and why (the band, its date and its source)."""
    sentence = (
        f"A {kind_label.lower()} of {format_gbp(value)} must be approved by {approvers_text(band)}, "
        f"because the band for values {band.range_text} in force from "
        f"{band.effective_from.strftime('%-d %B %Y')} says so"
    )
    if band.source:
        sentence += f" (source: {band.source}"
        sentence += "; a reasonable default)" if band.is_default else ")"
    return sentence + "."
