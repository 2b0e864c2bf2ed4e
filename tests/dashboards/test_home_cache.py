"""The home page's money panels are cached per version of the funding data: a change shows on the
next request."""

import pytest
from django.urls import reverse
from django.utils import timezone

from core.financial_years import FinancialYear
from grants import services
from grants.models import Grant
from tests.grants.factories import FundingStreamFactory, budget, make_grant

pytestmark = pytest.mark.django_db


def test_a_grant_sent_for_decision_shows_on_the_officers_next_home_page(client_for, officer):
    year = FinancialYear.containing(timezone.localdate())
    stream = FundingStreamFactory(name="Cached stream")
    budget(stream, year.start_year, "1000.00")
    client = client_for(officer)
    grant = make_grant(
        officer,
        stream=stream,
        total="950.00",
        start=year.first_day,
        end=year.last_day,
        title="Sent on the second visit",
    )
    first = client.get(reverse("dashboards:home")).content.decode()
    assert "Sent on the second visit" not in first  # a draft is not awaiting decision
    services.draft_decision_notice_for_grant(grant=grant, drafted_by=officer)
    services.submit_grant_for_decision(grant=Grant.objects.get(pk=grant.pk), submitted_by=officer)
    second = client.get(reverse("dashboards:home")).content.decode()
    assert "Sent on the second visit" in second
    assert "Cached stream" in second  # now 95% committed


def test_a_new_draft_beyond_a_budget_shows_on_finances_next_home_page(
    client_for, officer, finance_approver
):
    stream = FundingStreamFactory()
    budget(stream, 2025, "100.00")
    client = client_for(finance_approver)
    make_grant(officer, stream=stream, total="50.00", title="Within budget")
    assert "nothing waiting for you" in client.get(reverse("dashboards:home")).content.decode()
    make_grant(officer, stream=stream, total="150.00", title="Beyond budget")
    page = client.get(reverse("dashboards:home")).content.decode()
    assert "Beyond budget" in page and "nothing waiting for you" not in page
