"""Commissioning projects: stage moves refused with the list of what is missing, the route fixed on
entering Do, the notices checklist planned, ticked off and overdue, and who may do what."""

from datetime import date
from decimal import Decimal

import pytest

from commissioning import project_rules
from commissioning.errors import CommissioningError
from commissioning.models import NoticeKind, ProcurementNotice, ProjectStage
from commissioning.notice_services import (
    record_contract_signed,
    record_notice_due,
    record_notice_published,
)
from commissioning.project_selectors import overdue_notices, overdue_notices_for
from commissioning.project_services import (
    UnderstandDetails,
    move_project_on,
    start_project,
    update_plan,
)
from commissioning.route_advisor import REGULATED, SINGLE_TENDER
from tests.commissioning.project_factories import (
    plan,
    project_in_do,
    project_in_plan,
    project_in_understand,
    regulated_project_in_do,
)

pytestmark = pytest.mark.django_db


def refusal(project, actor) -> str:
    with pytest.raises(CommissioningError) as caught:
        move_project_on(project=project, actor=actor)
    project.refresh_from_db()
    return caught.value.message


def test_an_empty_understand_stage_is_refused_with_everything_missing(officer):
    project = start_project(details=UnderstandDetails(title="Hate crime support"), officer=officer)
    message = refusal(project, officer)
    for missing in (project_rules.NEED, project_rules.EVIDENCE, project_rules.CO_DEPENDENCIES):
        assert missing in message
    assert project.stage == ProjectStage.UNDERSTAND


def test_an_evidence_document_stands_for_the_notes(officer):
    project = project_in_understand(officer, evidence_notes="")
    assert project_rules.EVIDENCE in refusal(project, officer)
    project._evidence_count = 1
    assert project_rules.EVIDENCE not in project_rules.missing_for(
        project.stage_facts(), ProjectStage.UNDERSTAND
    )


def test_an_empty_plan_is_refused_with_the_list(officer):
    project = project_in_plan(officer)
    message = refusal(project, officer)
    for missing in (
        project_rules.SERVICE,
        project_rules.SCOPE,
        project_rules.SHARES,
        project_rules.MEASURES,
        project_rules.VALUE,
        project_rules.TERM,
        project_rules.CATEGORY,
        project_rules.START,
        project_rules.ROUTE,
    ):
        assert missing in message
    assert project.stage == ProjectStage.PLAN


def test_a_pilot_needs_its_reason(officer):
    project = project_in_plan(officer)
    project = update_plan(
        project=project, details=plan(scope="pilot"), actor=officer, version=project.version
    )
    assert refusal(project, officer) == (
        f"The project cannot move on yet. Still missing: {project_rules.SCOPE_REASON}."
    )


def test_a_route_the_value_does_not_allow_is_refused(officer):
    project = project_in_plan(officer)
    project = update_plan(
        project=project,
        details=plan(chosen_route="Three written quotes"),
        actor=officer,
        version=project.version,
    )
    message = refusal(project, officer)
    assert "£480,000 over 3 + 1 years needs competitive tender or more" in message
    assert project.stage == ProjectStage.PLAN


def test_entering_do_fixes_the_route_and_plans_the_notices(officer):
    project = regulated_project_in_do(officer)
    assert project.stage == ProjectStage.DO
    assert project.route == REGULATED and project.regulated
    assert "at or above the £207,720 threshold in force since 1 January 2026" in (
        project.route_explanation
    )
    assert [n.kind for n in project.notices.all()] == [
        NoticeKind.MARKET_ENGAGEMENT,
        NoticeKind.TENDER,
        NoticeKind.CONTRACT_AWARD,
        NoticeKind.CONTRACT_DETAILS,
    ]


def test_an_sta_is_allowed_at_any_value(officer):
    project = project_in_do(officer, chosen_route=SINGLE_TENDER)
    assert project.stage == ProjectStage.DO


def test_do_needs_a_contract(officer):
    project = project_in_do(officer)
    assert project_rules.PROCUREMENT in refusal(project, officer)


def test_stale_plan_is_refused(officer):
    project = project_in_plan(officer)
    update_plan(project=project, details=plan(), actor=officer, version=project.version)
    with pytest.raises(CommissioningError, match="after you opened it"):
        update_plan(project=project, details=plan(), actor=officer, version=project.version)


