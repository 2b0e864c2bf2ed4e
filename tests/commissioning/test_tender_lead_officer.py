"""Only the tender's lead officer moderates and awards: another officer gets 403 on the moderation
and award pages and the services refuse them, while reading the matrix and the result stays open
to every officer. The lead officer defaults to the tender's author and may be another officer."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from commissioning.errors import CommissioningError
from commissioning.models import Contract, ModeratedScore, TenderState
from commissioning.tender_permissions import NOT_LEAD, can_award_tender, can_moderate_tender
from commissioning.tender_services import award_tender, moderate_bid, start_moderation
from tests.commissioning.tender_factories import (
    bid,
    draft_tender,
    in_evaluation,
    published_tender,
    score_all,
)

pytestmark = pytest.mark.django_db


def _in_moderation(officer, officer2, evaluator):
    """`officer` leads; `officer2` drafted it."""
    tender = published_tender(officer, officer2)
    dear, cheap = bid(tender, officer, price="200000"), bid(tender, officer, price="100000")
    tender = in_evaluation(tender, officer, [evaluator])
    score_all(tender, evaluator)
    return start_moderation(tender=tender, started_by=officer), dear, cheap


def _scores(tender, value=3):
    return {q.pk: (value, "Consensus of the panel") for q in tender.question_rows()}


def test_the_lead_officer_defaults_to_the_author_and_may_be_named(officer, officer2):
    assert draft_tender(officer2).lead_officer == officer2
    named = draft_tender(officer2, reference="T-0002", lead_officer=officer)
    assert (named.lead_officer, named.created_by) == (officer, officer2)


@pytest.mark.parametrize("role", [Role.EVALUATOR, Role.FINANCE, Role.PROVIDER])
def test_the_lead_officer_must_be_a_commissioning_officer(officer, make_user, role):
    with pytest.raises(CommissioningError, match="lead officer") as refused:
        draft_tender(officer, lead_officer=make_user("not_officer", role))
    assert refused.value.field == "lead_officer"


def test_the_rule(officer, officer2, evaluator):
    tender, *_ = _in_moderation(officer, officer2, evaluator)
    assert can_moderate_tender(officer, tender) == (True, "")
    assert can_award_tender(officer, tender) == (True, "")
    refused = NOT_LEAD.format(name="Olive")
    assert can_moderate_tender(officer2, tender) == (False, refused)
    assert can_award_tender(officer2, tender) == (False, refused)
    assert can_moderate_tender(evaluator, tender)[0] is False


def test_another_officer_cannot_moderate_through_the_service(officer, officer2, evaluator):
    tender, dear, _ = _in_moderation(officer, officer2, evaluator)
    with pytest.raises(CommissioningError, match="Only the tender's lead officer, Olive"):
        moderate_bid(bid=dear, scores=_scores(tender), moderated_by=officer2)
    assert not ModeratedScore.objects.exists()
    moderate_bid(bid=dear, scores=_scores(tender), moderated_by=officer)
    assert ModeratedScore.objects.filter(bid=dear).count() == len(tender.question_rows())


def test_another_officer_cannot_award_through_the_service(officer, officer2, evaluator):
    tender, dear, cheap = _in_moderation(officer, officer2, evaluator)
    for b, values in ((dear, 4), (cheap, 2)):
        moderate_bid(bid=b, scores=_scores(tender, values), moderated_by=officer)
    with pytest.raises(CommissioningError, match="lead officer"):
        award_tender(tender=tender, bid=dear, awarded_by=officer2)
    tender.refresh_from_db()
    assert tender.state == TenderState.MODERATION and not Contract.objects.exists()
    tender = award_tender(tender=tender, bid=dear, awarded_by=officer)
    assert tender.state == TenderState.AWARDED and Contract.objects.get().provider == dear.bidder


def test_another_officer_gets_403_on_moderation_and_award_pages(
    client_for, officer, officer2, evaluator
):
    tender, dear, cheap = _in_moderation(officer, officer2, evaluator)
    moderate_url = reverse("commissioning:moderate_bid", args=[tender.pk, dear.pk])
    award_url = reverse("commissioning:tender_award", args=[tender.pk])
    post = {f"score_{q.pk}": "3" for q in tender.question_rows()} | {
        f"reason_{q.pk}": "Consensus" for q in tender.question_rows()
    }
    other = client_for(officer2)
    assert other.get(moderate_url).status_code == 403
    assert other.post(moderate_url, post).status_code == 403
    assert not ModeratedScore.objects.exists()
    # Reading the matrix and the result stays open to every officer, without the actions.
    matrix = other.get(reverse("commissioning:moderation_matrix", args=[tender.pk]))
    assert matrix.status_code == 200 and moderate_url.encode() not in matrix.content

    lead = client_for(officer)
    assert lead.get(moderate_url).status_code == 200
    response = lead.post(moderate_url, post)
    assert response.status_code == 302
    assert ModeratedScore.objects.filter(bid=dear).count() == len(tender.question_rows())
    moderate_bid(bid=cheap, scores=_scores(tender, 2), moderated_by=officer)

    other = client_for(officer2)
    result = other.get(reverse("commissioning:tender_result", args=[tender.pk]))
    assert result.status_code == 200 and award_url.encode() not in result.content
    assert other.get(award_url).status_code == 403
    assert other.post(award_url, {"bid": str(dear.pk), "confirm": "on"}).status_code == 403
    assert not Contract.objects.exists()

    lead = client_for(officer)
    result = lead.get(reverse("commissioning:tender_result", args=[tender.pk]))
    assert award_url.encode() in result.content
    assert lead.get(award_url).status_code == 200
