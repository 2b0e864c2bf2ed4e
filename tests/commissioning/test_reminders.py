"""Contract sweeps on a pinned day: option deadlines 6 and 3 months ahead and when one passes,
re-commissioning alerts, three-monthly meetings and overdue actions; nothing twice; constant
queries."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commissioning import tasks
from commissioning.contract_services import ActionInput, record_meeting
from notifications.models import Notification
from tests.commissioning.contract_factories import active_contract

pytestmark = pytest.mark.django_db

# START 1 April 2026 + 24 months: the initial term ends 31 March 2028, so option 1 must be
# decided by 30 September 2027 (the policy's 6 months' lead).


def sent(user, rule: str) -> list[str]:
    keys = Notification.objects.filter(recipient=user).values_list("idempotency_key", flat=True)
    return [k for k in keys if k.startswith(rule)]


@pytest.mark.parametrize(
    ("day", "stages"),
    [
        ("2027-03-29", []),
        ("2027-03-30", ["6"]),  # 6 months before the deadline
        ("2027-06-29", ["6"]),
        ("2027-06-30", ["3"]),  # 3 months before
        ("2027-09-30", ["3"]),  # the deadline itself
        ("2027-10-01", []),  # passed: the lapse rule's turn
    ],
)
def test_option_deadline_stages(officer, day, stages):
    active_contract(officer)
    tasks.remind_option_deadlines(today=day)
    assert [k.rsplit(":", 1)[1] for k in sent(officer, "contracts.option_deadline")] == stages


def test_option_reminders_run_twice_send_once_each(officer):
    active_contract(officer)
    for day in ("2027-03-30", "2027-03-30", "2027-04-02", "2027-06-30", "2027-07-01"):
        tasks.remind_option_deadlines(today=day)
    assert len(sent(officer, "contracts.option_deadline")) == 2


@pytest.mark.parametrize(("day", "told"), [("2027-09-30", False), ("2027-10-01", True)])
def test_lapsed_deadline_is_told_the_day_after(officer, day, told):
    active_contract(officer)
    tasks.tell_lapsed_options(today=day)
    tasks.tell_lapsed_options(today=day)
    assert len(sent(officer, "contracts.option_lapsed")) == (1 if told else 0)


@pytest.mark.parametrize(
    ("options", "day", "alerted"),
    [
        ((), "2027-06-29", False),
        ((), "2027-06-30", True),  # 9 months before 31 March 2028
        ((12,), "2027-06-30", False),  # an option is still to decide
    ],
)
def test_recommissioning_alert_when_no_options_left(officer, options, day, alerted):
    active_contract(officer, options=options)
    tasks.alert_recommissioning(today=day)
    tasks.alert_recommissioning(today=day)
    assert len(sent(officer, "contracts.recommission")) == (1 if alerted else 0)


@pytest.mark.parametrize(("day", "reminded"), [("2026-06-15", False), ("2026-06-16", True)])
def test_meeting_due_within_14_days(officer, day, reminded):
    active_contract(officer)
    tasks.remind_meetings_due(today=day)
    assert len(sent(officer, "contracts.meeting_due")) == (1 if reminded else 0)


def test_meeting_held_in_the_quarter_stops_the_reminder_and_overdue_actions_are_told(officer):
    contract = active_contract(officer)
    record_meeting(
        contract=contract,
        held_on=date(2026, 6, 10),
        attendees="Olive, the provider",
        notes="Quarterly review",
        actions=[ActionInput("Send the referral figures", "Provider", date(2026, 7, 10))],
        recorded_by=officer,
    )
    tasks.remind_meetings_due(today="2026-06-20")
    assert sent(officer, "contracts.meeting_due") == []
    tasks.tell_overdue_meeting_actions(today="2026-07-10")
    assert sent(officer, "contracts.meeting_action_overdue") == []
    tasks.tell_overdue_meeting_actions(today="2026-07-11")
    tasks.tell_overdue_meeting_actions(today="2026-07-12")
    assert len(sent(officer, "contracts.meeting_action_overdue")) == 1


@pytest.mark.parametrize(
    ("sweep", "day"),
    [
        (tasks.remind_option_deadlines, "2027-03-30"),
        (tasks.tell_lapsed_options, "2027-10-01"),
        (tasks.alert_recommissioning, "2027-06-30"),
        (tasks.remind_meetings_due, "2026-06-16"),
        (tasks.tell_overdue_meeting_actions, "2026-07-11"),
    ],
)
def test_query_count_does_not_grow_with_contracts(officer, sweep, day):
    counts = []
    for size in (2, 6):
        for i in range(size):
            contract = active_contract(
                officer, reference=f"C-{size}-{i}", options=(12,) if i % 2 else ()
            )
            record_meeting(
                contract=contract,
                held_on=date(2026, 4, 2),
                attendees="Olive",
                notes="Start-up",
                actions=[ActionInput("Agree the forms", "Olive", date(2026, 7, 10))],
                recorded_by=officer,
            )
        Notification.objects.all().delete()
        with CaptureQueriesContext(connection) as ctx:
            sweep(today=day)
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize(
    ("day", "told"),
    [
        ("2027-05-03", False),  # due today: not yet overdue
        ("2027-05-04", True),  # the day after
        ("2027-05-11", True),  # a late run within the catch-up window still tells
        ("2027-05-12", False),  # beyond it: left alone
    ],
)
def test_an_unpublished_procurement_notice_is_told_the_day_after_it_was_due(officer, day, told):
    from commissioning.models import NoticeKind
    from commissioning.notice_services import record_notice_due
    from tests.commissioning.project_factories import regulated_project_in_do

    project = regulated_project_in_do(officer)
    project.notices.all().delete()
    record_notice_due(
        project=project, kind=NoticeKind.TENDER, due_on=date(2027, 5, 3), actor=officer
    )
    tasks.tell_overdue_procurement_notices(today=day)
    tasks.tell_overdue_procurement_notices(today=day)  # twice: nothing more
    assert len(sent(officer, "projects.notice_overdue")) == (1 if told else 0)


def test_a_published_notice_is_not_chased(officer):
    from commissioning.models import NoticeKind
    from commissioning.notice_services import record_notice_due, record_notice_published
    from tests.commissioning.project_factories import regulated_project_in_do

    project = regulated_project_in_do(officer)
    project.notices.all().delete()
    notice = record_notice_due(
        project=project, kind=NoticeKind.TENDER, due_on=date(2027, 5, 3), actor=officer
    )
    record_notice_published(
        notice=notice, reference="FTS-2027-1", published_on=date(2027, 5, 3), recorded_by=officer
    )
    tasks.tell_overdue_procurement_notices(today="2027-05-04")
    assert sent(officer, "projects.notice_overdue") == []
