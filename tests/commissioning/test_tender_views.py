"""Tender pages: who may see what (an evaluator gets 404 on another tender's bids and on other
evaluators' scores; providers get 404 or 403 everywhere), constant query counts on the list and
the moderation matrix, the forms in the user's words, and the XLSX export formula-safe."""

import io

import openpyxl
import pytest
from django.urls import reverse

from accounts.roles import Role
from commissioning.models import PanelMember, Score, Tender, TenderState
from tests.commissioning.tender_factories import (
    bid,
    draft_tender,
    in_evaluation,
    moderate_all,
    published_tender,
    score_all,
)

pytestmark = pytest.mark.django_db


def _scored_tender(officer, officer2, evaluators, *, bids=2, reference="T-0001", stream=None):
    tender = published_tender(officer, officer2, reference=reference, stream=stream)
    made = [bid(tender, officer, price=str(100000 + i * 1000)) for i in range(bids)]
    tender = in_evaluation(tender, officer, evaluators)
    for e in evaluators:
        score_all(tender, e)
    return tender, made


def test_an_evaluator_gets_404_on_another_tenders_bids(
    client_for, officer, officer2, evaluator, make_user
):
    other = make_user("other_eval", Role.EVALUATOR)
    mine, _ = _scored_tender(officer, officer2, [evaluator])
    theirs, their_bids = _scored_tender(
        officer, officer2, [other], reference="T-0002", stream=mine.stream
    )
    client = client_for(evaluator)
    own_bid = mine.bids.first()
    assert (
        client.get(reverse("commissioning:bid_detail", args=[mine.pk, own_bid.pk])).status_code
        == 200
    )
    url = reverse("commissioning:bid_detail", args=[theirs.pk, their_bids[0].pk])
    assert client.get(url).status_code == 404
    # Nor through another's panel place, nor a bid of another tender through their own place.
    their_place = theirs.panel.get()
    assert (
        client.get(reverse("commissioning:evaluation_detail", args=[their_place.pk])).status_code
        == 404
    )
    my_place = mine.panel.get()
    url = reverse("commissioning:evaluation_score", args=[my_place.pk, their_bids[0].pk])
    assert client.get(url).status_code == 404


def test_an_evaluator_sees_no_bid_before_declaring(client_for, officer, officer2, evaluator):
    tender = published_tender(officer, officer2)
    first = bid(tender, officer)
    tender = in_evaluation(tender, officer)
    from commissioning.tender_services import assign_evaluator

    place = assign_evaluator(
        tender=tender, evaluator=evaluator, organisation="NHS", assigned_by=officer
    )
    client = client_for(evaluator)
    assert (
        client.get(reverse("commissioning:bid_detail", args=[tender.pk, first.pk])).status_code
        == 404
    )
    url = reverse("commissioning:evaluation_score", args=[place.pk, first.pk])
    assert client.get(url).status_code == 404


def test_an_evaluator_never_sees_other_evaluators_scores_before_moderation(
    client_for, officer, officer2, evaluator, make_user
):
    other = make_user("other_eval", Role.EVALUATOR)
    tender, bids = _scored_tender(officer, officer2, [evaluator, other])
    Score.objects.filter(member__evaluator=other).update(justification="OTHER-SECRET")
    client = client_for(evaluator)
    for name in ("moderation_matrix", "tender_result", "tender_export", "tender_detail"):
        assert client.get(reverse(f"commissioning:{name}", args=[tender.pk])).status_code in (
            403,
            404,
        )
    other_place = tender.panel.get(evaluator=other)
    url = reverse("commissioning:evaluation_score", args=[other_place.pk, bids[0].pk])
    assert client.get(url).status_code == 404
    mine = tender.panel.get(evaluator=evaluator)
    page = client.get(reverse("commissioning:evaluation_score", args=[mine.pk, bids[0].pk]))
    assert page.status_code == 200 and b"OTHER-SECRET" not in page.content
    # Officers do not see the matrix before moderation either.
    assert (
        client_for(officer)
        .get(reverse("commissioning:moderation_matrix", args=[tender.pk]))
        .status_code
        == 403
    )


