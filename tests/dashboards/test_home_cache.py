"""The home page's panels are cached per version of their data (the money panels, the overdue
notices, the approvals count, the notices to sign): a change shows on the next request, and what is
one person's is never shown to another."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from approvals.engine.services import request_approval
from commissioning.models import NoticeKind
from commissioning.notice_services import record_notice_due, record_notice_published
from core.financial_years import FinancialYear
from grants import services
from grants.models import Grant
from tests.approvals.factories import DecisionNoticeFactory
from tests.commissioning.project_factories import regulated_project_in_do
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


def test_a_published_or_moved_notice_shows_on_the_officers_next_home_page(client_for, officer):
    project = regulated_project_in_do(officer)
    client = client_for(officer)
    home = reverse("dashboards:home")
    assert "engagement notice was due 30 April 2026" in client.get(home).content.decode()
    notice = record_notice_due(
        project=project, kind=NoticeKind.MARKET_ENGAGEMENT, due_on=date(2026, 5, 1), actor=officer
    )
    assert "engagement notice was due 1 May 2026" in client.get(home).content.decode()
    record_notice_published(
        notice=notice, reference="UK1-123", published_on=date(2026, 5, 1), recorded_by=officer
    )
    assert "engagement notice was due" not in client.get(home).content.decode()


def test_a_new_approval_request_counts_on_each_approvers_next_home_page(
    client_for, make_user, officer, finance_approver
):
    home = reverse("dashboards:home")
    waiting = "1 request is waiting for your decision"
    assert "Nothing is waiting" in client_for(finance_approver).get(home).content.decode()
    request_approval(
        kind="budget_override", value=Decimal("100"), title="Mine", requested_by=finance_approver
    )
    assert "Nothing is waiting" in client_for(finance_approver).get(home).content.decode()
    other = make_user("t_finance2", Role.FINANCE)  # the same version: another person's count
    assert waiting in client_for(other).get(home).content.decode()
    request_approval(
        kind="budget_override", value=Decimal("100"), title="Theirs", requested_by=officer
    )
    assert waiting in client_for(finance_approver).get(home).content.decode()


def test_notices_to_sign_are_each_commissioners_own(client_for, make_user, officer, commissioner):
    home = reverse("dashboards:home")
    drafter = make_user("t_officer_commissioner", Role.OFFICER, Role.COMMISSIONER)
    DecisionNoticeFactory(drafted_by=drafter, title="Drafted by the signer")
    assert "Drafted by the signer" not in client_for(drafter).get(home).content.decode()
    assert "Drafted by the signer" in client_for(commissioner).get(home).content.decode()
    DecisionNoticeFactory(drafted_by=officer, title="A second draft")
    assert "A second draft" in client_for(commissioner).get(home).content.decode()
