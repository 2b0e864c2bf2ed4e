"""The bidders' tender pages keep their tables per organisation and version of the tender data
(commissioning.tender_cache): the organisation's own bid and question show on the very next
request, another organisation never sees them through the cache, and a tender closes for bidders
at its submission deadline (and questions stop at the clarification deadline) with no write."""

from datetime import timedelta
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commissioning.tender_services import answer_clarification, ask_clarification
from tests.commissioning.tender_factories import bid, published_tender

pytestmark = pytest.mark.django_db

LIST = reverse("commissioning:bidder_tender_list")


def _detail(tender):
    return reverse("commissioning:bidder_tender_detail", args=[tender.pk])


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend="accounts.backends.RequestUserBackend")
    return client


def _soon(officer, officer2, *, now=None, **kwargs):
    """A tender whose deadlines fall within the hour of `now`: the clock passes them here."""
    now = now or timezone.now().replace(microsecond=0)
    return published_tender(
        officer,
        officer2,
        clarification_deadline=now + timedelta(minutes=30),
        submission_deadline=now + timedelta(hours=1),
        **kwargs,
    )


def _at(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


def test_the_list_shows_our_bid_and_a_new_tender_at_once(
    officer, officer2, provider_user, other_provider_user, organisation
):
    tender = published_tender(officer, officer2, reference="T-0001")
    ours, theirs = _signed_in(provider_user), _signed_in(other_provider_user)
    assert "You bid" not in ours.get(LIST).content.decode()
    assert "You bid" not in theirs.get(LIST).content.decode()
    bid(tender, officer, bidder=organisation)
    published_tender(officer, officer2, reference="T-0002", stream=tender.stream)
    page = ours.get(LIST).content.decode()
    assert "You bid" in page and "T-0002" in page and "Tenders (2)" in page
    page = theirs.get(LIST).content.decode()
    assert "You bid" not in page and "T-0002" in page


def test_a_tender_leaves_the_list_at_its_deadline_with_no_write(
    officer, officer2, provider_user, organisation
):
    now = timezone.now().replace(microsecond=0)  # both close at the same second
    closing = _soon(officer, officer2, now=now, reference="T-SOON")
    ours = _soon(officer, officer2, now=now, reference="T-OURS", stream=closing.stream)
    bid(ours, officer, bidder=organisation)
    client = _signed_in(provider_user)
    deadline = closing.submission_deadline
    with _at(deadline + timedelta(microseconds=900_000)):  # to the second: still open
        page = client.get(LIST).content.decode()
    assert "T-SOON" in page and "Tenders (2)" in page
    with _at(deadline + timedelta(seconds=1)):
        page = client.get(LIST).content.decode()
    assert "T-SOON" not in page and "Tenders (1)" in page
    assert "T-OURS" in page and "Closed for bids" in page and "Open for bids" not in page


def test_the_tender_page_shows_our_bid_and_question_and_never_to_another_organisation(
    officer, officer2, provider_user, other_provider_user, organisation, other_organisation
):
    tender = published_tender(officer, officer2)
    ours, theirs = _signed_in(provider_user), _signed_in(other_provider_user)
    for client in (ours, theirs):
        page = client.get(_detail(tender)).content.decode()
        assert "Your organisation's bid" not in page and "None yet." in page
    bid(tender, officer, price="123456", bidder=organisation)
    ask_clarification(tender=tender, question="Is parking free?", asked_by=provider_user)
    page = ours.get(_detail(tender)).content.decode()
    assert "£123,456.00" in page and "Is parking free?" in page and "(yours)" in page
    page = theirs.get(_detail(tender)).content.decode()
    assert "Your organisation's bid" not in page and "123,456" not in page
    assert "Is parking free?" not in page and "None yet." in page
    bid(tender, officer, price="98765", bidder=other_organisation)
    page = theirs.get(_detail(tender)).content.decode()
    assert "£98,765.00" in page and "123,456" not in page
    assert "98,765" not in ours.get(_detail(tender)).content.decode()


def test_an_answer_shows_to_every_bidder_at_once(
    officer, officer2, provider_user, other_provider_user
):
    tender = published_tender(officer, officer2)
    theirs = _signed_in(other_provider_user)
    assert "Is parking free?" not in theirs.get(_detail(tender)).content.decode()
    asked = ask_clarification(tender=tender, question="Is parking free?", asked_by=provider_user)
    answer_clarification(
        tender=tender, question=asked.question, answer="Yes", answered_by=officer, asked=asked
    )
    page = theirs.get(_detail(tender)).content.decode()
    assert "Is parking free?" in page and "(yours)" not in page


def test_the_tender_page_follows_the_clock(officer, officer2, provider_user):
    tender = _soon(officer, officer2)
    client = _signed_in(provider_user)
    ask = reverse("commissioning:bidder_ask_clarification", args=[tender.pk])
    page = client.get(_detail(tender)).content.decode()
    assert "Open for bids" in page and ask in page
    with _at(tender.clarification_deadline + timedelta(seconds=1)):
        page = client.get(_detail(tender)).content.decode()
    assert "Open for bids" in page and ask not in page
    with _at(tender.submission_deadline + timedelta(seconds=1)):
        page = client.get(_detail(tender)).content.decode()
    assert "Closed for bids" in page and "Open for bids" not in page


@pytest.mark.parametrize("count", [2, 20])
def test_a_cached_page_reads_no_rows_and_one_membership_query(
    officer, officer2, provider_user, organisation, django_assert_max_num_queries, count
):
    stream = None
    for i in range(count):
        tender = published_tender(officer, officer2, reference=f"T-{i:04d}", stream=stream)
        stream = tender.stream
        bid(tender, officer, bidder=organisation if i % 2 else None, price=str(1000 + i))
    client = _signed_in(provider_user)
    for url in (LIST, _detail(tender)):
        client.get(url)
        with django_assert_max_num_queries(3 if url == LIST else 4):
            assert client.get(url).status_code == 200
