"""Commissioning-project pages: the list at two sizes in a constant number of queries, its filters,
the detail with the route explained and the stage still needed, the forms, and who may see what."""

import random
from datetime import date

import pytest
from django.urls import reverse

from commissioning.models import CommissioningProject, ProjectStage
from commissioning.project_scale import bulk_projects
from tests.commissioning.project_factories import (
    project_in_plan,
    project_in_understand,
    regulated_project_in_do,
)
from tests.conftest import govuk_dates
from tests.grants.factories import FundingStreamFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [10, 1000])
def test_the_list_keeps_a_constant_query_count(
    client_for, officer, django_assert_max_num_queries, count
):
    stream = FundingStreamFactory(name="Victims")
    bulk_projects(
        officer=officer, count=count, rng=random.Random(1), today=date(2026, 6, 1),
        stream_id=stream.pk,
    )  # fmt: skip
    client = client_for(officer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("commissioning:project_list"), {"sort": "title"})
    assert response.status_code == 200
    assert response.content.count(b"govuk-table__row") > 10


def test_the_list_filters_by_stage_stream_officer_and_route(client_for, officer, officer2):
    mine = regulated_project_in_do(officer)
    other = project_in_understand(officer2, title="Hate crime support")
    client = client_for(officer)
    url = reverse("commissioning:project_list")
    stream = mine.shares.get().stream

    def shown(**params) -> set[str]:
        body = client.get(url, params).content.decode()
        return {p.reference for p in (mine, other) if p.reference in body}

    assert shown() == {mine.reference, other.reference}
    assert shown(stage=ProjectStage.DO) == {mine.reference}
    assert shown(stream=stream.pk) == {mine.reference}
    assert shown(officer=officer2.pk) == {other.reference}
    assert shown(route=mine.chosen_route) == {mine.reference}
    assert shown(sort="-title", stage="nonsense") == {mine.reference, other.reference}


def test_the_detail_explains_the_route_and_what_is_missing(client_for, officer):
    project = regulated_project_in_do(officer)
    body = client_for(officer).get(project.get_absolute_url()).content.decode()
    assert "£960,000 over 3 + 1 years is a goods and services contract at or above" in body
    assert "Preliminary market engagement notice" in body
    assert "Let a contract from the procurement" in body


