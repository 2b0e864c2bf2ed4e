"""Tender evaluation formulas as pure functions: weights, the five-point scale, quality and price
scores, totals and ranking.

Sources: the brief's "Evaluation" rules (five-point scale 0–4; quality/price typically 60/40 or 70/30;
price score = lowest price ÷ bid price × price weight; moderation to consensus). Quality for a bid is
Σ(moderated score ÷ 4 × question weight). Totals are rounded to two decimals (half up) and bids whose
rounded totals are equal share a rank: ties are shown, never broken silently. A bid below the
minimum quality threshold, or marked non-compliant, is excluded and does not set the lowest price.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

SCALE_MAX = 4
SCALE = range(0, SCALE_MAX + 1)
HUNDRED = Decimal(100)
TWO_PLACES = Decimal("0.01")


def weight_errors(
    quality_weight: Decimal, price_weight: Decimal, question_weights: Iterable[Decimal]
) -> list[str]:
    """Why a tender's weights do not add up, in words for the officer (empty when they do)."""
    question_weights = list(question_weights)
    errors: list[str] = []
    if quality_weight < 0 or price_weight < 0 or any(w < 0 for w in question_weights):
        errors.append("Weights cannot be negative")
    if quality_weight + price_weight != HUNDRED:
        errors.append(
            f"Quality ({quality_weight}%) and price ({price_weight}%) must total 100%, "
            f"not {quality_weight + price_weight}%"
        )
    if sum(question_weights, Decimal(0)) != quality_weight:
        errors.append(
            f"The question weights total {sum(question_weights, Decimal(0))}% but the quality "
            f"share is {quality_weight}%"
        )
    return errors


def quality_score(scores: Mapping[str, int], weights: Mapping[str, Decimal]) -> Decimal:
    """Σ(score ÷ 4 × weight) over every weighted question; a missing score is an error, not a 0."""
    missing = sorted(set(weights) - set(scores))
    if missing:
        raise ValueError(f"No moderated score for {', '.join(missing)}")
    total = Decimal(0)
    for question, weight in weights.items():
        score = scores[question]
        if score not in SCALE:
            raise ValueError(f"A score must be a whole number from 0 to {SCALE_MAX}, not {score}")
        total += Decimal(score) / SCALE_MAX * weight
    return total


def price_score(lowest_price: Decimal, bid_price: Decimal, price_weight: Decimal) -> Decimal:
    """Lowest compliant price ÷ this bid's price × the price weight."""
    if bid_price <= 0 or lowest_price <= 0:
        raise ValueError("Prices must be greater than £0")
    return lowest_price / bid_price * price_weight


@dataclass(frozen=True)
class BidInput:
    bid: object  # the caller's key for the bid (an id or the bid itself)
    price: Decimal
    scores: Mapping[str, int]  # moderated score per question
    compliant: bool = True


@dataclass(frozen=True)
class BidResult:
    bid: object
    quality: Decimal
    price: Decimal
    total: Decimal
    rank: int | None  # None when excluded
    tied: bool
    excluded_reason: str = ""


def _two(value: Decimal) -> Decimal:
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def rank_bids(
    bids: Iterable[BidInput],
    *,
    question_weights: Mapping[str, Decimal],
    price_weight: Decimal,
    minimum_quality: Decimal | None = None,
) -> list[BidResult]:
    """Score and rank bids: ranked bids first by total (highest first), equal totals share a rank
    (1, 1, 3), then the excluded ones with their reason."""
    bids = list(bids)
    qualities = {id(b): quality_score(b.scores, question_weights) for b in bids}
    reasons: dict[int, str] = {}
    for b in bids:
        if not b.compliant:
            reasons[id(b)] = "Not compliant"
        elif minimum_quality is not None and _two(qualities[id(b)]) < minimum_quality:
            reasons[id(b)] = (
                f"Quality score {_two(qualities[id(b)])} is below the minimum of {minimum_quality}"
            )
    eligible = [b for b in bids if id(b) not in reasons]
    lowest = min((b.price for b in eligible), default=None)
    scored: list[BidResult] = []
    for b in eligible:
        price = price_score(lowest, b.price, price_weight)
        quality = qualities[id(b)]
        scored.append(
            BidResult(b.bid, _two(quality), _two(price), _two(quality + price), None, False)
        )
    scored.sort(key=lambda r: r.total, reverse=True)
    totals = [r.total for r in scored]
    ranked = [
        BidResult(
            r.bid,
            r.quality,
            r.price,
            r.total,
            rank=totals.index(r.total) + 1,
            tied=totals.count(r.total) > 1,
        )
        for r in scored
    ]
    excluded = [
        BidResult(
            b.bid, _two(qualities[id(b)]), Decimal(0), Decimal(0), None, False, reasons[id(b)]
        )
        for b in bids
        if id(b) in reasons
    ]
    return ranked + excluded
