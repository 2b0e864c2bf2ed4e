"""Notification centre pages: your own only (404 otherwise), mark read, e-mail choices, and the
administrators' operations page."""

from unittest import mock

import pytest
from django.urls import reverse

from notifications import services
from notifications.kinds import register_kind
from notifications.models import EmailPreference, EmailState, Notification
from notifications.services import NotificationInput

KIND = register_kind("test_view_reminder", "Test view reminders").key


@pytest.fixture(autouse=True)
def _no_broker():
    with mock.patch.object(services, "enqueue_delivery"):
        yield


def make(user, n=1, link="/funding/"):
    services.notify_many(
        items=[
            NotificationInput(user.pk, KIND, f"Reminder {i}", f"{user.pk}-{i}", link=link)
            for i in range(n)
        ]
    )


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_list_shows_only_your_own(client_for, officer, officer2):
    make(officer)
    services.notify_many(items=[NotificationInput(officer2.pk, KIND, "Not yours", "other")])
    response = client_for(officer).get(reverse("notifications:list"))
    assert response.status_code == 200
    assert "Reminder 0" in response.text
    assert "Not yours" not in response.text
    assert 'app-header__count">1' in response.text


def test_empty_state(client_for, provider_user):
    response = client_for(provider_user).get(reverse("notifications:list"))
    assert "You have no notifications yet" in response.text


def test_open_marks_read_and_goes_to_the_page(client_for, officer):
    make(officer)
    notification = Notification.objects.get()
    response = client_for(officer).get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302 and response["Location"] == "/funding/"
    notification.refresh_from_db()
    assert notification.read_at is not None


@pytest.mark.parametrize("name", ["notifications:open", "notifications:mark_read"])
def test_someone_elses_notification_is_404(client_for, officer, officer2, name):
    make(officer2)
    notification = Notification.objects.get()
    client = client_for(officer)
    response = client.post(reverse(name, args=[notification.pk]))
    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read(client_for, officer):
    make(officer, 3)
    response = client_for(officer).post(reverse("notifications:mark_all_read"), follow=True)
    assert "3 notifications marked as read" in response.text
    assert not Notification.objects.unread().exists()


@pytest.mark.parametrize("size", [3, 60])
def test_list_query_count_does_not_grow(client_for, officer, size, django_assert_max_num_queries):
    make(officer, size)
    client = client_for(officer)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("notifications:list"))
    assert response.status_code == 200


def test_preferences_switch_email_off(client_for, officer):
    client = client_for(officer)
    page = client.get(reverse("notifications:preferences"))
    assert "Test view reminders" in page.text
    response = client.post(reverse("notifications:preferences"), {"kinds": []}, follow=True)
    assert "Your e-mail choices are saved" in response.text
    assert EmailPreference.objects.get(user=officer, kind=KIND).email is False


def test_preferences_refuse_unknown_kinds_plainly(client_for, officer):
    response = client_for(officer).post(
        reverse("notifications:preferences"), {"kinds": ["nope\x00", "x" * 10000]}
    )
    assert response.status_code == 200
    assert "Choose from the kinds of notification listed" in response.text
    assert not EmailPreference.objects.exists()


def test_operations_is_for_administrators_only(client_for, officer, administrator):
    assert client_for(officer).get(reverse("notifications:operations")).status_code == 403
    assert client_for(administrator).get(reverse("notifications:operations")).status_code == 200


def test_operations_retry_sends_failed_again(client_for, officer, administrator):
    make(officer)
    notification = Notification.objects.get()
    Notification.objects.filter(pk=notification.pk).update(email_state=EmailState.FAILED)
    client = client_for(administrator)
    response = client.post(
        reverse("notifications:operations_retry"),
        {"notification": [str(notification.pk), "9" * 30, "abc"]},
        follow=True,
    )
    assert "1 failed e-mail sent again" in response.text
    notification.refresh_from_db()
    assert notification.email_state == EmailState.PENDING


def test_delivery_counts_are_exact_for_waiting_and_failed_and_cached_for_settled(officer):
    from notifications.selectors import delivery_counts

    make(officer, n=4)
    first, second, *_ = Notification.objects.order_by("pk")
    Notification.objects.filter(pk=first.pk).update(email_state=EmailState.SENT)
    assert delivery_counts()[0] == {"pending": 3, "sent": 1, "skipped": 0, "failed": 0}
    Notification.objects.filter(pk=second.pk).update(email_state=EmailState.FAILED)
    # waiting and failed, the ones to act on, at once; sent and skipped within a minute
    assert delivery_counts()[0] == {"pending": 2, "sent": 1, "skipped": 0, "failed": 1}


def test_operations_failed_list_follows_a_new_failure_and_a_retry_at_once(
    client_for, officer, administrator
):
    """The failed e-mails are cached per version of them: each change shows on the next request."""
    make(officer, n=2)
    first, second = Notification.objects.order_by("pk")
    client = client_for(administrator)
    url = reverse("notifications:operations")
    assert "No e-mail has failed." in client.get(url).text
    Notification.objects.filter(pk=first.pk).update(email_state=EmailState.FAILED)
    page = client.get(url).text
    assert f'value="{first.pk}"' in page and f'value="{second.pk}"' not in page
    Notification.objects.filter(pk=second.pk).update(
        email_state=EmailState.FAILED, last_error="Mailbox full"
    )
    assert "Mailbox full" in client.get(url).text
    Notification.objects.filter(pk=second.pk).update(attempts=5, last_error="Mailbox still full")
    assert "Mailbox still full" in client.get(url).text
    client.post(reverse("notifications:operations_retry"), {"notification": [str(first.pk)]})
    page = client.get(url).text
    assert f'value="{first.pk}"' not in page and f'value="{second.pk}"' in page
