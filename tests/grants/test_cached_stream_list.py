"""The funding streams overview caches every stream's section per version of the streams and their
sums (grants.funding_sums.funding_version(streams=True)): a new grant, a budget, a paused or a new
stream show on the next request. Nothing in the section depends on the reader beyond can_manage,
which is in the key."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from grants.services import change_stream_status
from tests.grants.factories import FundingStreamFactory, budget, make_grant

pytestmark = pytest.mark.django_db


def _page(user) -> str:
    client = Client()
    client.force_login(user, backend="accounts.backends.RequestUserBackend")
    response = client.get(reverse("grants:stream_list"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_new_grant_and_budget_show_on_the_next_request(officer):
    stream = FundingStreamFactory()
    budget(stream, 2026, "100000.00")
    assert "£100,000.00" in _page(officer)  # remaining
    make_grant(
        officer, stream=stream, total="2500.00", start=date(2026, 4, 1), end=date(2027, 3, 31)
    )
    assert "£2,500.00" in _page(officer)  # in draft
    budget(stream, 2027, "7000.00")
    assert "£7,000.00" in _page(officer)


def test_a_paused_and_a_new_stream_show_on_the_next_request(officer):
    stream = FundingStreamFactory(name="Safer streets")
    assert "Paused" not in _page(officer)
    change_stream_status(stream=stream, action="pause", actor=officer, reason="Spent")
    assert "Paused" in _page(officer)
    FundingStreamFactory(name="Violence reduction")
    assert "Violence reduction" in _page(officer)
