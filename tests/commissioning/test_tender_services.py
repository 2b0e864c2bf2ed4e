"""Tender use cases through the services: weights that do not total, bids late to the second, a
conflicted evaluator blocked, scoring and moderation, the award creating the contract, an award
off the top-ranked bid through the approvals engine, and ties that need a reason."""

from datetime import datetime, timedelta
from decimal import Decimal
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from approvals.engine.models import ApprovalState
from commissioning.errors import CommissioningError
from commissioning.models import Bid, Contract, ContractOrigin, Score, Tender, TenderState
from commissioning.tender_services import (
    MeasureInput,
    approve_tender_for_publication,
    award_tender,
    cancel_tender,
    close_tender,
    declare_interests,
    ranked_result,
    record_bid,
    score_bid,
    start_moderation,
)
from tests.commissioning.contract_factories import approved
from tests.commissioning.tender_factories import (
    bid,
    draft_tender,
    in_evaluation,
    moderate_all,
    pass_deadline,
    published_tender,
    score_all,
)
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("questions", "ok"),
    [
        ((("A", "40"), ("B", "30")), True),
        ((("A", "40"), ("B", "30"), ("C", "0")), True),  # a zero-weight question
        ((("A", "40"), ("B", "29")), False),  # short of the 70% quality share
        ((("A", "40"), ("B", "30.01")), False),
        ((("A", "70"), ("B", "30")), False),  # questions carry the price share too
    ],
)
def test_approval_for_publication_needs_weights_that_total(officer, officer2, questions, ok):
    tender = draft_tender(officer2, questions=questions)
    if ok:
        approve_tender_for_publication(tender=tender, approved_by=officer)
        assert Tender.objects.get(pk=tender.pk).state == TenderState.APPROVED
    else:
        with pytest.raises(CommissioningError, match="total"):
            approve_tender_for_publication(tender=tender, approved_by=officer)
        assert Tender.objects.get(pk=tender.pk).state == TenderState.DRAFT


def test_the_drafter_cannot_approve_their_own_tender(officer):
    tender = draft_tender(officer)
    with pytest.raises(CommissioningError, match="another officer"):
        approve_tender_for_publication(tender=tender, approved_by=officer)


DEADLINE = datetime(2026, 6, 30, 12, 0, 0, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("received", "late"),
    [
        (DEADLINE - timedelta(seconds=1), False),
        (DEADLINE, False),
        (DEADLINE + timedelta(microseconds=999_999), False),  # still 12:00:00 to the second
        (DEADLINE + timedelta(seconds=1), True),
        (DEADLINE + timedelta(days=1), True),
    ],
)
def test_a_bid_after_the_deadline_is_refused_to_the_second(officer, officer2, received, late):
    tender = published_tender(officer, officer2)
    Tender.objects.filter(pk=tender.pk).update(
        clarification_deadline=DEADLINE - timedelta(days=7), submission_deadline=DEADLINE
    )
    with mock.patch("commissioning.tender_services.bids.timezone.now", return_value=received):
        if late:
            with pytest.raises(CommissioningError, match="after the submission deadline"):
                bid(tender, officer)
            assert not Bid.objects.exists()
        else:
            made = bid(tender, officer)
            assert made.received_at == received.replace(microsecond=0)


def test_a_bid_above_the_envelope_is_kept_and_flagged(officer, officer2):
    tender = published_tender(officer, officer2)
    assert bid(tender, officer, price="300000.01").over_envelope
    assert not bid(tender, officer, price="300000.00").over_envelope


def test_one_bid_per_bidder(officer, officer2):
    tender = published_tender(officer, officer2)
    org = OrganisationFactory()
    bid(tender, officer, bidder=org)
    with pytest.raises(CommissioningError, match="already bid"):
        bid(tender, officer, bidder=org, price="1000")


def test_a_conflicted_evaluator_is_removed_and_cannot_score(officer, officer2, evaluator):
    tender = published_tender(officer, officer2)
    first = bid(tender, officer)
    tender = in_evaluation(tender, officer)
    from commissioning.tender_services import assign_evaluator

    member = assign_evaluator(
        tender=tender, evaluator=evaluator, organisation="NHS", assigned_by=officer
    )
    with pytest.raises(CommissioningError, match="Describe the conflict"):
        declare_interests(
            member=member,
            conflicted_bidders=[first.bidder],
            details="",
            confidentiality=True,
            declared_by=evaluator,
        )
    declare_interests(
        member=member,
        conflicted_bidders=[first.bidder],
        details="My sister chairs its board",
        confidentiality=True,
        declared_by=evaluator,
    )
    member.refresh_from_db()
    assert member.status == member.Status.CONFLICTED
    with pytest.raises(CommissioningError, match="conflict of interest"):
        score_bid(
            member=member,
            bid=first,
            scores={q.pk: (3, "x") for q in tender.question_rows()},
            scored_by=evaluator,
        )
    assert not Score.objects.exists()


