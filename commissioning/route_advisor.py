"""The procurement route advisor, one pure rule: from a project's whole-life value (every year and
every extension option), its category and its procurement start date, which route it must follow,
and a sentence that explains why.

- The Contract Standing Orders' route bands read the whole-life value excluding VAT; the statutory
  test reads it including VAT (Procurement Act 2023 thresholds include VAT).
  docs/decisions/0010-procurement-route-advisor.md says why.
- Band edges as docs/decisions/0007: a route owns values from its lower limit; a value at or above
  a threshold is above it. The procurement start date picks both sets (commissioning/rules.py).
- A project may choose its advised route or a more demanding one; a less demanding one only
  through an approved single tender action.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from core.money import format_gbp

from . import contract_terms, rules

REGULATED = "Regulated procurement (Procurement Act 2023)"
SINGLE_TENDER = "Single tender action (needs approval)"
PENNY = Decimal("0.01")

CATEGORY_WORDS = {
    "goods_services": "a goods and services contract",
    "works": "a works contract",
    "light_touch": "a light-touch service",
}
ROUTE_REFUSED = (
    "{value} over {term} needs {route} or more: “{chosen}” is not allowed for this value except "
    "through an approved single tender action"
)
UNKNOWN_ROUTE = "Choose one of the routes offered for this value"


@dataclass(frozen=True)
class RouteAdvice:
    whole_life_value: Decimal
    whole_life_value_with_vat: Decimal
    term: str
    category: str
    band: rules.RouteBand
    threshold: rules.Threshold
    regulated: bool
    route: str
    allowed_routes: tuple[str, ...]
    explanation: str


def _money(amount: Decimal) -> str:
    return format_gbp(amount, pence=amount != amount.to_integral_value())


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def whole_life_value(annual_value: Decimal, months: int) -> Decimal:
    return contract_terms.term_value(annual_value, months)


def with_vat(value: Decimal, vat_rate: Decimal) -> Decimal:
    return (value * (1 + Decimal(vat_rate) / 100)).quantize(PENNY, rounding=ROUND_HALF_UP)


def advise(
    *,
    bands: Iterable[rules.RouteBand],
    thresholds: Iterable[rules.Threshold],
    annual_value: Decimal,
    vat_rate: Decimal,
    initial_months: int,
    option_months: Sequence[int],
    category: str,
    on: date,
) -> RouteAdvice:
    """The route a project must follow (ValueError when no band or threshold covers the date)."""
    bands = list(bands)
    months = initial_months + sum(option_months)
    value = whole_life_value(annual_value, months)
    value_with_vat = with_vat(value, vat_rate)
    band = rules.route_for(bands, value=value, on=on)
    threshold = rules.threshold_for(thresholds, category=category, on=on)
    regulated = rules.is_at_or_above(value_with_vat, threshold)
    in_force = sorted(
        (b for b in bands if b.effective_from == band.effective_from), key=lambda b: b.from_value
    )
    if regulated:
        route, allowed = REGULATED, (REGULATED,)
    else:
        route = band.route
        allowed = tuple(b.route for b in in_force if b.from_value >= band.from_value)
        allowed += (REGULATED,)
    term = contract_terms.describe_term(initial_months, list(option_months))
    shown = _money(value)
    if value_with_vat != value:
        shown += f" ({_money(value_with_vat)} with VAT)"
    side = "at or above" if regulated else "below"
    explanation = (
        f"{shown} over {term} is {CATEGORY_WORDS.get(category, category)} {side} the "
        f"{_money(threshold.amount)} threshold in force since "
        f"{threshold.effective_from:%-d %B %Y}: {_lower_first(route)}"
    )
    return RouteAdvice(
        whole_life_value=value,
        whole_life_value_with_vat=value_with_vat,
        term=term,
        category=category,
        band=band,
        threshold=threshold,
        regulated=regulated,
        route=route,
        allowed_routes=(*allowed, SINGLE_TENDER),
        explanation=explanation,
    )


def route_refusal(advice: RouteAdvice, chosen: str) -> str:
    """Why `chosen` is not allowed for the advised route ("" when it is)."""
    if chosen in advice.allowed_routes:
        return ""
    if not chosen:
        return UNKNOWN_ROUTE
    return ROUTE_REFUSED.format(
        value=_money(advice.whole_life_value),
        term=advice.term,
        route=_lower_first(advice.route),
        chosen=chosen,
    )
