"""Notifications: idempotent creation in bulk, reading, preferences, and delivery that never sends
twice and never drops a failure silently."""

from datetime import date
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications import services
from notifications.kinds import register_kind
from notifications.models import EmailState, Notification
from notifications.services import NotificationError, NotificationInput

real_enqueue = services.enqueue_delivery
REMINDER = register_kind("test_reminder", "Test reminders").key
ESCALATION = register_kind("test_escalation", "Test escalations", escalation=True).key


def item(user, key="k1", **extra):
    return NotificationInput(
        recipient_id=user.pk, kind=REMINDER, subject="Return due in 14 days", key=key, **extra
    )


@pytest.fixture(autouse=True)
def _no_broker():
    """Delivery is driven directly in these tests (a real worker is tested separately)."""
    with mock.patch.object(services, "enqueue_delivery") as enqueue:
        yield enqueue


def test_same_key_creates_one_notification(officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.notify_many(items=[item(officer)]) == 1
        assert services.notify_many(items=[item(officer), item(officer)]) == 0
    assert Notification.objects.count() == 1


def test_delivery_is_enqueued_after_commit_only(
    officer, _no_broker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.notify_many(items=[item(officer)])
    assert len(callbacks) == 1
    _no_broker.assert_not_called()
    callbacks[0]()
    _no_broker.assert_called_once()


@pytest.mark.parametrize("size", [10, 1500])
def test_bulk_creation_takes_a_few_queries_per_thousand(officer, size):
    with CaptureQueriesContext(connection) as queries:
        services.notify_many(items=[item(officer, key=f"k{n}") for n in range(size)])
    assert Notification.objects.count() == size
    # Set-based: at least 50 rows a query (SQLite caps the parameters of one statement, so its
    # inserts come in slices; PostgreSQL takes each batch of 1,000 in one).
    assert len(queries) <= 5 + size // 50


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"link": "https://evil.example/"}, "inside the service"),
        ({"link": "//evil.example/"}, "inside the service"),
        ({"link": "/\\evil.example"}, "inside the service"),
        ({"body": "x" * 5001}, "5000 characters"),
        ({"body": "a\x00b"}, "NUL"),
    ],
)
def test_hostile_input_is_refused(officer, extra, message):
    with pytest.raises(NotificationError, match=message):
        services.notify_many(items=[item(officer, **extra)])
    assert not Notification.objects.exists()


@pytest.mark.parametrize("subject", ["", "   ", "s" * 201])
def test_subject_is_required_and_bounded(officer, subject):
    bad = NotificationInput(officer.pk, REMINDER, subject, "k")
    with pytest.raises(NotificationError, match="subject"):
        services.notify_many(items=[bad])


def test_mark_read_touches_only_your_own(officer, officer2):
    services.notify_many(items=[item(officer), item(officer2, key="k2")])
    theirs = Notification.objects.get(recipient=officer2)
    assert services.mark_read(notification_id=theirs.pk, user=officer) == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert services.mark_all_read(user=officer) == 1


def test_escalations_cannot_be_switched_off(officer):
    with pytest.raises(NotificationError, match="always sent by e-mail"):
        services.set_email_preferences(user=officer, email_on={ESCALATION: False})
    services.set_email_preferences(user=officer, email_on={REMINDER: False})
    assert services.wants_email(user=officer, kind=REMINDER) is False
    assert services.wants_email(user=officer, kind=ESCALATION) is True


def _one(officer, kind=REMINDER, key="k1"):
    services.notify_many(
        items=[
            NotificationInput(
                officer.pk, kind, "Return due", key, link="/x/", about_date=date(2026, 12, 2)
            )
        ]
    )
    return Notification.objects.get(idempotency_key=key)


def test_deliver_sends_once(officer):
    notification = _one(officer)
    assert services.deliver(notification_id=notification.pk) == "sent"
    assert services.deliver(notification_id=notification.pk) == "nothing"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [officer.email]
    assert "/x/" in mail.outbox[0].body
    notification.refresh_from_db()
    assert notification.email_state == EmailState.SENT


def test_switched_off_kind_is_skipped_but_escalation_is_sent(officer):
    services.set_email_preferences(user=officer, email_on={REMINDER: False})
    reminder = _one(officer)
    escalation = _one(officer, kind=ESCALATION, key="k2")
    assert services.deliver(notification_id=reminder.pk) == "skipped"
    assert services.deliver(notification_id=escalation.pk) == "sent"
    assert len(mail.outbox) == 1


def test_failing_delivery_is_retried_then_marked_failed_never_dropped(officer, settings):
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    notification = _one(officer)
    with mock.patch.object(services, "send_mail", side_effect=OSError("mail server down")):
        assert services.deliver(notification_id=notification.pk) == "retry"
        notification.refresh_from_db()
        assert notification.email_state == EmailState.PENDING
        assert notification.next_attempt_at is not None
        assert services.deliver(notification_id=notification.pk) == "nothing"  # backoff not over
        for _ in range(2):
            Notification.objects.filter(pk=notification.pk).update(next_attempt_at=None)
            outcome = services.deliver(notification_id=notification.pk)
    assert outcome == "failed"
    notification.refresh_from_db()
    assert notification.email_state == EmailState.FAILED
    assert "mail server down" in notification.last_error
    assert services.due_for_delivery() == []


def test_worker_killed_mid_delivery_leaves_it_pending_then_sends_exactly_once(officer):
    notification = _one(officer)

    class Killed(BaseException):
        pass

    with mock.patch.object(services, "send_mail", side_effect=Killed()), pytest.raises(Killed):
        services.deliver(notification_id=notification.pk)
    notification.refresh_from_db()
    assert notification.email_state == EmailState.PENDING
    assert services.due_for_delivery() == [notification.pk]
    from notifications.tasks import deliver_pending_notifications

    assert deliver_pending_notifications() == {"sent": 1}
    assert deliver_pending_notifications() == {}
    assert len(mail.outbox) == 1


def test_broker_down_never_fails_the_request_and_the_sweep_delivers_later(
    officer, _no_broker, django_capture_on_commit_callbacks
):
    from notifications.tasks import deliver_notifications, deliver_pending_notifications

    _no_broker.side_effect = real_enqueue
    down = mock.patch.object(
        deliver_notifications, "apply_async", side_effect=ConnectionError("broker down")
    )
    with down as apply_async, django_capture_on_commit_callbacks(execute=True):
        assert services.notify_many(items=[item(officer)]) == 1
    apply_async.assert_called_once()
    assert mail.outbox == []
    assert deliver_pending_notifications() == {"sent": 1}  # once the broker is back
    assert len(mail.outbox) == 1


def test_retry_failed_puts_it_back_and_records_who(officer, administrator):
    notification = _one(officer)
    Notification.objects.filter(pk=notification.pk).update(email_state=EmailState.FAILED)
    assert services.retry_failed(notification_ids=[notification.pk], actor=administrator) == 1
    notification.refresh_from_db()
    assert notification.email_state == EmailState.PENDING
    from auditlog.models import LogEntry

    assert LogEntry.objects.filter(
        object_pk=str(notification.pk), additional_data__event="notification_retried"
    ).exists()


def test_recording_sweep_keeps_counts_and_errors(db):
    from notifications.models import SweepRun

    with services.recording_sweep("returns_due") as run:
        run.scanned, run.created = 120, 4
    with pytest.raises(RuntimeError), services.recording_sweep("returns_due"):
        raise RuntimeError("boom")
    first, second = SweepRun.objects.order_by("pk")
    assert (first.scanned, first.created, first.error) == (120, 4, "")
    assert "boom" in second.error and second.finished_at is not None
