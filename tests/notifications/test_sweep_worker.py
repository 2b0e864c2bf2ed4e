"""From sweep to delivered e-mail through a real Celery worker: Redis when REDIS_URL is set (a
Redis that does not answer fails the run under CI=true), the filesystem broker otherwise."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import transaction

from config.celery import app
from notifications.models import EmailState, Notification, SweepRun
from returns.models import OutcomeReturn
from returns.tasks import remind_returns_due
from tests.core.test_tasks import wait_for, worker  # noqa: F401 (the real-worker fixture)
from tests.returns.factories import scheduled

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def test_reminder_goes_from_sweep_to_delivered_email(
    worker,  # noqa: F811
    settings,
    officer,
    organisation,
    provider_user,
):
    if settings.REDIS_URL:
        assert app.conf.broker_url.startswith("redis://")
    returns = scheduled(
        officer, recipient=organisation, start=date(2026, 4, 1), end=date(2026, 9, 30)
    )
    due = date(2026, 10, 30)
    OutcomeReturn.objects.filter(pk=returns[0].pk).update(due_date=due)
    today = (due - timedelta(days=14)).isoformat()

    with transaction.atomic():
        remind_returns_due.delay_on_commit(today)
    sent = wait_for(
        lambda: Notification.objects.filter(
            recipient=provider_user, email_state=EmailState.SENT
        ).first(),
        "the sweep's reminder to be e-mailed",
    )
    assert sent.kind == "return_reminder"
    assert [m.to for m in mail.outbox if m.subject == sent.subject] == [[provider_user.email]]

    # The same sweep again (a doubled beat) sends nothing more.
    with transaction.atomic():
        remind_returns_due.delay_on_commit(today)
    wait_for(lambda: SweepRun.objects.filter(finished_at__isnull=False).count() == 2, "rerun")
    assert Notification.objects.filter(recipient=provider_user).count() == 1
    assert len([m for m in mail.outbox if m.subject == sent.subject]) == 1
