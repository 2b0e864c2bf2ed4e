"""The public transparency page and open-data download, and each role's home page."""

import csv
import io
import re

import pytest
from django.urls import reverse

from approvals.services import sign_decision_notice
from grants import services
from grants.models import Grant
from tests.grants.factories import FundingStreamFactory, budget, make_grant

pytestmark = pytest.mark.django_db


def approved_grant(officer, commissioner, **kwargs):
    stream = FundingStreamFactory()
    budget(stream, 2025, "100000.00")
    grant = make_grant(officer, stream=stream, **kwargs)
    notice = services.draft_decision_notice_for_grant(grant=grant, drafted_by=officer)
    services.submit_grant_for_decision(grant=Grant.objects.get(pk=grant.pk), submitted_by=officer)
    sign_decision_notice(notice=notice, signed_by=commissioner)
    return Grant.objects.select_related("decision_notice").get(pk=grant.pk)


def test_public_page_shows_signed_awards_and_hides_drafts(client, officer, commissioner):
    published = approved_grant(officer, commissioner, title="Published award")
    make_grant(officer, stream=FundingStreamFactory(), title="Secret draft")
    response = client.get(reverse("transparency"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Published award" in page and published.decision_notice.number in page
    assert "Secret draft" not in page


@pytest.mark.parametrize("size", [2, 12])
def test_public_page_query_count_is_constant(
    client, officer, commissioner, size, django_assert_max_num_queries
):
    for i in range(size):
        approved_grant(officer, commissioner, title=f"Award {i}")
    with django_assert_max_num_queries(9):  # the data's version, two counts, two pages
        cold = client.get(reverse("transparency"))
    with django_assert_max_num_queries(3):  # the version only: the tables come from the cache
        warm = client.get(reverse("transparency"))
    assert cold.status_code == warm.status_code == 200
    # The same page, apart from each response's own CSP nonce.
    nonce = re.compile(rb'nonce="[^"]*"')
    assert nonce.sub(b"", cold.content) == nonce.sub(b"", warm.content)


def test_cached_page_shows_a_newly_signed_award_at_once(client, officer, commissioner):
    approved_grant(officer, commissioner, title="First award")
    assert "First award" in client.get(reverse("transparency")).content.decode()
    approved_grant(officer, commissioner, title="Second award")
    page = client.get(reverse("transparency")).content.decode()
    assert "First award" in page and "Second award" in page


def test_cached_page_drops_a_withdrawn_award(client, officer, commissioner):
    grant = approved_grant(officer, commissioner, title="Soon withdrawn")
    award_row = "<strong>Soon withdrawn</strong>"  # its signed notice stays public
    assert award_row in client.get(reverse("transparency")).content.decode()
    services.change_grant_state(grant=grant, action="withdraw", actor=officer, reason="No longer")
    assert award_row not in client.get(reverse("transparency")).content.decode()


def test_open_data_csv_is_360giving_shaped_and_formula_safe(client, officer, commissioner):
    approved_grant(officer, commissioner, title='=HYPERLINK("http://x")')
    response = client.get(reverse("transparency_grants_csv"))
    assert response["Content-Type"].startswith("text/csv")
    assert response.streaming
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 1
    row = rows[0]
    assert row["Currency"] == "GBP" and row["Amount Awarded"] == "1000.00"
    assert row["Title"].startswith("'=")
    assert row["Decision Notice"].startswith("CPCC ")


@pytest.mark.parametrize(
    ("fixture", "heading"),
    [
        ("officer", "Grants awaiting decision"),
        ("commissioner", "Decisions to sign"),
        ("finance_approver", "Finance approvals"),
        ("provider_user", "Our Provider Trust"),
        ("evaluator", "Evaluation panels"),
    ],
)
def test_role_home_pages(request, client_for, fixture, heading):
    response = client_for(request.getfixturevalue(fixture)).get(reverse("dashboards:home"))
    assert response.status_code == 200
    assert heading in response.content.decode()


@pytest.mark.parametrize(("committed", "listed"), [("900.00", False), ("900.01", True)])
def test_officer_sees_streams_over_ninety_percent(client_for, officer, committed, listed):
    from django.utils import timezone

    from core.financial_years import FinancialYear

    year = FinancialYear.containing(timezone.localdate())
    stream = FundingStreamFactory(name="Nearly spent stream")
    budget(stream, year.start_year, "1000.00")
    grant = make_grant(
        officer, stream=stream, total=committed, start=year.first_day, end=year.last_day
    )
    services.draft_decision_notice_for_grant(grant=grant, drafted_by=officer)
    services.submit_grant_for_decision(grant=Grant.objects.get(pk=grant.pk), submitted_by=officer)
    page = client_for(officer).get(reverse("dashboards:home")).content.decode()
    assert ("Nearly spent stream" in page) is listed


@pytest.mark.parametrize(("amount", "listed"), [("100.00", False), ("100.01", True)])
def test_finance_sees_drafts_beyond_a_budget(client_for, officer, finance_approver, amount, listed):
    stream = FundingStreamFactory()
    budget(stream, 2025, "100.00")
    make_grant(officer, stream=stream, total=amount, title="Edge of budget")
    page = client_for(finance_approver).get(reverse("dashboards:home")).content.decode()
    assert ("Edge of budget" in page) is listed


def test_an_override_takes_a_draft_off_the_finance_list(client_for, officer, finance_approver):
    from tests.grants.factories import agree_override

    stream = FundingStreamFactory()
    budget(stream, 2025, "100.00")
    grant = make_grant(officer, stream=stream, total="150.00", title="Needs override")
    agree_override(
        grant, stream=stream, start_year=2025, amount="50.00", approved_by=finance_approver
    )
    page = client_for(finance_approver).get(reverse("dashboards:home")).content.decode()
    assert "Needs override" not in page


@pytest.mark.parametrize("size", [2, 40])
def test_finance_home_query_count_is_constant(
    client_for, officer, finance_approver, size, django_assert_max_num_queries
):
    stream = FundingStreamFactory()
    budget(stream, 2025, "10.00")
    for i in range(size):
        make_grant(officer, stream=stream, total="20.00", title=f"Over {i}")
    client = client_for(finance_approver)
    # The funding data's version, then its sums; the approvals panel and the unread count.
    with django_assert_max_num_queries(18):
        assert client.get(reverse("dashboards:home")).status_code == 200
    with django_assert_max_num_queries(10):  # the sums come from the cache
        assert client.get(reverse("dashboards:home")).status_code == 200


@pytest.mark.parametrize("size", [3, 7])
def test_open_data_csv_streams_in_chunks_with_constant_queries_per_chunk(
    client, officer, commissioner, monkeypatch, size, django_assert_max_num_queries
):
    from dashboards import open_data

    monkeypatch.setattr(open_data, "CHUNK", 2)
    for i in range(size):
        approved_grant(officer, commissioner, title=f"Award {i}")
    response = client.get(reverse("transparency_grants_csv"))
    assert response.streaming
    chunks = (size + 1) // 2
    with django_assert_max_num_queries(2 + 2 * chunks + 1):  # streams, then rows + shares per chunk
        body = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert sorted(r["Title"] for r in rows) == [f"Award {i}" for i in range(size)]
    assert all(r["Grant Programme:Title"].startswith("Test stream") for r in rows)
    assert [r["Identifier"] for r in rows] == sorted(r["Identifier"] for r in rows)
