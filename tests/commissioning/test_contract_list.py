"""The contract list's filters (status, provider, stream, ending within N months, option
decisions due) over their edges, its sort, and every contract address refused to other providers
(404) and to anyone signed out (sign-in page)."""

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from commissioning import urls as commissioning_urls
from commissioning.contract_services import create_contract
from tests.factories import OrganisationFactory

from .contract_factories import active_contract, contract_details, funded_stream

pytestmark = pytest.mark.django_db


def _starting_so_it_ends_on(end: date, months: int = 24) -> date:
    """The start date whose `months` term ends on `end` (start + months - 1 day)."""
    return end + timedelta(days=1) - relativedelta(months=months)


def _listed(client, **params) -> str:
    """The list page's text, or the download's (which streams)."""
    response = client.get(reverse("commissioning:contract_list"), params)
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.mark.parametrize(
    ("ends_after", "due"),
    [
        (relativedelta(months=12), True),  # deadline (end less 6 months) 6 months from today
        (relativedelta(months=12, days=1), False),  # a day later
        (relativedelta(months=3), True),  # overdue deadlines still show
    ],
)
def test_option_decisions_due_within_6_months_of_the_deadline(client_for, officer, ends_after, due):
    end = timezone.localdate() + ends_after
    start = _starting_so_it_ends_on(end)
    contract = active_contract(officer, start=start, reference="C-DUE")
    assert contract.award.end_date == end
    body = _listed(client_for(officer), decisions_due="on")
    assert ("C-DUE" in body) is due


@pytest.mark.parametrize(
    ("ends_after", "within", "listed"),
    [
        (relativedelta(months=6), 6, True),
        (relativedelta(months=6, days=1), 6, False),
        (relativedelta(months=6, days=1), 7, True),
    ],
)
def test_ending_within_n_months(client_for, officer, ends_after, within, listed):
    end = timezone.localdate() + ends_after
    active_contract(officer, start=_starting_so_it_ends_on(end), reference="C-END")
    body = _listed(client_for(officer), ending_within=str(within))
    assert ("C-END" in body) is listed


def test_filters_by_provider_and_stream_and_sorts(client_for, officer):
    alpha, beta = OrganisationFactory(name="Alpha Trust"), OrganisationFactory(name="Beta CIC")
    victims, youth = funded_stream("Victims"), funded_stream("Youth")
    create_contract(
        details=contract_details(reference="C-A", provider=alpha, stream=victims),
        created_by=officer,
    )
    create_contract(
        details=contract_details(reference="C-B", provider=beta, stream=youth),
        created_by=officer,
    )
    client = client_for(officer)
    body = _listed(client, provider=str(alpha.pk))
    assert "C-A" in body and "C-B" not in body
    body = _listed(client, stream=str(youth.pk))
    assert "C-B" in body and "C-A" not in body
    body = _listed(client, sort="-provider")
    assert body.index("C-B") < body.index("C-A")
    body = _listed(client, sort="provider")
    assert body.index("C-A") < body.index("C-B")
    body = _listed(client, ending_within="1e40")  # a bad filter is shown, not a 500
    assert "C-A" in body


def _contract_addresses(pk: int) -> list[str]:
    """Every address under /contracts/<pk>/ (read from the URL conf, so a new one is walked too)."""
    patterns = [
        p
        for p in commissioning_urls.urlpatterns
        if str(p.pattern).startswith("contracts/<int:pk>/")
    ]
    assert len(patterns) == 16  # detail, 11 contract actions, 4 option actions
    return [
        reverse(
            f"commissioning:{p.name}",
            kwargs={"pk": pk, **({"number": 1} if "<int:number>" in str(p.pattern) else {})},
        )
        for p in patterns
    ]


def test_every_contract_address_is_404_to_another_provider_and_asks_strangers_to_sign_in(
    client, client_for, officer, other_provider_user, organisation
):
    contract = active_contract(officer, provider=organisation)
    addresses = _contract_addresses(contract.pk)
    for url in addresses:
        assert client.get(url).status_code == 302, url
        assert "/accounts/login/" in client.get(url)["Location"], url
        assert client.post(url, {}).status_code == 302, url
    other = client_for(other_provider_user)
    for url in addresses:
        assert other.get(url).status_code in (404, 405), url
        assert other.post(url, {"confirm": "on"}).status_code == 404, url
    assert other.get(reverse("commissioning:contract_list")).status_code == 200
    assert contract.reference not in _listed(other)
    assert contract.reference not in _listed(other, format="csv")
