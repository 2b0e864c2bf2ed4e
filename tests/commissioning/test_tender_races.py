"""PostgreSQL: the lead officer's award sent twice at once gives one contract and one clear
refusal; the same bid recorded twice at once gives one bid; the same clarification question sent
twice at once is asked once; never a 500."""

import threading
import uuid
from decimal import Decimal

import pytest
from django.db import connection

from commissioning.errors import CommissioningError
from commissioning.models import Bid, Clarification, Contract, Tender, TenderState
from commissioning.tender_services import ask_clarification, award_tender, record_bid
from tests.commissioning.tender_factories import (
    bid,
    in_evaluation,
    moderate_all,
    published_tender,
    score_all,
)
from tests.factories import OrganisationFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _together(n: int, call) -> tuple[list, list]:
    barrier = threading.Barrier(n)
    results, refusals, errors = [], [], []
    lock = threading.Lock()

    def work(i):
        try:
            barrier.wait(timeout=30)
            outcome = call(i)
            with lock:
                results.append(outcome)
        except CommissioningError as exc:
            with lock:
                refusals.append(exc.message)
        except Exception as exc:  # pragma: no cover - reported below
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert errors == []
    return results, refusals


def test_two_awards_at_once_make_one_contract(postgres, officer, officer2, evaluator):
    tender = published_tender(officer, officer2)
    dear, cheap = bid(tender, officer, price="200000"), bid(tender, officer, price="100000")
    tender = in_evaluation(tender, officer, [evaluator])
    score_all(tender, evaluator)
    tender = moderate_all(tender, officer, {dear: [4, 4], cheap: [2, 2]})
    results, refusals = _together(  # the lead officer's double click
        2, lambda i: award_tender(tender=tender, bid=dear, awarded_by=officer)
    )
    assert len(results) == 1 and len(refusals) == 1
    assert "awarded" in refusals[0]
    assert Contract.objects.count() == 1
    assert Tender.objects.get(pk=tender.pk).state == TenderState.AWARDED


def test_the_same_bid_recorded_twice_at_once_is_kept_once(postgres, officer, officer2):
    tender = published_tender(officer, officer2)
    bidder = OrganisationFactory(name="Double Click Ltd")
    results, refusals = _together(
        2,
        lambda i: record_bid(
            tender=tender, bidder=bidder, whole_life_price=Decimal(1000),
            annual_price=Decimal(500), answers={}, recorded_by=officer,
        ),
    )  # fmt: skip
    assert len(results) == 1 and refusals == ["Double Click Ltd has already bid for this tender."]
    assert Bid.objects.filter(bidder=bidder).count() == 1


def test_a_question_sent_twice_at_once_is_asked_once(postgres, officer, officer2, provider_user):
    tender = published_tender(officer, officer2)
    key = uuid.uuid4()
    results, refusals = _together(
        2,
        lambda i: ask_clarification(
            tender=tender, question="Is TUPE expected?", asked_by=provider_user, request_key=key
        ),
    )
    assert len(results) == 2 and refusals == []
    assert results[0].pk == results[1].pk
    assert Clarification.objects.count() == 1
