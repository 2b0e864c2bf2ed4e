"""A notification goes from its row to a delivered e-mail through a real Celery worker (filesystem
broker locally, Redis when REDIS_URL is set)."""

import uuid

import pytest
from django.core import mail
from django.db import transaction

from notifications import services
from notifications.kinds import register_kind
from notifications.models import EmailState, Notification
from tests.core.test_tasks import wait_for, worker  # noqa: F401 (the real-worker fixture)

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

KIND = register_kind("test_worker_reminder", "Test worker reminders").key


def test_notification_is_emailed_by_a_real_worker(worker, make_user):  # noqa: F811
    user = make_user(f"w{uuid.uuid4().hex[:8]}")
    key = f"worker-{uuid.uuid4().hex}"
    with transaction.atomic():
        services.notify(recipient=user, kind=KIND, subject="Your return is due", key=key)
    wait_for(
        lambda: Notification.objects.filter(
            idempotency_key=key, email_state=EmailState.SENT
        ).exists(),
        "the worker to send the e-mail",
    )
    assert [m.subject for m in mail.outbox if user.email in m.to] == ["Your return is due"]