@pytest.mark.parametrize("name", ["tender_list", "my_evaluations"])
def test_providers_are_refused_the_lists(client_for, provider_user, name):
    assert client_for(provider_user).get(reverse(f"commissioning:{name}")).status_code == 403


def test_providers_get_404_on_tenders_and_bids(
    client_for, officer, officer2, provider_user, organisation
):
    tender = published_tender(officer, officer2)
    made = bid(tender, officer, bidder=organisation)
    client = client_for(provider_user)
    assert (
        client.get(reverse("commissioning:bid_detail", args=[tender.pk, made.pk])).status_code
        == 404
    )
    assert client.get(reverse("commissioning:tender_detail", args=[tender.pk])).status_code in (
        403,
        404,
    )


@pytest.mark.parametrize("count", [2, 20])
def test_the_list_keeps_a_constant_query_count(
    client_for, officer, officer2, django_assert_max_num_queries, count
):
    stream = None
    for i in range(count):
        tender = published_tender(officer, officer2, reference=f"T-{i:04d}", stream=stream)
        stream = tender.stream
        for j in range(2):
            bid(tender, officer, price=str(1000 + j))
    client = client_for(officer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("commissioning:tender_list"), {"sort": "reference"})
    assert response.status_code == 200 and b"T-0000" in response.content


@pytest.mark.parametrize(("bids", "evaluators"), [(2, 1), (6, 4)])
def test_the_moderation_matrix_keeps_a_constant_query_count(
    client_for, officer, officer2, make_user, django_assert_max_num_queries, bids, evaluators
):
    panel = [make_user(f"eval{i}", Role.EVALUATOR) for i in range(evaluators)]
    tender, made = _scored_tender(officer, officer2, panel, bids=bids)
    tender = moderate_all(tender, officer, {b: [3, 2] for b in made})
    client = client_for(officer)
    for name in ("moderation_matrix", "tender_result"):
        with django_assert_max_num_queries(14):
            response = client.get(reverse(f"commissioning:{name}", args=[tender.pk]))
        assert response.status_code == 200


def test_the_export_is_formula_safe(client_for, officer, officer2, evaluator):
    tender, made = _scored_tender(officer, officer2, [evaluator])
    tender = moderate_all(tender, officer, {b: [3, 2] for b in made})
    from commissioning.models import ModeratedScore

    ModeratedScore.objects.filter(bid=made[0]).update(rationale='=HYPERLINK("http://x")')
    response = client_for(officer).get(reverse("commissioning:tender_export", args=[tender.pk]))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    values = [c for row in book["Scores"].iter_rows(values_only=True) for c in row]
    assert '\'=HYPERLINK("http://x")' in values
    assert all(not (isinstance(v, str) and v.startswith("=")) for v in values)
    assert [r[0] for r in book["Result"].iter_rows(values_only=True)][0] == "Bidder"


def test_the_declaration_form_speaks_plainly(client_for, officer, officer2, evaluator):
    tender = published_tender(officer, officer2)
    bid(tender, officer)
    tender = in_evaluation(tender, officer)
    from commissioning.tender_services import assign_evaluator

    place = assign_evaluator(
        tender=tender, evaluator=evaluator, organisation="NHS", assigned_by=officer
    )
    response = client_for(evaluator).post(
        reverse("commissioning:evaluation_declare", args=[place.pk]), {}
    )
    assert response.status_code == 400
    assert b"Agree to keep the bids and the evaluation confidential" in response.content
    assert b"This field is required" not in response.content
    place.refresh_from_db()
    assert place.status == PanelMember.Status.ASSIGNED


