"""A contract timeline laid out for the page's bar: each segment's position and width as a
percentage of the whole span, and where today falls (the text equivalent is the table beside it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .contract_terms import Timeline


@dataclass(frozen=True)
class Segment:
    label: str
    status: str
    starts: date
    ends: date
    left: float
    width: float


@dataclass(frozen=True)
class Bar:
    segments: tuple[Segment, ...]
    today_left: float | None


def timeline_bar(timeline: Timeline, *, today: date) -> Bar:
    first = timeline.start
    last = max([timeline.initial_end, *(o.ends for o in timeline.options)])
    span = (last - first).days + 1

    def pct(day: date) -> float:
        return round(100 * (day - first).days / span, 2)

    segments = [
        Segment(
            "Initial term",
            "initial",
            first,
            timeline.initial_end,
            0.0,
            pct(timeline.initial_end) + round(100 / span, 2),
        )
    ]
    for option in timeline.options:
        left = pct(option.starts)
        segments.append(
            Segment(
                f"Option {option.number}",
                option.status,
                option.starts,
                option.ends,
                left,
                round(pct(option.ends) + 100 / span - left, 2),
            )
        )
    today_left = pct(today) if first <= today <= last else None
    return Bar(tuple(segments), today_left)
