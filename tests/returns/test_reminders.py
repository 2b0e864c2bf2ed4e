"""Outcome return sweeps on a pinned day: reminder stages before the due date, the overdue notice,
escalation to the officer and their manager; run twice, nothing twice; queries do not grow."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.models import Notification, SweepRun
from returns import tasks
from returns.models import OutcomeReturn
from tests.returns.factories import scheduled

pytestmark = pytest.mark.django_db

DUE = date(2026, 10, 30)


@pytest.fixture
def owed(officer, organisation, provider_user):
    """One return owed by the provider, due on DUE (the others are pushed far away)."""
    returns = scheduled(
        officer, recipient=organisation, start=date(2026, 4, 1), end=date(2027, 3, 31)
    )
    OutcomeReturn.objects.filter(pk__in=[r.pk for r in returns]).update(due_date=date(2030, 1, 1))
    OutcomeReturn.objects.filter(pk=returns[0].pk).update(due_date=DUE)
    return OutcomeReturn.objects.get(pk=returns[0].pk)


def on(days: int) -> str:
    return (DUE + timedelta(days=days)).isoformat()


@pytest.mark.parametrize(
    ("days_to_due", "stages"),
    [
        (15, []),  # before the first lead time
        (14, ["14"]),
        (13, ["14"]),  # a sweep a day late still sends the 14-day reminder
        (4, ["14"]),
        (3, ["3"]),
        (0, ["3"]),  # due today
        (-1, []),  # overdue: another rule
    ],
)
def test_due_soon_stages(owed, provider_user, days_to_due, stages):
    tasks.remind_returns_due(today=on(-days_to_due))
    keys = Notification.objects.filter(recipient=provider_user).values_list(
        "idempotency_key", flat=True
    )
    assert [k.rsplit(":", 1)[1] for k in keys] == stages


def test_reminder_days_14_then_3_send_two_and_a_rerun_sends_none(owed, provider_user):
    for day in (-14, -13, -3, -3, -2):
        tasks.remind_returns_due(today=on(day))
    sent = Notification.objects.filter(recipient=provider_user, kind="return_reminder")
    assert sent.count() == 2
    assert all(n.about_date == DUE and n.link == owed.get_absolute_url() for n in sent)
    assert "30 October 2026" in sent.first().subject


@pytest.mark.parametrize(("days_over", "expected"), [(0, 0), (1, 1), (8, 1), (9, 0)])
def test_overdue_is_told_the_day_after_within_the_catch_up(
    owed, provider_user, days_over, expected
):
    tasks.tell_returns_overdue(today=on(days_over))
    assert Notification.objects.filter(recipient=provider_user).count() == expected


def test_submitted_return_is_not_chased(owed, provider_user):
    from tests.returns.factories import submitted

    submitted(owed, provider_user)
    tasks.remind_returns_due(today=on(-14))
    tasks.tell_returns_overdue(today=on(1))
    assert not Notification.objects.filter(recipient=provider_user).exists()


@pytest.mark.parametrize(("days_over", "officer_told"), [(13, False), (14, True), (21, True)])
def test_escalation_to_the_responsible_officer_at_14_days(owed, officer, days_over, officer_told):
    tasks.escalate_overdue_returns_to_officer(today=on(days_over))
    sent = Notification.objects.filter(recipient=officer, kind="return_escalation")
    assert sent.exists() is officer_told


@pytest.mark.parametrize(("days_over", "manager_told"), [(29, False), (30, True)])
def test_escalation_to_the_officers_manager_at_30_days(
    owed, officer, make_user, days_over, manager_told
):
    manager = make_user("t_manager")
    officer.line_manager = manager
    officer.save(update_fields=["line_manager"])
    tasks.escalate_overdue_returns_to_manager(today=on(days_over))
    assert Notification.objects.filter(recipient=manager).exists() is manager_told
    assert not Notification.objects.filter(recipient=officer).exists()


def test_no_manager_no_escalation_and_the_run_is_recorded(owed, officer):
    assert tasks.escalate_overdue_returns_to_manager(today=on(30)) == 0
    run = SweepRun.objects.get(name="Overdue returns: officer's manager")
    assert (run.scanned, run.created, run.error) == (1, 0, "")


def test_switched_off_rule_sends_nothing(owed, provider_user):
    from notifications.models import ReminderRule

    ReminderRule.objects.create(
        key="returns.due_soon",
        label="off",
        effective_from=date(2026, 10, 1),
        offsets="14, 3",
        unit="days_before",
        enabled=False,
        source="test",
    )
    tasks.remind_returns_due(today=on(-14))
    assert not Notification.objects.exists()
    tasks.remind_returns_due(today="2026-09-30")  # the older version still applies before
    assert not Notification.objects.exists()  # (30 days before due: outside 14 anyway)


def _queries(sweep, day) -> int:
    with CaptureQueriesContext(connection) as ctx:
        sweep(today=day)
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("sweep", "day"),
    [
        (tasks.remind_returns_due, on(-14)),
        (tasks.tell_returns_overdue, on(1)),
        (tasks.escalate_overdue_returns_to_officer, on(14)),
        (tasks.escalate_overdue_returns_to_manager, on(30)),
    ],
)
def test_query_count_does_not_grow_with_rows(officer, make_user, sweep, day):
    from providers.models import ProviderUser
    from tests.factories import OrganisationFactory

    counts = []
    for size in (1, 6):
        for i in range(size):
            org = OrganisationFactory()
            user = make_user(f"p{size}_{i}")
            ProviderUser.objects.create(user=user, organisation=org)
            returns = scheduled(
                officer, recipient=org, start=date(2026, 4, 1), end=date(2026, 9, 30)
            )
            OutcomeReturn.objects.filter(pk__in=[r.pk for r in returns]).update(due_date=DUE)
        Notification.objects.all().delete()
        counts.append(_queries(sweep, day))
    assert counts[0] == counts[1]


def test_a_contract_return_escalates_to_the_officer_who_made_the_contract(
    officer, organisation, provider_user
):
    from tests.returns.factories import contract_scheduled

    returns = contract_scheduled(officer, provider=organisation)
    OutcomeReturn.objects.filter(pk__in=[r.pk for r in returns]).update(due_date=date(2030, 1, 1))
    OutcomeReturn.objects.filter(pk=returns[0].pk).update(due_date=DUE)
    tasks.escalate_overdue_returns_to_officer(today=on(14))
    tasks.tell_returns_overdue(today=on(1))
    subjects = list(
        Notification.objects.filter(kind="return_escalation", recipient=officer).values_list(
            "subject", flat=True
        )
    )
    assert subjects == [f"Outcome return for C-0001 is 14 days overdue (due {DUE:%-d %B %Y})"]
    assert Notification.objects.filter(recipient=provider_user, kind="return_reminder").exists()