def test_shares_must_add_up_to_the_annual_value(officer):
    project = project_in_plan(officer)
    with pytest.raises(CommissioningError, match="add up to £120,000.00 a year"):
        update_plan(
            project=project,
            details=plan(estimated_annual_value=Decimal("130000")),
            actor=officer,
            version=project.version,
        )


def test_the_same_request_key_starts_one_project(officer):
    first = start_project(
        details=UnderstandDetails(title="A"),
        officer=officer,
        request_key="6f1c7c3e-29f5-4b7e-9b7e-1b2c3d4e5f60",
    )
    again = start_project(
        details=UnderstandDetails(title="A"),
        officer=officer,
        request_key="6f1c7c3e-29f5-4b7e-9b7e-1b2c3d4e5f60",
    )
    assert first.pk == again.pk


@pytest.mark.parametrize("role", ["finance_approver", "commissioner", "provider_user"])
def test_only_officers_run_projects(request, role):
    user = request.getfixturevalue(role)
    with pytest.raises(CommissioningError, match="Only commissioning officers"):
        start_project(details=UnderstandDetails(title="A"), officer=user)


def test_a_notice_is_ticked_off_and_the_standstill_counted(officer):
    project = regulated_project_in_do(officer)
    award = record_notice_due(
        project=project, kind=NoticeKind.CONTRACT_AWARD, due_on=date(2026, 4, 2), actor=officer
    )
    award = record_notice_published(
        notice=award, reference="FTS-2026-1", published_on=date(2026, 4, 2), recorded_by=officer
    )
    assert award.standstill_ends_on == date(2026, 4, 15)
    again = record_notice_published(
        notice=award, reference="FTS-2026-1", published_on=date(2026, 4, 2), recorded_by=officer
    )
    assert again.pk == award.pk
    with pytest.raises(CommissioningError, match="was published on 2 April 2026"):
        record_notice_published(
            notice=award, reference="FTS-2", published_on=date(2026, 4, 3), recorded_by=officer
        )


@pytest.mark.parametrize(("reference", "published_on"), [("", date(2026, 4, 2)), ("X", None)])
def test_a_notice_needs_its_reference_and_date(officer, reference, published_on):
    project = regulated_project_in_do(officer)
    notice = project.notices.get(kind=NoticeKind.TENDER)
    with pytest.raises(CommissioningError):
        record_notice_published(
            notice=notice, reference=reference, published_on=published_on, recorded_by=officer
        )


def test_signing_sets_the_light_touch_details_period(officer):
    project = project_in_do(
        officer, annual="200000", category="light_touch", chosen_route=REGULATED
    )
    notice = record_contract_signed(project=project, signed_on=date(2026, 8, 31), actor=officer)
    assert notice.kind == NoticeKind.CONTRACT_DETAILS
    assert notice.due_on == date(2026, 12, 24)


def test_overdue_notices_are_set_based(officer, officer2, django_assert_num_queries):
    project = regulated_project_in_do(officer)
    tender = project.notices.get(kind=NoticeKind.TENDER)
    record_notice_published(
        notice=tender, reference="FTS-9", published_on=date(2026, 6, 1), recorded_by=officer
    )
    with django_assert_num_queries(1):
        overdue = list(overdue_notices(date(2026, 6, 2)))
        assert [n.project.officer for n in overdue] == [officer]
    assert [n.kind for n in overdue] == [NoticeKind.MARKET_ENGAGEMENT]
    assert list(overdue_notices(date(2026, 4, 30))) == []
    assert list(overdue_notices_for(officer=officer2, today=date(2026, 6, 2))) == []
    assert ProcurementNotice.objects.count() == 4


def _approved_sta(officer):
    from approvals.engine.services import decide_approval_request
    from tests.approvals.factories import FinanceFactory
    from tests.commissioning.factories import submitted_sta

    sta = submitted_sta(officer)
    decide_approval_request(
        request=sta.approval_request, decided_by=FinanceFactory(), outcome="approved"
    )
    sta.refresh_from_db()
    return sta


