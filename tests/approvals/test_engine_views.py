"""Approval queue pages: roles, the decision form, and constant query counts at 5 and 500 items."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from approvals.engine.models import ApprovalBand, ApprovalDecision, ApprovalRequest, ApprovalState
from approvals.engine.services import (
    COMMENT_REQUIRED,
    decide_approval_request,
    request_approval,
)

from .factories import ChiefExecutiveFactory, FinanceFactory, OfficerFactory

pytestmark = pytest.mark.django_db
WAITING = reverse("approval_queue:waiting")
DECIDED = reverse("approval_queue:decided")


def _pending(n: int, value: str = "1000", requester=None) -> list[ApprovalRequest]:
    """n pending STA requests, made in bulk (the page, not the set-up, is under test)."""
    requester = requester or OfficerFactory()
    band = (
        ApprovalBand.objects.filter(kind="sta", above_value=0).order_by("-effective_from").first()
    )
    return ApprovalRequest.objects.bulk_create(
        ApprovalRequest(
            kind="sta",
            value=Decimal(value),
            title=f"Request {i}",
            requested_by=requester,
            band_date=band.effective_from,
            band=band,
            first_role=band.first_role,
            reason="test",
        )
        for i in range(n)
    )


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.FINANCE, 200),
        (Role.CHIEF_EXECUTIVE, 200),
        (Role.COMMISSIONER, 200),
        (Role.OFFICER, 200),
        (Role.PROVIDER, 403),
        (Role.EVALUATOR, 403),
    ],
)
@pytest.mark.parametrize("url", [WAITING, DECIDED])
def test_queue_access_by_role(client_for, make_user, role, status, url):
    assert client_for(make_user("u", role)).get(url).status_code == status


def test_anonymous_goes_to_login(client):
    assert client.get(WAITING).status_code == 302


@pytest.mark.parametrize("size", [5, 500])
def test_waiting_queue_constant_queries(client_for, django_assert_max_num_queries, size):
    _pending(size)
    finance = FinanceFactory()
    client = client_for(finance)
    with django_assert_max_num_queries(9):  # 8, and the version its cached table is kept under
        response = client.get(WAITING)
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == size


@pytest.mark.parametrize("size", [5, 500])
def test_decided_queue_constant_queries(client_for, django_assert_max_num_queries, size):
    finance = FinanceFactory()
    from approvals.engine.models import ApprovalDecision

    requests = _pending(size)
    ApprovalRequest.objects.filter(pk__in=[r.pk for r in requests]).update(
        state=ApprovalState.APPROVED, decided_at="2026-12-01T10:00Z"
    )
    ApprovalDecision.objects.bulk_create(
        ApprovalDecision(
            request=r, role=Role.FINANCE, outcome="approved", decided_by=finance, band=r.band
        )
        for r in requests
    )
    client = client_for(finance)
    with django_assert_max_num_queries(9):
        response = client.get(DECIDED)
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == size


def test_queue_shows_only_what_the_user_may_decide(client_for):
    officer = OfficerFactory()
    small = request_approval(
        kind="sta", value=Decimal("1000"), title="Small one", requested_by=officer
    )
    big = request_approval(
        kind="sta", value=Decimal("300000"), title="Big one", requested_by=officer
    )
    finance_page = client_for(FinanceFactory()).get(WAITING).content.decode()
    assert "Small one" in finance_page and "Big one" in finance_page
    chief_page = client_for(ChiefExecutiveFactory()).get(WAITING).content.decode()
    assert "Small one" not in chief_page and "Big one" in chief_page
    assert small.pk != big.pk


def test_queue_filters_by_kind_and_sorts_oldest_first(client_for):
    officer = OfficerFactory()
    first = request_approval(kind="sta", value=Decimal("10"), title="First", requested_by=officer)
    request_approval(
        kind="budget_override", value=Decimal("10"), title="Override", requested_by=officer
    )
    client = client_for(FinanceFactory())
    rows = [row["request"].title for row in client.get(WAITING).context["rows"]]
    assert rows == ["First", "Override"]
    rows = [row["request"].title for row in client.get(WAITING, {"kind": "sta"}).context["rows"]]
    assert rows == [first.title]
    rows = [
        row["request"].title
        for row in client.get(WAITING, {"sort": "-requested_at"}).context["rows"]
    ]
    assert rows == ["Override", "First"]


def test_the_cached_filter_panel_follows_the_query_string(client_for):
    client = client_for(FinanceFactory())
    page = client.get(WAITING, {"kind": "sta", "sort": "value"}).content.decode()
    assert '<option value="sta" selected>' in page and 'name="sort" value="value"' in page
    page = client.get(WAITING, {"kind": "budget_override"}).content.decode()
    assert '<option value="budget_override" selected>' in page
    assert '<option value="sta" selected>' not in page and 'name="sort"' not in page
    assert "Clear filters" not in client.get(WAITING).content.decode()


def test_decide_from_the_page(client_for):
    item = request_approval(
        kind="sta", value=Decimal("1000"), title="Interpreting", requested_by=OfficerFactory()
    )
    client = client_for(FinanceFactory())
    url = reverse("approval_queue:decide", args=[item.pk])
    response = client.post(url, {"outcome": "rejected", "comment": ""})
    assert response.status_code == 200  # shown again with the error, like every form
    assert COMMENT_REQUIRED in response.content.decode()
    response = client.post(url, {"outcome": "approved"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == ApprovalState.APPROVED
    # a double click: the second post is told who decided, and nothing more is stored
    response = client.post(url, {"outcome": "approved"}, follow=True)
    assert "already approved by" in response.content.decode()
    assert item.decisions.count() == 1


def test_requester_sees_why_they_cannot_decide(client_for, make_user):
    requester = make_user("both", Role.OFFICER, Role.FINANCE)
    item = request_approval(kind="sta", value=Decimal("1000"), title="Mine", requested_by=requester)
    page = (
        client_for(requester).get(reverse("approval_queue:detail", args=[item.pk])).content.decode()
    )
    assert "segregation of duties" in page
    assert "Record my decision" not in page


def test_a_reader_made_an_author_is_shown_why_they_cannot_decide(client_for):
    item = request_approval(
        kind="sta", value=Decimal("1000"), title="Interpreting", requested_by=OfficerFactory()
    )
    reader = FinanceFactory()
    client = client_for(reader)
    url = reverse("approval_queue:detail", args=[item.pk])
    assert "Record my decision" in client.get(url).content.decode()
    item.authors.add(reader)  # nothing of the request's own version changes
    page = client.get(url).content.decode()
    assert "Record my decision" not in page and "segregation of duties" in page


def test_the_request_page_follows_a_first_approval_for_each_reader(client_for, make_user):
    item = request_approval(  # the Chief Executive, then finance: each a different person
        kind="sta", value=Decimal("200000"), title="Two roles", requested_by=OfficerFactory()
    )
    url = reverse("approval_queue:detail", args=[item.pk])
    first = make_user("both1", Role.FINANCE, Role.CHIEF_EXECUTIVE)
    second = make_user("both2", Role.FINANCE, Role.CHIEF_EXECUTIVE)
    onlooker = client_for(ChiefExecutiveFactory())
    page = onlooker.get(url).content.decode()
    assert "No decisions yet." in page and "Record my decision" in page
    decide_approval_request(request=item, decided_by=first, outcome=ApprovalState.APPROVED)
    page = onlooker.get(url).content.decode()  # still pending: only its decisions changed
    assert "No decisions yet." not in page and "Record my decision" not in page
    assert "Record my decision" in client_for(second).get(url).content.decode()
    page = client_for(first).get(url).content.decode()  # the same roles, but they decided
    assert "Record my decision" not in page and "You have already approved this" in page


def test_a_cached_request_page_reads_only_its_summary(client_for):
    item = request_approval(
        kind="sta", value=Decimal("1000"), title="Interpreting", requested_by=OfficerFactory()
    )
    client = client_for(FinanceFactory())
    url = reverse("approval_queue:detail", args=[item.pk])
    with CaptureQueriesContext(connection) as miss:
        first = client.get(url).content.decode()
    with CaptureQueriesContext(connection) as hit:
        second = client.get(url).content.decode()
    assert "Record my decision" in second and "Interpreting" in second
    decisions = ApprovalDecision._meta.db_table
    assert any(f'FROM "{decisions}"' in q["sql"] for q in miss.captured_queries)
    assert not any(f'FROM "{decisions}"' in q["sql"] for q in hit.captured_queries)
    assert len(hit.captured_queries) <= len(miss.captured_queries) - 2
    assert first.count("Interpreting") == second.count("Interpreting")


def test_unknown_request_is_404(client_for):
    assert (
        client_for(FinanceFactory()).get(reverse("approval_queue:detail", args=[999])).status_code
        == 404
    )


def test_age_is_in_working_days(client_for):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    item = _pending(1)[0]
    # Thursday 2 April 2026 (before Easter) to Tuesday 7 April 2026 is one working day.
    ApprovalRequest.objects.filter(pk=item.pk).update(
        requested_at=datetime(2026, 4, 2, 10, tzinfo=ZoneInfo("Europe/London"))
    )
    client = client_for(FinanceFactory())
    from unittest import mock

    with mock.patch.object(timezone, "localdate", wraps=timezone.localdate) as localdate:
        localdate.side_effect = lambda value=None: (
            timezone.localtime(value).date() if value else datetime(2026, 4, 7).date()
        )
        rows = client.get(WAITING).context["rows"]
    assert rows[0]["age"] == 1


def test_the_cached_table_follows_each_decision(client_for):
    """The queue's table is cached, but a decision (or a new request) shows at once."""
    first, second = _pending(2)
    ApprovalRequest.objects.filter(pk=first.pk).update(title="Interpreting for victims")
    ApprovalRequest.objects.filter(pk=second.pk).update(title="Helpline cover")
    finance = FinanceFactory()
    client = client_for(finance)
    body = client.get(WAITING).content.decode()
    assert "Interpreting for victims" in body and "Helpline cover" in body
    first = ApprovalRequest.objects.get(pk=first.pk)
    decide_approval_request(request=first, decided_by=finance, outcome=ApprovalState.APPROVED)
    body = client.get(WAITING).content.decode()
    assert "Interpreting for victims" not in body and "Helpline cover" in body
    body = client.get(DECIDED).content.decode()
    assert "Interpreting for victims" in body and "Helpline cover" not in body
    [third] = _pending(1)
    ApprovalRequest.objects.filter(pk=third.pk).update(title="Mediation licences")
    assert "Mediation licences" in client.get(WAITING).content.decode()


def test_the_cached_counts_follow_each_decision(client_for):
    """Each queue's count is kept per version of the requests: a decision moves it at once, on
    every page of the list, and one approver's count is never another's."""
    first, *_ = _pending(30)
    finance = FinanceFactory()
    client = client_for(finance)
    assert client.get(WAITING).context["page_obj"].paginator.count == 30
    assert client.get(WAITING, {"page": 2}).context["page_obj"].paginator.count == 30
    decide_approval_request(request=first, decided_by=finance, outcome=ApprovalState.APPROVED)
    assert client.get(WAITING, {"page": 2}).context["page_obj"].paginator.count == 29
    assert client.get(DECIDED).context["page_obj"].paginator.count == 1
    other = client_for(FinanceFactory())
    assert other.get(DECIDED).context["page_obj"].paginator.count == 0
    assert other.get(WAITING).context["page_obj"].paginator.count == 29
