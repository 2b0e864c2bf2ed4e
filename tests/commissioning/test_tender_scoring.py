"""Tender scoring over its edges: weights that do not total, a tie, a bid under the quality
threshold, a zero-weight question, price scores against the lowest compliant price."""

from decimal import Decimal as D

import pytest

from commissioning.tender_scoring import (
    BidInput,
    price_score,
    quality_score,
    rank_bids,
    weight_errors,
)

WEIGHTS = {"Q1": D(40), "Q2": D(30)}  # quality 70, price 30


@pytest.mark.parametrize(
    ("quality", "price", "questions", "ok"),
    [
        (D(70), D(30), [D(40), D(30)], True),
        (D(60), D(40), [D(60)], True),
        (D(70), D(30), [D(40), D(30), D(0)], True),  # a zero-weight question is allowed
        (D(70), D(31), [D(40), D(30)], False),  # 101
        (D(70), D(30), [D(40), D(29)], False),  # questions short of the quality share
        (D(70), D(30), [D(40), D("30.01")], False),
        (D(-10), D(110), [D(-10)], False),
    ],
)
def test_weights_must_total(quality, price, questions, ok):
    assert (weight_errors(quality, price, questions) == []) is ok


def test_weight_message_names_the_totals():
    assert weight_errors(D(70), D(30), [D(40), D(20)]) == [
        "The question weights total 60% but the quality share is 70%"
    ]


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ({"Q1": 4, "Q2": 4}, D(70)),
        ({"Q1": 0, "Q2": 0}, D(0)),
        ({"Q1": 2, "Q2": 3}, D("42.5")),  # 2/4*40 + 3/4*30
    ],
)
def test_quality_score(scores, expected):
    assert quality_score(scores, WEIGHTS) == expected


@pytest.mark.parametrize("bad", [5, -1])
def test_quality_score_refuses_scores_off_the_scale(bad):
    with pytest.raises(ValueError):
        quality_score({"Q1": bad, "Q2": 1}, WEIGHTS)


def test_quality_score_refuses_a_missing_score():
    with pytest.raises(ValueError, match="Q2"):
        quality_score({"Q1": 3}, WEIGHTS)


def test_zero_weight_question_counts_for_nothing():
    weights = {"Q1": D(70), "Q0": D(0)}
    assert quality_score({"Q1": 4, "Q0": 0}, weights) == quality_score({"Q1": 4, "Q0": 4}, weights)


@pytest.mark.parametrize(
    ("lowest", "bid", "expected"),
    [
        (D(100000), D(100000), D(30)),
        (D(100000), D(200000), D(15)),
        (D(90000), D(120000), D("22.5")),
    ],
)
def test_price_score(lowest, bid, expected):
    assert price_score(lowest, bid, D(30)) == expected


def test_price_score_refuses_zero():
    with pytest.raises(ValueError):
        price_score(D(100), D(0), D(30))


def test_ranking_shows_ties_as_ties():
    results = rank_bids(
        [
            BidInput("A", D(100000), {"Q1": 4, "Q2": 2}),  # 40 + 15 + 30 = 85
            BidInput("B", D(100000), {"Q1": 2, "Q2": 4}),  # 20 + 30 + 30 = 80
            BidInput("C", D(100000), {"Q1": 4, "Q2": 2}),  # 85: ties with A
        ],
        question_weights=WEIGHTS,
        price_weight=D(30),
    )
    assert [(r.bid, r.total, r.rank, r.tied) for r in results] == [
        ("A", D("85.00"), 1, True),
        ("C", D("85.00"), 1, True),
        ("B", D("80.00"), 3, False),
    ]


def test_bid_below_quality_threshold_is_excluded_and_does_not_set_the_lowest_price():
    results = rank_bids(
        [
            BidInput("cheap-poor", D(50000), {"Q1": 1, "Q2": 1}),  # quality 17.5
            BidInput("good", D(100000), {"Q1": 4, "Q2": 3}),  # 40 + 22.5
            BidInput("dear", D(200000), {"Q1": 4, "Q2": 4}),
        ],
        question_weights=WEIGHTS,
        price_weight=D(30),
        minimum_quality=D(35),
    )
    by_bid = {r.bid: r for r in results}
    assert by_bid["cheap-poor"].rank is None
    assert "below the minimum of 35" in by_bid["cheap-poor"].excluded_reason
    assert by_bid["good"].price == D("30.00")  # lowest compliant price is now its own
    assert by_bid["dear"].price == D("15.00")
    assert [r.bid for r in results] == ["good", "dear", "cheap-poor"]


def test_on_the_quality_threshold_is_not_excluded():
    results = rank_bids(
        [BidInput("edge", D(1000), {"Q1": 2, "Q2": 2})],  # quality 35.00
        question_weights=WEIGHTS,
        price_weight=D(30),
        minimum_quality=D(35),
    )
    assert results[0].rank == 1


def test_non_compliant_bid_is_excluded():
    results = rank_bids(
        [BidInput("x", D(1000), {"Q1": 4, "Q2": 4}, compliant=False)],
        question_weights=WEIGHTS,
        price_weight=D(30),
    )
    assert results[0].rank is None and results[0].excluded_reason == "Not compliant"


def test_totals_round_to_two_decimals_half_up():
    results = rank_bids(
        [
            BidInput("A", D(30000), {"Q1": 3, "Q2": 3}),
            BidInput("B", D(70000), {"Q1": 3, "Q2": 3}),
        ],
        question_weights=WEIGHTS,
        price_weight=D(30),
    )
    # B: 52.5 + 30000/70000*30 = 52.5 + 12.857142… = 65.36
    assert {r.bid: r.total for r in results} == {"A": D("82.50"), "B": D("65.36")}