def test_an_approved_sta_stands_in_and_the_project_reaches_review(officer):
    from commissioning.project_services import link_single_tender_action

    project = project_in_do(officer, chosen_route=SINGLE_TENDER)
    draft = _approved_sta(officer)
    project = link_single_tender_action(project=project, sta=draft, actor=officer)
    project = link_single_tender_action(project=project, sta=draft, actor=officer)  # again
    contract = project.contracts.get()
    assert sorted(contract.measures.values_list("metric", flat=True)) == [
        "Days to first contact",
        "Victims supported",
    ]
    project = move_project_on(project=project, actor=officer)
    assert project.stage == ProjectStage.REVIEW
    with pytest.raises(CommissioningError, match="no further stage"):
        move_project_on(project=project, actor=officer)


def test_only_an_approved_sta_stands_in(officer):
    from commissioning.project_services import link_single_tender_action
    from tests.commissioning.factories import submitted_sta

    project = project_in_do(officer, chosen_route=SINGLE_TENDER)
    with pytest.raises(CommissioningError, match="Only an approved single tender action"):
        link_single_tender_action(project=project, sta=submitted_sta(officer), actor=officer)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"estimated_annual_value": Decimal("1e40")}, "Enter an estimated annual value between"),
        ({"estimated_annual_value": Decimal("-1")}, "Enter an estimated annual value between"),
        ({"initial_months": 12, "option_months": (12, 1)}, "may not be longer than the initial"),
        ({"measures": ()}, None),  # allowed while planning; the move asks for one
    ],
)
def test_hostile_plans_are_refused_in_words(officer, overrides, message):
    project = project_in_plan(officer)
    version = project.version
    details = plan(**overrides)
    if message is None:
        update_plan(project=project, details=details, actor=officer, version=None)
        return
    with pytest.raises(CommissioningError, match=message):
        update_plan(project=project, details=details, actor=officer, version=None)
    project.refresh_from_db()
    assert project.version == version and not project.measures.exists()


@pytest.mark.parametrize(
    ("title", "message"),
    [("\x00\x00", "Enter the project's title"), ("A" * 10_000, "at most 200 characters")],
)
def test_hostile_titles(officer, title, message):
    with pytest.raises(CommissioningError, match=message):
        start_project(details=UnderstandDetails(title=title), officer=officer)


def test_the_same_metric_twice_is_refused(officer):
    from commissioning.project_services import MeasureInput

    project = project_in_plan(officer)
    twice = (MeasureInput("Victims supported", Decimal(1)), MeasureInput("victims supported ", 2))
    with pytest.raises(CommissioningError, match="listed twice"):
        update_plan(project=project, details=plan(measures=twice), actor=officer, version=None)


def test_a_plan_that_fails_at_its_last_write_leaves_nothing(officer, monkeypatch):
    from commissioning.models import ProjectOutcomeMeasure

    project = project_in_plan(officer)
    version = project.version

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(ProjectOutcomeMeasure.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        update_plan(project=project, details=plan(), actor=officer, version=None)
    project.refresh_from_db()
    assert project.version == version and project.estimated_annual_value is None
    assert not project.shares.exists()


def test_an_sta_route_plans_no_competition_notices(officer):
    project = project_in_do(officer, annual="240000", category="goods_services",
                            chosen_route=SINGLE_TENDER)  # fmt: skip
    assert [n.kind for n in project.notices.all()] == [
        NoticeKind.CONTRACT_AWARD,
        NoticeKind.CONTRACT_DETAILS,
    ]


def test_a_threshold_an_administrator_adds_applies_from_its_date(officer):
    from commissioning.models import StatutoryThreshold
    from commissioning.project_selectors import advice_for

    StatutoryThreshold.objects.create(
        effective_from=date(2028, 1, 1), category="light_touch", amount=Decimal("450000"),
        source="Test: a lower light-touch threshold from 2028",
    )  # fmt: skip
    project = project_in_plan(officer)
    for starts, route in (
        (date(2027, 12, 31), "Competitive tender"),
        (date(2028, 1, 1), REGULATED),
    ):
        project = update_plan(
            project=project, details=plan(procurement_start_date=starts), actor=officer,
            version=None,
        )  # fmt: skip
        assert advice_for(project).route == route