def test_an_officer_drafts_a_tender_through_the_form(client_for, officer):
    from tests.commissioning.contract_factories import funded_stream
    from tests.commissioning.project_factories import project_in_do
    from tests.conftest import govuk_dates

    stream = funded_stream()
    project = project_in_do(officer, stream=stream)
    data = govuk_dates(
        {
            "project": project.pk,
            "reference": "T-NEW",
            "title": "Restorative justice",
            "stream": stream.pk,
            "funding_envelope": "120,000",
            "quality_weight": "70",
            "price_weight": "30",
            "clarification_date": "2030-06-01",
            "clarification_time": "12:00",
            "submission_date": "2030-06-15",
            "submission_time": "12:00",
            "contract_start": "2030-10-01",
            "initial_months": "24",
            "option_months": "12",
        }
    )
    response = client_for(officer).post(reverse("commissioning:tender_create"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    tender = Tender.objects.get(reference="T-NEW")
    assert tender.state == TenderState.DRAFT and tender.option_months == [12]
    assert tender.project == project


def test_the_tender_pages_render(client_for, officer, officer2, evaluator):
    tender, made = _scored_tender(officer, officer2, [evaluator])
    client = client_for(officer)
    assert client.get(reverse("commissioning:tender_detail", args=[tender.pk])).status_code == 200
    assert (
        client.get(reverse("commissioning:tender_record_bid", args=[tender.pk])).status_code == 200
    )
    draft = draft_tender(officer, reference="T-D", stream=tender.stream)
    assert client.get(reverse("commissioning:tender_detail", args=[draft.pk])).status_code == 200
    ev = client_for(evaluator)
    assert ev.get(reverse("commissioning:my_evaluations")).status_code == 200
    place = tender.panel.get()
    assert ev.get(reverse("commissioning:evaluation_detail", args=[place.pk])).status_code == 200


def test_navigation_entries(officer, evaluator, provider_user):
    from dashboards.navigation import items_for

    def labels(user):
        return [i["label"] for i in items_for(user, "/")]

    assert "Tenders" in labels(officer) and "My evaluations" not in labels(officer)
    assert "My evaluations" in labels(evaluator) and "Tenders" not in labels(evaluator)
    assert not {"Tenders", "My evaluations"} & set(labels(provider_user))
    assert "Tender opportunities" in labels(provider_user)
    assert "Tender opportunities" not in labels(officer) + labels(evaluator)


def test_the_evaluator_home_lists_their_panels(client_for, officer, officer2, evaluator):
    tender = published_tender(officer, officer2)
    bid(tender, officer)
    in_evaluation(tender, officer, [evaluator])
    page = client_for(evaluator).get(reverse("dashboards:home")).content.decode()
    assert "Evaluation panels" in page and tender.reference in page


def test_bid_documents_are_seen_only_by_those_who_may_see_the_bid(
    client_for, officer, officer2, evaluator, make_user
):
    from documents.models import Document
    from tests.documents.samples import PDF, upload

    tender = published_tender(officer, officer2)
    made = bid(tender, officer)
    url = reverse("commissioning:bid_add_document", args=[tender.pk, made.pk])
    response = client_for(officer).post(url, {"document": upload(PDF, "method.pdf")})
    assert response.status_code == 302
    document = Document.objects.get()
    download = reverse("documents:download", args=[document.public_id])
    outsider = make_user("outsider_eval", Role.EVALUATOR)
    tender = in_evaluation(tender, officer, [evaluator])
    assert client_for(outsider).get(download).status_code == 404
    assert client_for(evaluator).get(download).status_code == 200
    # Once the tender is closed, no more documents.
    response = client_for(officer).post(url, {"document": upload(PDF, "late.pdf")})
    assert response.status_code == 400 and Document.objects.count() == 1


def test_a_bid_marked_not_compliant_leaves_the_ranking(client_for, officer, officer2, evaluator):
    tender, (first, second) = _scored_tender(officer, officer2, [evaluator])
    url = reverse("commissioning:bid_non_compliant", args=[tender.pk, first.pk])
    client = client_for(officer)
    response = client.post(url, {"reason": "", "confirm": "on"})
    assert response.status_code == 400
    assert b"Give the reason the bid is not compliant" in response.content
    response = client.post(url, {"reason": "No insurance certificate", "confirm": "on"})
    assert response.status_code == 302
    tender = moderate_all(tender, officer, {first: [4, 4], second: [1, 1]})
    from commissioning.tender_services import ranked_result

    by_bid = {r.bid.pk: r for r in ranked_result(tender)}
    assert by_bid[first.pk].rank is None and by_bid[first.pk].excluded_reason == "Not compliant"
    assert by_bid[second.pk].rank == 1
    assert client_for(evaluator).post(url, {"reason": "x", "confirm": "on"}).status_code == 403
