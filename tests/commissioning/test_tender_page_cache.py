"""The tender pages keep their tables per version of the tender data (commissioning.tender_cache):
each change made through the services shows on the very next request, one user's cached table is
never another's, and the forms stay outside the cache (their CSRF tokens are the reader's own)."""

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from commissioning.tender_services import (
    answer_clarification,
    mark_bid_non_compliant,
    moderate_bid,
    score_bid,
)
from tests.commissioning.tender_factories import (
    bid,
    draft_tender,
    in_evaluation,
    moderate_all,
    published_tender,
    score_all,
)

pytestmark = pytest.mark.django_db


def _moderated(officer, officer2, evaluator):
    tender = published_tender(officer, officer2)
    first, second = bid(tender, officer, price="100000"), bid(tender, officer, price="120000")
    tender = in_evaluation(tender, officer, [evaluator])
    score_all(tender, evaluator)
    return moderate_all(tender, officer, {first: [4, 4], second: [2, 2]}), first, second


def test_the_list_shows_a_new_bid_and_a_new_tender_at_once(client_for, officer, officer2):
    tender = published_tender(officer, officer2, reference="T-0001")
    client = client_for(officer)
    url = reverse("commissioning:tender_list")
    page = client.get(url).content.decode()
    assert "Tenders (1)" in page and "T-0002" not in page
    bid(tender, officer)
    published_tender(officer, officer2, reference="T-0002", stream=tender.stream)
    page = client.get(url).content.decode()
    assert "Tenders (2)" in page and "T-0002" in page
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">1</td>' in page


def test_the_tender_page_shows_a_clarification_and_a_bid_at_once(client_for, officer, officer2):
    tender = published_tender(officer, officer2)
    client = client_for(officer)
    url = reverse("commissioning:tender_detail", args=[tender.pk])
    page = client.get(url).content.decode()
    assert "No bids yet." in page and "Is parking free?" not in page
    answer_clarification(
        tender=tender, question="Is parking free?", answer="Yes", answered_by=officer
    )
    bid(tender, officer, name="Hope Lane Trust")
    page = client.get(url).content.decode()
    assert "Is parking free?" in page and "Hope Lane Trust" in page
    assert "No bids yet." not in page


def test_my_evaluations_shows_new_scores_at_once(client_for, officer, officer2, evaluator):
    tender = published_tender(officer, officer2)
    made = bid(tender, officer)
    tender = in_evaluation(tender, officer, [evaluator])
    client = client_for(evaluator)
    url = reverse("commissioning:my_evaluations")
    assert ">0 of 2</td>" in client.get(url).content.decode()
    score_bid(
        member=tender.panel.get(),
        bid=made,
        scores={q.pk: (3, "Clear evidence") for q in tender.question_rows()},
        scored_by=evaluator,
    )
    assert ">2 of 2</td>" in client.get(url).content.decode()


def test_one_evaluators_cached_table_is_never_anothers(
    client_for, officer, officer2, evaluator, make_user
):
    other = make_user("other_eval", Role.EVALUATOR)
    tender = published_tender(officer, officer2, reference="T-MINE")
    bid(tender, officer)
    in_evaluation(tender, officer, [evaluator])
    url = reverse("commissioning:my_evaluations")
    assert "T-MINE" in client_for(evaluator).get(url).content.decode()
    page = client_for(other).get(url).content.decode()
    assert "T-MINE" not in page and "You are not on any panel." in page


def test_the_matrix_and_the_result_show_a_revised_moderation_at_once(
    client_for, officer, officer2, evaluator
):
    tender, first, second = _moderated(officer, officer2, evaluator)
    client = client_for(officer)
    matrix = reverse("commissioning:moderation_matrix", args=[tender.pk])
    result = reverse("commissioning:tender_result", args=[tender.pk])
    assert "Consensus of the panel" in client.get(matrix).content.decode()
    before = client.get(result).content.decode()
    assert before.index(str(first.bidder)) < before.index(str(second.bidder))
    moderate_bid(
        bid=first,
        scores={q.pk: (1, "Revised after discussion") for q in tender.question_rows()},
        moderated_by=officer,
    )
    assert "Revised after discussion" in client.get(matrix).content.decode()
    after = client.get(result).content.decode()
    assert after.index(str(second.bidder)) < after.index(str(first.bidder))
    mark_bid_non_compliant(bid=second, reason="No insurance", marked_by=officer)
    assert "Excluded: Not compliant" in client.get(result).content.decode()


def test_the_tender_pages_forms_carry_the_readers_own_csrf_token(officer, officer2):
    """The same officer in two browsers: the second one's form must post, though the page's
    records came from the cache the first one filled."""
    tender = draft_tender(officer2, questions=(("How will you reach rural victims?", "40"),))
    url = reverse("commissioning:tender_detail", args=[tender.pk])
    browsers = [Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)]
    for browser in browsers:
        browser.force_login(officer, backend="accounts.backends.RequestUserBackend")
        page = browser.get(url)
        assert page.status_code == 200
    form = page.content.decode().split(
        f'action="{reverse("commissioning:tender_add_question", args=[tender.pk])}"'
    )[1]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    response = browsers[1].post(
        reverse("commissioning:tender_add_question", args=[tender.pk]),
        {"text": "Partnerships", "weight": "30", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert tender.questions.count() == 2
    assert "Partnerships" in browsers[0].get(url).content.decode()
    assert Decimal("70") == sum(q.weight for q in tender.questions.all())


def test_the_list_filters_and_remembers_the_filter_chosen(client_for, officer, officer2):
    draft = draft_tender(officer2, reference="T-DRAFT")
    published_tender(officer, officer2, reference="T-OPEN", stream=draft.stream)
    client = client_for(officer)
    page = client.get(reverse("commissioning:tender_list"), {"state": "draft"}).content.decode()
    assert "T-DRAFT" in page and "T-OPEN" not in page
    assert re.search(r'<option value="draft"[^>]*selected', page)
    page = client.get(reverse("commissioning:tender_list"), {"state": "published"}).content.decode()
    assert "T-OPEN" in page and "T-DRAFT" not in page