def test_the_officer_starts_a_project_and_completes_the_plan(client_for, officer):
    client = client_for(officer)
    response = client.post(
        reverse("commissioning:project_create"),
        {"title": "Hate crime support", "need_statement": "No service", "co_dependencies": "None",
         "evidence_notes": "Survey 2026"},
    )  # fmt: skip
    project = CommissioningProject.objects.get()
    assert response.status_code == 302
    move = reverse("commissioning:project_move", args=[project.pk])
    client.post(move, {"stage": "understand"})
    client.post(move, {"stage": "understand"})  # a double click moves it once
    project.refresh_from_db()
    assert project.stage == ProjectStage.PLAN
    stream = FundingStreamFactory(name="Victims")
    data = govuk_dates(
        {
            "version": project.version,
            "service_description": "Caseworkers",
            "scope": "countywide",
            "estimated_annual_value": "50,000",
            "vat_rate": "0",
            "initial_months": "24",
            "option_months": "12",
            "category": "light_touch",
            "procurement_start_date": "2026-06-01",
            "chosen_route": "Competitive tender",
            "shares-TOTAL_FORMS": "1", "shares-INITIAL_FORMS": "0",
            "shares-0-funder": f"s{stream.pk}", "shares-0-amount": "50000",
            "measures-TOTAL_FORMS": "2", "measures-INITIAL_FORMS": "0",
            "measures-0-metric": "People supported", "measures-0-unit": "people",
            "measures-0-target": "100", "measures-0-direction": "at_least",
            "measures-1-metric": "Days to contact", "measures-1-unit": "days",
            "measures-1-target": "3", "measures-1-direction": "at_most",
        }
    )  # fmt: skip
    response = client.post(reverse("commissioning:project_plan", args=[project.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert project.measures.count() == 2
    body = client.get(project.get_absolute_url()).content.decode()
    assert "£150,000 over 2 + 1 years is a light-touch service below the £663,540" in body


def test_an_empty_plan_is_refused_with_the_list(client_for, officer):
    project = project_in_plan(officer)
    client = client_for(officer)
    response = client.post(
        reverse("commissioning:project_move", args=[project.pk]),
        {"stage": project.stage},
        follow=True,
    )
    body = response.content.decode()
    assert "The project cannot move on yet. Still missing: Describe the service" in body


def test_a_bad_plan_shows_plain_errors(client_for, officer):
    project = project_in_plan(officer)
    data = {
        "version": project.version,
        "option_months": "twelve",
        "estimated_annual_value": "1e40",
        "shares-TOTAL_FORMS": "1", "shares-INITIAL_FORMS": "0",
        "measures-TOTAL_FORMS": "1", "measures-INITIAL_FORMS": "0",
        "measures-0-metric": "A" * 10_000, "measures-0-target": "",
    }  # fmt: skip
    response = client_for(officer).post(
        reverse("commissioning:project_plan", args=[project.pk]), data
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter each extension option as a number of months" in body
    assert "This field is required" not in body


@pytest.mark.parametrize(
    ("role", "list_status", "detail_status"),
    [("provider_user", 403, 403), ("finance_approver", 200, 200)],
)
def test_who_sees_projects(client_for, officer, request, role, list_status, detail_status):
    project = project_in_understand(officer)
    client = client_for(request.getfixturevalue(role))
    assert client.get(reverse("commissioning:project_list")).status_code == list_status
    assert client.get(project.get_absolute_url()).status_code == detail_status


def test_only_officers_change_projects(client_for, officer, finance_approver):
    project = project_in_understand(officer)
    client = client_for(finance_approver)
    move = reverse("commissioning:project_move", args=[project.pk])
    response = client.post(move, {"stage": "understand"})
    assert response.status_code == 403
    assert client.get(reverse("commissioning:project_create")).status_code == 403


def test_a_notice_is_ticked_off_from_the_page(client_for, officer):
    project = regulated_project_in_do(officer)
    notice = project.notices.get(kind="tender")
    client = client_for(officer)
    url = reverse("commissioning:project_notice_published", args=[project.pk, notice.pk])
    response = client.post(url, govuk_dates({f"notice{notice.pk}-reference": "",
                                             f"notice{notice.pk}-published_on": "2026-06-01"}))  # fmt: skip
    assert response.status_code == 200
    assert "Enter the notice" in response.content.decode()
    response = client.post(url, govuk_dates({f"notice{notice.pk}-reference": "FTS-1",
                                             f"notice{notice.pk}-published_on": "2026-06-01"}))  # fmt: skip
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.reference == "FTS-1" and notice.published_on == date(2026, 6, 1)


@pytest.mark.parametrize("measures", [1, 20])
def test_the_detail_keeps_a_constant_query_count(
    client_for, officer, django_assert_max_num_queries, measures
):
    from decimal import Decimal

    from commissioning.project_services import MeasureInput, update_plan
    from tests.commissioning.project_factories import plan

    project = project_in_plan(officer)
    rows = tuple(MeasureInput(metric=f"Measure {i}", target=Decimal(i)) for i in range(measures))
    for _ in range(measures):  # history grows too
        project = update_plan(
            project=project, details=plan(measures=rows), actor=officer, version=None
        )
    client = client_for(officer)
    with django_assert_max_num_queries(16):
        response = client.get(project.get_absolute_url())
    assert response.status_code == 200
    assert f"Measure {measures - 1}" in response.content.decode()


def test_an_approved_sta_is_linked_by_its_reference(client_for, officer):
    from approvals.engine.services import decide_approval_request
    from commissioning.route_advisor import SINGLE_TENDER
    from tests.approvals.factories import FinanceFactory
    from tests.commissioning.factories import submitted_sta
    from tests.commissioning.project_factories import project_in_do

    project = project_in_do(officer, chosen_route=SINGLE_TENDER)
    waiting = submitted_sta(officer)
    client = client_for(officer)
    url = reverse("commissioning:project_link_sta", args=[project.pk])
    for bad in ("", "STA-99999", waiting.reference, "1e40", "STA-０００1"):
        response = client.post(url, {"single_tender_action": bad})
        assert response.status_code == 200
        assert "approved single tender action" in response.content.decode()
    decide_approval_request(
        request=waiting.approval_request, decided_by=FinanceFactory(), outcome="approved"
    )
    look_alike = waiting.reference.replace("0", "\uff10")  # full-width zeros
    assert client.post(url, {"single_tender_action": look_alike}).status_code == 200
    response = client.post(url, {"single_tender_action": waiting.reference.lower()})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.single_tender_action == waiting
    assert project.contracts.count() == 1