def test_no_scoring_before_the_declaration(officer, officer2, evaluator):
    tender = published_tender(officer, officer2)
    first = bid(tender, officer)
    tender = in_evaluation(tender, officer)
    from commissioning.tender_services import assign_evaluator

    member = assign_evaluator(
        tender=tender, evaluator=evaluator, organisation="NHS", assigned_by=officer
    )
    with pytest.raises(CommissioningError, match="Declare your interests"):
        score_bid(member=member, bid=first, scores={}, scored_by=evaluator)


@pytest.mark.parametrize("score", [5, -1, None, "3"])
def test_scores_off_the_scale_are_refused(officer, officer2, evaluator, score):
    tender = published_tender(officer, officer2)
    first = bid(tender, officer)
    tender = in_evaluation(tender, officer, [evaluator])
    member = tender.panel.get()
    with pytest.raises(CommissioningError, match="from 0 to 4"):
        score_bid(
            member=member,
            bid=first,
            scores={q.pk: (score, "reason") for q in tender.question_rows()},
            scored_by=evaluator,
        )


def test_moderation_waits_for_every_score(officer, officer2, evaluator, make_user):
    other = make_user("evaluator2", "evaluator")
    tender = published_tender(officer, officer2)
    bid(tender, officer)
    tender = in_evaluation(tender, officer, [evaluator, other])
    score_all(tender, evaluator)
    with pytest.raises(CommissioningError, match="2 of 4 scores"):
        start_moderation(tender=tender, started_by=officer)


def _to_moderation(officer, officer2, evaluator, prices=("200000", "100000")):
    tender = published_tender(officer, officer2)
    bids = [bid(tender, officer, price=p) for p in prices]
    tender = in_evaluation(tender, officer, [evaluator])
    score_all(tender, evaluator)
    return tender, bids


def test_award_to_the_top_ranked_bid_creates_the_contract(officer, officer2, evaluator):
    tender, (dear, cheap) = _to_moderation(officer, officer2, evaluator)
    tender = moderate_all(tender, officer, {dear: [4, 4], cheap: [2, 2]})
    results = ranked_result(tender)
    # dear: 70 + 15 = 85; cheap: 35 + 30 = 65
    assert [(r.bid, r.total, r.rank) for r in results] == [
        (dear, Decimal("85.00"), 1),
        (cheap, Decimal("65.00"), 2),
    ]
    tender = award_tender(
        tender=tender,
        bid=dear,
        awarded_by=officer,
        measures=[
            MeasureInput("Victims supported", Decimal(500), "people"),  # the project's wins
            MeasureInput("Repeat victims", Decimal(10), "%"),
        ],
    )
    assert tender.state == TenderState.AWARDED and tender.awarded_bid == dear
    contract = Contract.objects.get()
    assert (contract.provider, contract.origin, contract.annual_value) == (
        dear.bidder,
        ContractOrigin.TENDER,
        dear.annual_price,
    )
    assert contract.term_text() and contract.award.total == dear.annual_price * 2
    assert {(m.metric, m.target) for m in contract.measures.all()} == {
        ("Victims supported", Decimal(400)),
        ("Days to first contact", Decimal(2)),
        ("Repeat victims", Decimal(10)),
    }
    assert tender.contract == contract
    assert Bid.objects.filter(tender=tender).count() == 2  # the unsuccessful bid is kept


def test_award_off_the_ranking_needs_a_reason_and_approval(
    officer, officer2, evaluator, finance_approver
):
    tender, (dear, cheap) = _to_moderation(officer, officer2, evaluator)
    tender = moderate_all(tender, officer, {dear: [4, 4], cheap: [2, 2]})
    with pytest.raises(CommissioningError, match="not the top-ranked"):
        award_tender(tender=tender, bid=cheap, awarded_by=officer)
    tender = award_tender(
        tender=tender, bid=cheap, awarded_by=officer, reason="The top bidder withdrew"
    )
    assert tender.state == TenderState.MODERATION and tender.proposed_bid == cheap
    assert tender.award_approval_request.state == ApprovalState.PENDING
    assert not Contract.objects.exists()
    approved(tender.award_approval_request)
    tender.refresh_from_db()
    assert tender.state == TenderState.AWARDED and tender.awarded_bid == cheap
    assert Contract.objects.get().provider == cheap.bidder


def test_tied_top_bids_need_a_reason(officer, officer2, evaluator):
    tender, (a, b) = _to_moderation(officer, officer2, evaluator, prices=("100000", "100000"))
    tender = moderate_all(tender, officer, {a: [3, 3], b: [3, 3]})
    assert [r.tied for r in ranked_result(tender)] == [True, True]
    with pytest.raises(CommissioningError, match="tied"):
        award_tender(tender=tender, bid=b, awarded_by=officer)
    award_tender(tender=tender, bid=b, awarded_by=officer, reason="Wider county coverage")
    assert Tender.objects.get(pk=tender.pk).state == TenderState.AWARDED


