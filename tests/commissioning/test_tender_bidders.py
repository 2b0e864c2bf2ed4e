"""The bidders' tender pages: a provider user sees every published tender (public to bidders) but
never a draft, one approved but not yet published or one cancelled before publication (404), never
another organisation's bid; asks clarification questions before the deadline (to the second), in
their words, once per click; officers answer them and every bidder sees the answer, never who
asked. The list keeps a constant query count."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from commissioning.errors import CommissioningError
from commissioning.models import Clarification, Tender, TenderState
from commissioning.tender_services import (
    answer_clarification,
    ask_clarification,
    cancel_tender,
    close_tender,
)
from commissioning.tender_services.clarifications import ANSWERED_ALREADY
from tests.commissioning.tender_factories import (
    bid,
    draft_tender,
    pass_deadline,
    published_tender,
)

pytestmark = pytest.mark.django_db

LIST = reverse("commissioning:bidder_tender_list")


def _detail(tender):
    return reverse("commissioning:bidder_tender_detail", args=[tender.pk])


def _ask(tender):
    return reverse("commissioning:bidder_ask_clarification", args=[tender.pk])


def _clarifications_close(tender, *, seconds_ago: int):
    Tender.objects.filter(pk=tender.pk).update(
        clarification_deadline=timezone.now().replace(microsecond=0)
        - timedelta(seconds=seconds_ago)
    )
    tender.refresh_from_db()
    return tender


def test_a_published_tender_shows_what_bidders_need(
    client_for, officer, officer2, other_provider_user
):
    tender = published_tender(officer, officer2)
    answer_clarification(
        tender=tender, question="Is TUPE expected?", answer="Yes, for four staff.",
        answered_by=officer,
    )  # fmt: skip
    response = client_for(other_provider_user).get(_detail(tender))
    assert response.status_code == 200
    page = response.content.decode()
    for shown in (
        "£300,000.00", "Quality 70%, price 30%", "BLUELIGHT-123",
        "How will you support victims of domestic abuse?", "40%", "Partnerships", "30%",
        f"{timezone.localtime(tender.clarification_deadline):%-d %B %Y, %H:%M:%S}",
        f"{timezone.localtime(tender.submission_deadline):%-d %B %Y, %H:%M:%S}",
        "Is TUPE expected?", "Yes, for four staff.", "Open for bids",
    ):  # fmt: skip
        assert shown in page, shown


def test_a_bidder_sees_their_own_bid_and_never_anothers(
    client_for, officer, officer2, provider_user, other_provider_user, organisation,
    other_organisation,
):  # fmt: skip
    tender = published_tender(officer, officer2)
    bid(tender, officer, price="123456", bidder=organisation)
    bid(tender, officer, price="98765", bidder=other_organisation)
    mine = client_for(provider_user).get(_detail(tender)).content.decode()
    assert "£123,456.00" in mine and "Your organisation" in mine
    assert "98,765" not in mine and other_organisation.name not in mine
    theirs = client_for(other_provider_user).get(_detail(tender)).content.decode()
    assert "£98,765.00" in theirs
    assert "123,456" not in theirs and organisation.name not in theirs


@pytest.mark.parametrize("how", ["draft", "approved", "cancelled_in_draft"])
def test_a_tender_never_published_is_404(client_for, officer, officer2, provider_user, how):
    from commissioning.tender_services import approve_tender_for_publication

    tender = draft_tender(officer2)
    if how == "approved":
        approve_tender_for_publication(tender=tender, approved_by=officer)
    if how == "cancelled_in_draft":
        cancel_tender(tender=tender, reason="No longer needed", cancelled_by=officer)
    client = client_for(provider_user)
    for url in (_detail(tender), _ask(tender)):
        assert client.get(url).status_code == 404
    assert client.post(_ask(tender), {"question": "Hello?"}).status_code == 404
    assert tender.reference not in client.get(LIST).content.decode()
    assert not Clarification.objects.exists()


def test_a_tender_cancelled_after_publication_stays_visible(
    client_for, officer, officer2, provider_user
):
    tender = published_tender(officer, officer2)
    cancel_tender(tender=tender, reason="Funding withdrawn", cancelled_by=officer)
    response = client_for(provider_user).get(_detail(tender))
    assert response.status_code == 200 and b"Cancelled" in response.content
    assert b"Funding withdrawn" not in response.content


def test_anonymous_users_are_sent_to_sign_in(client, officer, officer2):
    tender = published_tender(officer, officer2)
    for url in (LIST, _detail(tender), _ask(tender)):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_staff_evaluators_and_providers_without_an_organisation_are_refused(
    client_for, officer, officer2, evaluator, make_user
):
    from accounts.roles import Role

    tender = published_tender(officer, officer2)
    loose = make_user("no_org_provider", Role.PROVIDER)
    for user in (officer, evaluator, loose):
        client = client_for(user)
        assert client.get(LIST).status_code == 403
        assert client.get(_detail(tender)).status_code == 403


def test_the_list_shows_open_tenders_and_closed_ones_we_bid_for(
    client_for, officer, officer2, provider_user, organisation
):
    open_one = published_tender(officer, officer2, reference="T-OPEN")
    stream = open_one.stream
    past_no_bid = pass_deadline(
        published_tender(officer, officer2, reference="T-PAST", stream=stream)
    )
    closed_ours = published_tender(officer, officer2, reference="T-OURS", stream=stream)
    bid(closed_ours, officer, bidder=organisation)
    close_tender(tender=pass_deadline(closed_ours), closed_by=officer)
    closed_theirs = published_tender(officer, officer2, reference="T-THEIRS", stream=stream)
    bid(closed_theirs, officer)
    close_tender(tender=pass_deadline(closed_theirs), closed_by=officer)
    draft_tender(officer2, reference="T-DRAFT", stream=stream)

    client = client_for(provider_user)
    page = client.get(LIST).content.decode()
    assert "T-OPEN" in page and "T-OURS" in page and "You bid" in page
    assert not [r for r in ("T-PAST", "T-THEIRS", "T-DRAFT") if r in page]
    ours = client.get(LIST, {"only_ours": "on"}).content.decode()
    assert "T-OURS" in ours and "T-OPEN" not in ours
    # The page of a closed tender nobody from here bid for is still readable (it was public).
    assert client.get(_detail(past_no_bid)).status_code == 200


@pytest.mark.parametrize("count", [2, 20])
def test_the_list_keeps_a_constant_query_count(
    client_for, officer, officer2, provider_user, organisation, django_assert_max_num_queries,
    count,
):  # fmt: skip
    stream = None
    for i in range(count):
        tender = published_tender(officer, officer2, reference=f"T-{i:04d}", stream=stream)
        stream = tender.stream
        bid(tender, officer, bidder=organisation if i % 2 else None, price=str(1000 + i))
    client = client_for(provider_user)
    with django_assert_max_num_queries(12):
        response = client.get(LIST, {"sort": "reference"})
    assert response.status_code == 200 and b"T-0000" in response.content


def test_a_bidders_question_is_answered_for_everyone_without_the_askers_name(
    client_for, officer, officer2, provider_user, other_provider_user, organisation
):
    tender = published_tender(officer, officer2)
    client = client_for(provider_user)
    assert client.get(_ask(tender)).status_code == 200
    response = client.post(
        _ask(tender), {"question": "Can we bid as a consortium?", "request_key": str(uuid.uuid4())}
    )
    assert response.status_code == 302
    asked = Clarification.objects.get()
    assert (asked.asked_by, asked.asked_by_organisation, asked.is_answered) == (
        provider_user,
        organisation,
        False,
    )
    assert "Can we bid as a consortium?" in client.get(_detail(tender)).content.decode()
    other = client_for(other_provider_user)
    assert b"consortium" not in other.get(_detail(tender)).content  # not until answered

    officer_client = client_for(officer)
    officer_page = officer_client.get(reverse("commissioning:tender_detail", args=[tender.pk]))
    answer_url = reverse("commissioning:tender_answer_clarification", args=[tender.pk, asked.pk])
    assert answer_url.encode() in officer_page.content
    form = officer_client.get(answer_url)
    assert organisation.name.encode() in form.content  # the officer sees who asked
    posted = {"question": "Can bidders bid as a consortium?", "answer": "Yes, with one lead."}
    assert officer_client.post(answer_url, posted).status_code == 302
    assert officer_client.post(answer_url, posted).status_code == 302  # a double click
    asked.refresh_from_db()
    assert asked.answered_by == officer and asked.answer == "Yes, with one lead."
    assert Clarification.objects.count() == 1

    other = client_for(other_provider_user)
    page = other.get(_detail(tender)).content.decode().split("<main")[1]
    assert "Can bidders bid as a consortium?" in page and "Yes, with one lead." in page
    assert organisation.name not in page and provider_user.username not in page
    assert "(yours)" not in page
    # A different answer sent after this one was saved is refused, not overwritten.
    with pytest.raises(CommissioningError, match="Another answer"):
        answer_clarification(
            tender=tender, question="Q", answer="No.", answered_by=officer2, asked=asked
        )
    assert ANSWERED_ALREADY.startswith("Another answer")


def test_a_question_after_the_deadline_is_refused_in_words(
    client_for, officer, officer2, provider_user
):
    tender = _clarifications_close(published_tender(officer, officer2), seconds_ago=1)
    client = client_for(provider_user)
    response = client.post(_ask(tender), {"question": "Too late?"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "The clarification deadline" in page and "has passed" in page
    assert "Too late?" in page  # what they typed is kept
    assert not Clarification.objects.exists()
    response = client.get(_ask(tender), follow=True)  # the tender, with the reason
    assert response.redirect_chain[-1][0] == _detail(tender)
    assert b"has passed" in response.content and _ask(tender).encode() not in response.content
    with pytest.raises(CommissioningError, match="has passed"):
        ask_clarification(tender=tender, question="Still?", asked_by=provider_user)


def test_the_clarification_deadline_is_to_the_second(officer, officer2, provider_user):
    tender = published_tender(officer, officer2)
    deadline = timezone.now().replace(microsecond=0) + timedelta(hours=1)
    Tender.objects.filter(pk=tender.pk).update(clarification_deadline=deadline)
    tender.refresh_from_db()
    from commissioning.tender_permissions import can_ask_clarification

    assert can_ask_clarification(
        provider_user, tender, now=deadline + timedelta(microseconds=900_000)
    )[0]
    assert not can_ask_clarification(provider_user, tender, now=deadline + timedelta(seconds=1))[0]


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("x" * 10_000, "Your question must be 2000 characters or fewer"),
        (
            "Is there\x00 a TUPE list?",
            "Your question must not contain invisible control characters",
        ),
        ("   ", "Write your question"),
    ],
)
def test_hostile_questions_are_refused_with_field_errors(
    client_for, officer, officer2, provider_user, question, message
):
    tender = published_tender(officer, officer2)
    response = client_for(provider_user).post(_ask(tender), {"question": question})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Clarification.objects.exists()


def test_the_service_refuses_hostile_questions_too(officer, officer2, provider_user, evaluator):
    tender = published_tender(officer, officer2)
    with pytest.raises(CommissioningError, match="under 2,000 characters") as refused:
        ask_clarification(tender=tender, question="x" * 10_000, asked_by=provider_user)
    assert refused.value.field == "question"
    with pytest.raises(CommissioningError, match="out of date"):
        ask_clarification(tender=tender, question="Q", asked_by=provider_user, request_key="x\x00")
    with pytest.raises(CommissioningError, match="provider users"):
        ask_clarification(tender=tender, question="Q", asked_by=evaluator)
    assert not Clarification.objects.exists()


def test_a_double_post_records_one_question(client_for, officer, officer2, provider_user):
    tender = published_tender(officer, officer2)
    client = client_for(provider_user)
    posted = {"question": "Is the lot divisible?", "request_key": str(uuid.uuid4())}
    assert client.post(_ask(tender), posted).status_code == 302
    assert client.post(_ask(tender), posted).status_code == 302
    assert Clarification.objects.count() == 1


def test_another_organisation_cannot_reuse_a_question_key(
    officer, officer2, provider_user, other_provider_user
):
    tender = published_tender(officer, officer2)
    key = uuid.uuid4()
    ask_clarification(tender=tender, question="Mine", asked_by=provider_user, request_key=key)
    with pytest.raises(CommissioningError, match="out of date"):
        ask_clarification(
            tender=tender, question="Theirs", asked_by=other_provider_user, request_key=key
        )
    assert Clarification.objects.get().question == "Mine"


def test_a_question_only_while_published(officer, officer2, provider_user):
    tender = published_tender(officer, officer2)
    close_tender(tender=pass_deadline(tender), closed_by=officer)
    tender.refresh_from_db()
    assert tender.state == TenderState.CLOSED
    with pytest.raises(CommissioningError, match="open for bids"):
        ask_clarification(tender=tender, question="Now?", asked_by=provider_user)
