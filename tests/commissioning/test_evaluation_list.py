"""An evaluator's panel places ("My evaluations" and the home page's panel): paginated, with the
right counts of scores, bids and questions per place, in a constant number of queries."""

import re

import pytest
from django.urls import reverse

from tests.commissioning.tender_factories import bid, in_evaluation, published_tender, score_all

pytestmark = pytest.mark.django_db


def _places(officer, officer2, evaluator, count: int, *, bids: int = 2):
    tenders = []
    stream = None
    for i in range(count):
        tender = published_tender(officer, officer2, reference=f"T-{i:04d}", stream=stream)
        stream = tender.stream
        for j in range(bids):
            bid(tender, officer, price=str(100000 + j))
        tenders.append(in_evaluation(tender, officer, [evaluator]))
    return tenders


def _score_cells(html: str) -> list[str]:
    return re.findall(r"<td class=\"govuk-table__cell\">(\d+ of \d+)</td>", html)


def test_my_evaluations_counts_each_places_scores_bids_and_questions(
    client_for, officer, officer2, evaluator
):
    first, second = _places(officer, officer2, evaluator, 2, bids=3)
    score_all(first, evaluator)  # 3 bids × 2 questions
    page = client_for(evaluator).get(reverse("commissioning:my_evaluations")).content.decode()
    assert sorted(_score_cells(page)) == ["0 of 6", "6 of 6"]
    assert "Panel places (2)" in page


def test_my_evaluations_is_paginated(client_for, officer, officer2, evaluator, settings):
    settings.PAGE_SIZE = 2
    _places(officer, officer2, evaluator, 3, bids=1)
    client = client_for(evaluator)
    url = reverse("commissioning:my_evaluations")
    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()
    assert len(_score_cells(first)) == 2 and len(_score_cells(second)) == 1
    assert "Panel places (3)" in first and "Panel places (3)" in second
    shown = {r for r in ("T-0000", "T-0001", "T-0002") if r in first or r in second}
    assert shown == {"T-0000", "T-0001", "T-0002"}


@pytest.mark.parametrize("count", [1, 4])
def test_my_evaluations_and_the_home_keep_a_constant_query_count(
    client_for, officer, officer2, evaluator, django_assert_max_num_queries, count
):
    _places(officer, officer2, evaluator, count)
    client = client_for(evaluator)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("commissioning:my_evaluations")).status_code == 200
    with django_assert_max_num_queries(9):
        page = client.get(reverse("dashboards:home"))
    assert page.status_code == 200 and b"T-0000" in page.content
