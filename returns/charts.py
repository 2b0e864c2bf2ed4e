"""Small server-rendered charts: an output's value per period as SVG bars (no script, no CDN)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

WIDTH = 240
BAR = 18
GAP = 6


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | None
    width: int
    y: int
    current: bool = False


@dataclass(frozen=True)
class Chart:
    bars: tuple[Bar, ...]
    height: int
    target_x: int | None
    description: str


def output_chart(output, earlier) -> Chart:
    """Bars for the earlier periods and this one, scaled to the largest value or the target."""
    points = [(f"Period {o.outcome_return.period_number}", o.value, False) for o in earlier]
    points.append(("This period", output.value, True))
    values = [v for _, v, _ in points if v is not None]
    top = max([*values, output.target or Decimal(0), Decimal(1)])
    bars = tuple(
        Bar(
            label=label,
            value=value,
            width=int((value or 0) / top * WIDTH),
            y=i * (BAR + GAP),
            current=current,
        )
        for i, (label, value, current) in enumerate(points)
    )
    target_x = int(output.target / top * WIDTH) if output.target is not None else None
    described = "; ".join(f"{b.label}: {b.value if b.value is not None else 'none'}" for b in bars)
    if output.target is not None:
        described += f"; target {output.target}"
    return Chart(
        bars=bars, height=len(bars) * (BAR + GAP), target_x=target_x, description=described
    )


def outputs_over_time(returns) -> list[tuple[str, Chart]]:
    """One chart per measure across an award's returns (each measure's latest label)."""
    by_key: dict[str, list] = {}
    for r in returns:
        for output in r.outputs.all():
            output.outcome_return = r  # already loaded: no query per bar label
            by_key.setdefault(output.measure_key, []).append(output)
    charts = []
    for outputs in by_key.values():
        *earlier, last = outputs
        chart = output_chart(last, earlier)
        bars = tuple(
            Bar(
                label=f"Period {o.outcome_return.period_number}",
                value=b.value,
                width=b.width,
                y=b.y,
                current=False,
            )
            for o, b in zip(outputs, chart.bars, strict=True)
        )
        charts.append((last.label, Chart(bars, chart.height, chart.target_x, chart.description)))
    return charts
