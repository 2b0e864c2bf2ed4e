"""Grant and funding stream pages: access by role, filters, forms, actions and query counts."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from grants.models import (
    Award,
    Commitment,
    FundingShare,
    FundingStream,
    Grant,
    GrantState,
    PlanTheme,
)
from tests.factories import OrganisationFactory
from tests.grants.factories import FundingStreamFactory, budget, make_grant

pytestmark = pytest.mark.django_db


def bulk_grants(n: int, *, officer, stream):
    """n grants with shares, commitments and a theme, written in a few bulk queries."""
    orgs = [OrganisationFactory(name=f"Bulk org {i}") for i in range(5)]
    awards = Award.objects.bulk_create(
        Award(
            recipient=orgs[i % 5],
            total=D("100.00"),
            start_date=date(2025, 4, 1),
            end_date=date(2026, 3, 31),
        )
        for i in range(n)
    )
    grants = Grant.objects.bulk_create(
        Grant(
            reference=f"GR-B{i:05d}",
            title=f"Bulk grant {i}",
            award=a,
            purpose="Bulk",
            created_by=officer,
            state=GrantState.ACTIVE,
        )
        for i, a in enumerate(awards)
    )
    FundingShare.objects.bulk_create(
        FundingShare(award=a, stream=stream, amount=a.total) for a in awards
    )
    Commitment.objects.bulk_create(
        Commitment(award=a, stream=stream, financial_year=2025, amount=a.total) for a in awards
    )
    theme = PlanTheme.objects.get(name="Victims")
    Grant.themes.through.objects.bulk_create(
        Grant.themes.through(grant_id=g.pk, plantheme_id=theme.pk) for g in grants
    )
    return grants


@pytest.mark.parametrize(
    ("fixture", "status"),
    [
        ("officer", 200),
        ("finance_approver", 200),
        ("commissioner", 200),
        ("administrator", 200),
        ("evaluator", 403),
        ("provider_user", 403),
    ],
)
@pytest.mark.parametrize("url_name", ["grants:grant_list", "grants:stream_list"])
def test_pages_by_role(request, client_for, fixture, status, url_name):
    user = request.getfixturevalue(fixture)
    if url_name == "grants:grant_list" and fixture == "provider_user":
        status = 200  # their own organisation's grants, read-only (issue 12 item 9)
    assert client_for(user).get(reverse(url_name)).status_code == status


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("grants:grant_list"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.parametrize(
    ("fixture", "status"),
    [("officer", 200), ("finance_approver", 403), ("commissioner", 403), ("provider_user", 403)],
)
def test_only_officers_record_grants(request, client_for, fixture, status):
    user = request.getfixturevalue(fixture)
    assert client_for(user).get(reverse("grants:grant_create")).status_code == status


def test_provider_cannot_see_its_own_grant_before_it_is_decided(
    client_for, officer, provider_user, organisation
):
    grant = make_grant(officer, stream=FundingStreamFactory(), recipient=organisation)
    response = client_for(provider_user).get(grant.get_absolute_url())
    assert response.status_code == 404  # decided grants only: tests/grants/test_provider_grants.py


@pytest.mark.parametrize("size", [10, 500])
def test_grant_list_query_count_is_constant(
    client_for, officer, django_assert_max_num_queries, size
):
    bulk_grants(size, officer=officer, stream=FundingStreamFactory())
    client = client_for(officer)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("grants:grant_list"), {"sort": "amount"})
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == size


@pytest.mark.parametrize("size", [10, 500])
def test_streams_page_query_count_is_constant(
    client_for, officer, django_assert_max_num_queries, size
):
    stream = FundingStreamFactory()
    budget(stream, 2025, "100000.00")
    bulk_grants(size, officer=officer, stream=stream)
    client = client_for(officer)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("grants:stream_list"))
    assert f"£{100000 - size * 100:,}.00" in response.content.decode()  # remaining


def test_stream_page_budget_section_shows_a_new_grant_and_income_line_at_once(client_for, officer):
    """The budget section is cached per version of the funding data: changes show next request."""
    stream = FundingStreamFactory()
    budget(stream, 2025, "100000.00")
    client = client_for(officer)
    url = reverse("grants:stream_detail", args=[stream.pk])
    assert "£100,000.00" in client.get(url).content.decode()  # remaining
    make_grant(
        officer, stream=stream, total="2500.00", start=date(2025, 4, 1), end=date(2026, 3, 31)
    )
    assert "£2,500.00" in client.get(url).content.decode()  # in draft grants
    budget(stream, 2026, "7000.00")
    assert "£7,000.00" in client.get(url).content.decode()


def test_list_filters_and_search(client_for, officer):
    youth = FundingStream.objects.get(short_name="Youth Fund")
    other = FundingStreamFactory()
    make_grant(officer, stream=youth, total="500.00", title="Skate park sessions")
    make_grant(
        officer,
        stream=other,
        total="700.00",
        title="Victim helpline",
        start=date(2026, 4, 1),
        end=date(2027, 3, 31),
    )
    client = client_for(officer)

    def titles(**params):
        response = client.get(reverse("grants:grant_list"), params)
        return [g.title for g in response.context["grants"]]

    assert titles(stream=youth.pk) == ["Skate park sessions"]
    assert titles(year="2026/27") == ["Victim helpline"]
    assert titles(q="helpline") == ["Victim helpline"]
    assert titles(state="draft", sort="amount") == ["Skate park sessions", "Victim helpline"]
    assert titles(state="active") == []
    response = client.get(reverse("grants:grant_list"), {"year": "2026-27"})
    assert "Choose a financial year from the list" in response.content.decode()


def _form_data(stream, recipient, theme, **overrides):
    data = {
        "title": "Community safety project",
        "recipient": recipient.pk,
        "purpose": "Safer streets",
        "start_date": "2025-04-01",
        "end_date": "2026-03-31",
        "total": "1500.00",
        "themes": [theme.pk],
        "conditions": "Report quarterly\nCredit the Commissioner",
        "shares-TOTAL_FORMS": "4",
        "shares-INITIAL_FORMS": "0",
        "shares-MIN_NUM_FORMS": "4",
        "shares-MAX_NUM_FORMS": "1000",
        "shares-0-funder": f"s{stream.pk}",
        "shares-0-amount": "1500.00",
        "activities-TOTAL_FORMS": "3",
        "activities-INITIAL_FORMS": "0",
        "activities-MIN_NUM_FORMS": "3",
        "activities-MAX_NUM_FORMS": "1000",
        "activities-0-description": "Street events",
        "activities-0-target": "12",
    }
    data.update(overrides)
    for name in ("start_date", "end_date"):  # GOV.UK date inputs: Day, Month, Year boxes
        if name in data:
            year, month, day = data.pop(name).split("-")
            data.update({f"{name}_day": day, f"{name}_month": month, f"{name}_year": year})
    return data


def test_create_grant_through_the_form(client_for, officer, organisation):
    stream = FundingStreamFactory()
    theme = PlanTheme.objects.get(name="Communities")
    response = client_for(officer).post(
        reverse("grants:grant_create"), _form_data(stream, organisation, theme)
    )
    grant = Grant.objects.get()
    assert response.status_code == 302 and response.url == grant.get_absolute_url()
    assert grant.state == GrantState.DRAFT
    assert [c.text for c in grant.conditions.all()] == [
        "Report quarterly",
        "Credit the Commissioner",
    ]
    assert grant.activities.get().target == 12


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"shares-0-amount": "1499.99"}, "£0.01 less than the award"),
        ({"total": "abc"}, "Enter an amount in pounds and pence, like 1,250.50"),
        ({"total": "1e40"}, "Enter an amount in pounds and pence, like 1,250.50"),
        ({"total": "1,25"}, "Enter an amount in pounds and pence, like 1,250.50"),
        ({"total": "1500.005"}, "no more than 2 decimal places"),
        ({"end_date": "2025-03-31"}, "The end date must be on or after the start date"),
        ({"themes": []}, "Choose at least one Police and Crime Plan theme"),
        ({"shares-0-funder": ""}, "Choose who pays this amount"),
    ],
)
def test_bad_input_shows_errors_and_saves_nothing(
    client_for, officer, organisation, overrides, message
):
    stream = FundingStreamFactory()
    theme = PlanTheme.objects.get(name="Communities")
    response = client_for(officer).post(
        reverse("grants:grant_create"), _form_data(stream, organisation, theme, **overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "There is a problem" in response.content.decode()
    assert not Grant.objects.exists() and not Award.objects.exists()


def test_youth_fund_maximum_in_the_form(client_for, officer, organisation):
    youth = FundingStream.objects.get(short_name="Youth Fund")
    theme = PlanTheme.objects.get(name="Communities")
    data = _form_data(youth, organisation, theme, total="2000.01", **{"shares-0-amount": "2000.01"})
    response = client_for(officer).post(reverse("grants:grant_create"), data)
    assert "no more than £2,000.00" in response.content.decode()
    assert not Grant.objects.exists()


def test_submit_action_explains_a_missing_notice(client_for, officer):
    grant = make_grant(officer, stream=FundingStreamFactory())
    client = client_for(officer)
    response = client.post(reverse("grants:grant_action", args=[grant.pk, "submit"]), follow=True)
    assert "Draft a decision notice for this grant" in response.content.decode()
    assert Grant.objects.get(pk=grant.pk).state == GrantState.DRAFT


def test_override_asked_for_through_the_page(client_for, officer, finance_approver):
    stream = FundingStreamFactory()
    budget(stream, 2025, "100.00")
    grant = make_grant(officer, stream=stream, total="150.00")
    page = client_for(officer).get(grant.get_absolute_url()).content.decode()
    assert "short by £50.00" in page and "Ask for a budget override" in page
    page = client_for(finance_approver).get(grant.get_absolute_url()).content.decode()
    assert "short by £50.00" in page and "Ask for a budget override" not in page
    response = client_for(officer).post(
        reverse("grants:grant_override", args=[grant.pk]),
        {"stream": stream.pk, "financial_year": "2025", "amount": "50.00", "reason": "Agreed"},
        follow=True,
    )
    text = response.content.decode()
    assert "Budget override asked for" in text and "Waiting for approval" in text
    assert grant.award.budget_overrides.get().amount == D("50.00")


def test_officer_pauses_a_stream(client_for, officer):
    stream = FundingStream.objects.get(short_name="Casualty Reduction")
    url = reverse("grants:stream_status", args=[stream.pk, "pause"])
    client = client_for(officer)
    assert "Why is the stream being paused?" in client.get(url).content.decode()
    refused = client.post(url, {"reason": "  "})
    assert "Enter why the stream is being paused" in refused.content.decode()
    assert FundingStream.objects.get(pk=stream.pk).status == "active"
    response = client.post(url, {"reason": "Criteria under review"}, follow=True)
    assert "takes no new awards" in response.content.decode()
    assert "Criteria under review" in response.content.decode()  # the history shows why
    stream.refresh_from_db()
    assert stream.status == "paused"


def test_grant_detail_shows_history_and_commitments(client_for, officer):
    grant = make_grant(
        officer, stream=FundingStreamFactory(), start=date(2026, 1, 1), end=date(2026, 12, 31)
    )
    page = client_for(officer).get(grant.get_absolute_url()).content.decode()
    assert "2025/26" in page and "2026/27" in page
    assert "Grant drafted" in page


def test_htmx_filter_gets_only_the_results(client_for, officer):
    make_grant(officer, stream=FundingStreamFactory(), title="Partial grant")
    client = client_for(officer)
    partial = client.get(reverse("grants:grant_list"), {"q": "Partial"}, HTTP_HX_REQUEST="true")
    full = client.get(reverse("grants:grant_list"), {"q": "Partial"})
    assert "Partial grant" in partial.content.decode() and "<html" not in partial.content.decode()
    assert "<html" in full.content.decode() and "Partial grant" in full.content.decode()


def test_officer_changes_a_draft_grant(client_for, officer, organisation):
    stream = FundingStreamFactory()
    grant = make_grant(officer, stream=stream, recipient=organisation)
    client = client_for(officer)
    page = client.get(reverse("grants:grant_edit", args=[grant.pk])).content.decode()
    assert 'value="Support for victims"' in page  # the form starts from the grant as it is
    theme = PlanTheme.objects.get(name="Victims")
    assert f'name="version" value="{grant.version}"' in page
    data = _form_data(stream, organisation, theme, title="Renamed grant")
    data["version"] = str(grant.version)
    response = client.post(reverse("grants:grant_edit", args=[grant.pk]), data)
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.title == "Renamed grant" and grant.award.total == D("1500.00")
    assert list(grant.award.commitments.values_list("amount", flat=True)) == [D("1500.00")]


def test_only_drafts_can_be_changed(client_for, officer):
    grant = make_grant(officer, stream=FundingStreamFactory())
    Grant.objects.filter(pk=grant.pk).update(state=GrantState.ACTIVE)  # arrange only
    response = client_for(officer).get(reverse("grants:grant_edit", args=[grant.pk]), follow=True)
    assert "Only a draft grant can be changed" in response.content.decode()


def test_override_shows_its_financial_year(client_for, officer, finance_approver):
    from tests.grants.factories import agree_override

    stream = FundingStreamFactory()
    budget(stream, 2025, "100.00")
    grant = make_grant(officer, stream=stream, total="150.00")
    agree_override(
        grant, stream=stream, start_year=2025, amount="50.00", approved_by=finance_approver
    )
    page = client_for(officer).get(grant.get_absolute_url()).content.decode()
    assert f"{stream} 2025/26: up to £50.00 over budget" in page