def test_a_bid_under_the_quality_threshold_cannot_be_awarded(officer, officer2, evaluator):
    tender, (a, b) = _to_moderation(officer, officer2, evaluator)
    Tender.objects.filter(pk=tender.pk).update(minimum_quality=Decimal(40))
    tender.refresh_from_db()
    tender = moderate_all(tender, officer, {a: [4, 4], b: [1, 1]})
    with pytest.raises(CommissioningError, match="below the minimum"):
        award_tender(tender=tender, bid=b, awarded_by=officer, reason="cheaper")


@pytest.mark.parametrize("state", [TenderState.DRAFT, TenderState.PUBLISHED])
def test_close_is_refused_before_the_deadline_or_from_draft(officer, officer2, state):
    tender = (
        draft_tender(officer2)
        if state == TenderState.DRAFT
        else published_tender(officer, officer2)
    )
    with pytest.raises(CommissioningError):
        close_tender(tender=tender, closed_by=officer)
    assert Tender.objects.get(pk=tender.pk).state == state


def test_cancel_needs_a_reason_and_is_final(officer, officer2):
    tender = published_tender(officer, officer2)
    with pytest.raises(CommissioningError, match="reason"):
        cancel_tender(tender=tender, reason="  \x00 ", cancelled_by=officer)
    cancel_tender(tender=tender, reason="Funding withdrawn", cancelled_by=officer)
    with pytest.raises(CommissioningError):
        cancel_tender(tender=tender, reason="again", cancelled_by=officer)
    with pytest.raises(CommissioningError):
        record_bid(
            tender=tender,
            bidder=OrganisationFactory(),
            whole_life_price=Decimal(1),
            annual_price=Decimal(1),
            answers={},
            recorded_by=officer,
        )


@pytest.mark.parametrize("price", [Decimal("1e40"), Decimal("NaN"), Decimal(0), 100])
def test_hostile_prices_are_refused(officer, officer2, price):
    tender = published_tender(officer, officer2)
    with pytest.raises(CommissioningError, match="price"):
        record_bid(
            tender=tender,
            bidder=OrganisationFactory(),
            whole_life_price=price,
            annual_price=Decimal(1),
            answers={},
            recorded_by=officer,
        )


def test_closing_after_the_deadline(officer, officer2):
    tender = pass_deadline(published_tender(officer, officer2))
    assert close_tender(tender=tender, closed_by=officer).state == TenderState.CLOSED
    assert timezone.now() > tender.submission_deadline


def test_a_tender_needs_a_project_in_its_do_stage(officer):
    from tests.commissioning.project_factories import project_in_plan

    with pytest.raises(CommissioningError, match="Do stage"):
        draft_tender(officer, project=project_in_plan(officer))
    assert not Tender.objects.exists()


def test_the_award_links_the_project_and_puts_the_award_notice_on_its_checklist(
    officer, officer2, evaluator
):
    from commissioning.models import NoticeKind
    from tests.commissioning.project_factories import regulated_project_in_do

    project = regulated_project_in_do(officer2)
    tender = published_tender(officer, officer2, project=project)
    dear, cheap = bid(tender, officer, price="200000"), bid(tender, officer, price="100000")
    tender = in_evaluation(tender, officer, [evaluator])
    score_all(tender, evaluator)
    tender = moderate_all(tender, officer, {dear: [4, 4], cheap: [2, 2]})
    award_tender(tender=tender, bid=dear, awarded_by=officer)
    contract = Contract.objects.get()
    assert contract.project == project
    # The project's planned measures are copied onto the contract.
    assert sorted(m.metric for m in contract.measures.all()) == [
        "Days to first contact",
        "Victims supported",
    ]
    notice = project.notices.get(kind=NoticeKind.CONTRACT_AWARD)
    assert notice.due_on == timezone.localdate() and not notice.is_published


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"reference": "\x00 "}, "Enter a reference"),
        ({"reference": "R" * 10_000}, "under 50 characters"),
        ({"title": "x" * 10_000}, "under 200 characters"),
        ({"funding_envelope": Decimal("1e40")}, "funding envelope"),
        ({"funding_envelope": Decimal("-1")}, "funding envelope"),
        ({"quality_weight": Decimal("1e40")}, "weight from 0 to 100"),
        ({"price_weight": Decimal("NaN")}, "weight from 0 to 100"),
        ({"initial_months": 12, "option_months": (12, 1)}, "initial term"),
    ],
)
def test_hostile_tender_details_are_refused(officer, overrides, message):
    with pytest.raises(CommissioningError, match=message):
        draft_tender(officer, **overrides)
    assert not Tender.objects.exists()
