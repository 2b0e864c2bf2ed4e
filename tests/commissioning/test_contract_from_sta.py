"""An approved STA drafts a new contract, or adds the option it approved to an active contract
(an option an STA added is not bound by the decision deadline), in a task enqueued after the
decision commits; the task is idempotent and a periodic catch-up runs what a broker lost."""

from datetime import date
from decimal import Decimal

import pytest

from approvals.engine.services import decide_approval_request
from commissioning import tasks
from commissioning.contract_services import exercise_extension, record_provider_agreement
from commissioning.contract_terms import OptionStatus
from commissioning.models import Contract, ContractOrigin, ContractState, ExtensionOption
from notifications.models import Notification
from tests.approvals.factories import FinanceFactory

from .contract_factories import active_contract
from .factories import submitted_sta

pytestmark = pytest.mark.django_db


def approve(sta):
    """Approve, then run the task the commit enqueues (directly: tests never run Celery eagerly)."""
    decide_approval_request(
        request=sta.approval_request, decided_by=FinanceFactory(), outcome="approved"
    )
    assert tasks.apply_approved_sta(sta.approval_request_id) in {"drafted", "extended"}


def test_an_approved_sta_for_a_new_contract_drafts_it(officer):
    sta = submitted_sta(officer, "120000")  # 1 April 2027 - 31 March 2029
    assert not Contract.objects.exists()
    approve(sta)
    contract = Contract.objects.get()
    assert contract.origin == ContractOrigin.STA and contract.single_tender_action == sta
    assert contract.state == ContractState.DRAFT
    assert contract.initial_months == 24
    assert contract.annual_value == Decimal("60000.00")
    assert contract.provider_notice_months == contract.commissioner_notice_months == 3


def test_a_rejected_sta_drafts_nothing(officer):
    sta = submitted_sta(officer, "120000")
    decide_approval_request(
        request=sta.approval_request,
        decided_by=FinanceFactory(),
        outcome="rejected",
        comment="Not justified",
    )
    assert not Contract.objects.exists()


def test_an_approved_extension_sta_adds_its_option_past_the_deadline(officer):
    contract = active_contract(officer, options=(), start=date(2025, 4, 1))  # ends 31 Mar 2027
    sta = submitted_sta(
        officer,
        "40000",
        supplier=contract.provider,
        kind="extension",
        existing_contract_reference=contract.reference,
        start_date=date(2027, 4, 1),
        end_date=date(2028, 3, 31),
    )
    approve(sta)
    option = contract.option_rows()[0]
    assert option.months == 12 and option.single_tender_action == sta
    record_provider_agreement(
        option=option, agreed_by="Pat Jones", agreed_on=date(2026, 11, 1), recorded_by=officer
    )
    # After the usual deadline (30 September 2026): the STA is the authority.
    exercised = exercise_extension(option=option, exercised_by=officer, today=date(2027, 1, 10))
    assert exercised.status == OptionStatus.EXERCISED
    contract.award.refresh_from_db()
    assert contract.award.end_date == date(2028, 3, 31)
    assert contract.award.total == Decimal("120000.00")


def test_the_decision_enqueues_the_task_after_commit_only(
    officer, django_capture_on_commit_callbacks
):
    sta = submitted_sta(officer, "120000")
    with django_capture_on_commit_callbacks() as callbacks:
        decide_approval_request(
            request=sta.approval_request, decided_by=FinanceFactory(), outcome="approved"
        )
    assert not Contract.objects.exists()  # nothing until the worker runs it
    assert any("apply_approved_sta" in repr(cb) for cb in callbacks)


def test_the_task_twice_drafts_once_and_tells_the_officer_once(officer):
    sta = submitted_sta(officer, "120000")
    approve(sta)
    assert tasks.apply_approved_sta(sta.approval_request_id) == "nothing"
    assert Contract.objects.count() == 1
    told = Notification.objects.filter(recipient=officer, kind="contract_reminder")
    assert told.count() == 1 and "approved" in told.get().subject


def test_the_catch_up_applies_what_the_broker_lost_once(officer):
    sta = submitted_sta(officer, "120000")
    decide_approval_request(
        request=sta.approval_request, decided_by=FinanceFactory(), outcome="approved"
    )  # its enqueue never ran (no commit in this test): as if the broker were down
    assert tasks.catch_up_approvals()["stas"] == 1
    assert tasks.catch_up_approvals()["stas"] == 0
    assert Contract.objects.filter(single_tender_action=sta).count() == 1


def test_an_extension_sta_run_twice_adds_one_option(officer):
    contract = active_contract(officer, options=(), start=date(2025, 4, 1))
    sta = submitted_sta(
        officer,
        "40000",
        supplier=contract.provider,
        kind="extension",
        existing_contract_reference=contract.reference,
        start_date=date(2027, 4, 1),
        end_date=date(2028, 3, 31),
    )
    approve(sta)
    assert tasks.apply_approved_sta(sta.approval_request_id) == "nothing"
    assert tasks.catch_up_approvals()["stas"] == 0
    assert ExtensionOption.objects.filter(contract=contract).count() == 1


def test_an_approved_extension_tells_the_officer_when_to_exercise_it(officer):
    from .contract_factories import ready_option

    contract = active_contract(officer)  # option 1 to decide by 30 September 2027
    option = ready_option(officer, contract.option_rows()[0])
    for _ in range(2):
        tasks.tell_extensions_approved([option.approval_request_id])
    tasks.catch_up_approvals()
    told = Notification.objects.get(recipient=officer, kind="contract_reminder")
    assert "exercise it by 30 September 2027" in told.subject


def test_broker_down_never_fails_the_decision(officer, django_capture_on_commit_callbacks):
    from unittest import mock

    sta = submitted_sta(officer, "120000")
    down = mock.patch.object(
        tasks.apply_approved_sta, "apply_async", side_effect=ConnectionError("broker down")
    )
    with down as apply_async, django_capture_on_commit_callbacks(execute=True):
        decide_approval_request(
            request=sta.approval_request, decided_by=FinanceFactory(), outcome="approved"
        )
    apply_async.assert_called_once()
    sta.approval_request.refresh_from_db()
    assert sta.approval_request.state == "approved"
    assert tasks.catch_up_approvals()["stas"] == 1  # once the broker is back
