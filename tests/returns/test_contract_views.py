"""Contract returns on the pages: the contract's page shows its returns and a chart per output,
its own returns page, the portal's award list, the queue's stream and officer filters, compliance."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from returns import services
from returns.models import OutcomeReturn
from returns.selectors import compliance_by_stream
from tests.returns.factories import contract_scheduled, scheduled, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract_return(officer, organisation, provider_user):
    r = contract_scheduled(officer, provider=organisation)[0]
    return submitted(r, provider_user)


def test_contract_page_shows_its_returns_and_a_chart_per_output(
    client_for, officer, contract_return
):
    page = client_for(officer).get(contract_return.contract.get_absolute_url()).content.decode()
    assert 'id="outcome-returns"' in page
    assert "C-0001 return 1" in page and "People supported" in page and "<svg" in page


def test_a_contract_without_returns_shows_no_returns_section(client_for, officer):
    from tests.returns.factories import let_contract

    contract = let_contract(officer)
    page = client_for(officer).get(contract.get_absolute_url()).content.decode()
    assert 'id="outcome-returns"' not in page


def test_contract_returns_page_and_portal(client_for, provider_user, contract_return):
    provider = client_for(provider_user)
    url = reverse("returns:contract_returns", args=[contract_return.contract_id])
    page = provider.get(url).content.decode()
    assert "Outcome returns for Independent domestic violence advisers" in page and "<svg" in page
    portal = provider.get(reverse("returns:portal")).content.decode()
    assert url in portal and "C-0001" in portal
    detail = provider.get(contract_return.get_absolute_url()).content.decode()
    assert url in detail


def test_queue_filters_by_officer_and_stream_across_grants_and_contracts(
    client_for, officer, officer2, organisation, provider_user, contract_return
):
    grant_return = submitted(scheduled(officer2, recipient=organisation)[0], provider_user)
    staff = client_for(officer)
    queue = reverse("returns:queue")
    page = staff.get(queue).content.decode()
    assert "C-0001 return 1" in page and f"{grant_return.award_reference} return 1" in page
    assert "Olive" in page and "Otto" in page  # the officer filter's choices

    page = staff.get(f"{queue}?officer={officer.pk}").content.decode()
    assert "C-0001 return 1" in page and grant_return.award_reference not in page
    page = staff.get(f"{queue}?officer={officer2.pk}").content.decode()
    assert "C-0001" not in page and grant_return.award_reference in page

    stream = contract_return.contract.award.shares.get().stream
    page = staff.get(f"{queue}?stream={stream.pk}").content.decode()
    assert "C-0001 return 1" in page and grant_return.award_reference not in page

    page = staff.get(queue, {"provider_name": "our PROVIDER"}).content.decode()
    assert "C-0001 return 1" in page and grant_return.award_reference in page
    page = staff.get(queue, {"provider_name": "Somebody else"}).content.decode()
    assert "C-0001" not in page and "0 returns waiting" in page
    page = staff.get(queue, {"provider_name": "Our\x00"}).content.decode()
    assert "Search for a provider using letters" in page


def test_compliance_counts_contract_returns(officer, provider_user, contract_return):
    services.accept_return(outcome_return=contract_return, reviewed_by=officer)
    stream = contract_return.contract.award.shares.get().stream
    OutcomeReturn.objects.filter(pk=contract_return.pk).update(
        submitted_at=datetime(2026, 10, 31, 12, tzinfo=UTC)  # the day after it was due: late
    )
    [row] = compliance_by_stream(user=officer, today=date(2026, 10, 1))
    assert row.stream == stream.name
    # four returns: the first accepted, submitted after its due date (30 October), three to come
    assert (row.total, row.due, row.submitted, row.late, row.accepted) == (4, 3, 0, 1, 1)
    OutcomeReturn.objects.filter(pk=contract_return.pk).update(
        submitted_at=datetime(2026, 10, 30, 12, tzinfo=UTC)  # on the due date: not late
    )
    [row] = compliance_by_stream(user=officer, today=date(2026, 10, 1))
    assert row.late == 0


@pytest.mark.parametrize(
    ("due", "year", "counted"),
    [
        (date(2027, 3, 31), "2026/27", 2),
        (date(2027, 4, 1), "2026/27", 1),
        (date(2027, 4, 1), "2027/28", 1),
        (date(2027, 3, 31), "2027/28", 0),
    ],
)
def test_compliance_is_for_the_returns_due_in_a_financial_year(
    client_for, officer, organisation, due, year, counted
):
    from core.financial_years import FinancialYear

    first, second = contract_scheduled(officer, provider=organisation, initial=12, options=())
    assert first.due_date == date(2026, 10, 30)
    OutcomeReturn.objects.filter(pk=second.pk).update(due_date=due)
    chosen = FinancialYear.from_label(year)
    rows = compliance_by_stream(user=officer, today=date(2026, 10, 1), year=chosen)
    assert sum(r.total for r in rows) == counted
    assert sum(r.total for r in compliance_by_stream(user=officer, today=date(2026, 10, 1))) == 2
    page = client_for(officer).get(reverse("returns:compliance"), {"year": year}).content.decode()
    assert f"Returns due in {year}" in page


def test_contract_page_returns_section_follows_a_review_at_once(
    client_for, officer, officer2, contract_return
):
    """The section is kept under the returns' data version: an acceptance shows on the next
    request, and the provider's own view of it is never the office's cached copy."""
    url = contract_return.contract.get_absolute_url()
    staff = client_for(officer2)
    assert "Accepted" not in staff.get(url).content.decode()
    services.accept_return(outcome_return=contract_return, reviewed_by=officer2)
    assert "Accepted" in staff.get(url).content.decode()
