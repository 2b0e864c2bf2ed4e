"""The notification centre's list is cached per user and version of their inbox: a new or newly
read notification shows on the very next request, nobody sees another's list, and each row's form
carries the reader's own CSRF token."""

from unittest import mock

import pytest
from django.urls import reverse

from approvals.fragments import CSRF_SLOT
from notifications import services
from notifications.kinds import register_kind
from notifications.models import Notification
from notifications.services import NotificationInput

KIND = register_kind("test_inbox_cache", "Test inbox reminders").key


@pytest.fixture(autouse=True)
def _no_broker():
    with mock.patch.object(services, "enqueue_delivery"):
        yield


def send(user, subject: str) -> None:
    services.notify_many(items=[NotificationInput(user.pk, KIND, subject, f"{user.pk}-{subject}")])


def test_a_new_notification_shows_on_the_next_request(client_for, officer):
    send(officer, "First reminder")
    client = client_for(officer)
    assert "First reminder" in client.get(reverse("notifications:list")).text
    send(officer, "Second reminder")
    second = client.get(reverse("notifications:list")).text
    assert "Second reminder" in second and "First reminder" in second


def test_a_notification_read_elsewhere_shows_read_on_the_next_request(client_for, officer):
    send(officer, "Read me")
    client = client_for(officer)
    assert "Mark as read<span" in client.get(reverse("notifications:list")).text
    services.mark_read(notification_id=Notification.objects.get().pk, user=officer)
    assert "Mark as read<span" not in client.get(reverse("notifications:list")).text


def test_the_next_page_follows_a_new_notification(client_for, officer, settings):
    settings.PAGE_SIZE = 2
    for n in range(3):
        send(officer, f"Reminder {n}")
    client = client_for(officer)
    assert "Reminder 0" in client.get(reverse("notifications:list"), {"page": 2}).text
    send(officer, "Reminder 3")  # the newest comes first: the oldest moves to page 2's end
    page_two = client.get(reverse("notifications:list"), {"page": 2}).text
    assert "Reminder 1" in page_two and "Reminder 0" in page_two
    assert "Reminder 2" not in page_two


def test_nobody_sees_another_users_cached_list(client_for, officer, officer2):
    send(officer, "Only for the first officer")
    send(officer2, "Only for the second officer")
    assert "Only for the first officer" in client_for(officer).get("/notifications/").text
    second = client_for(officer2).get("/notifications/").text
    assert "Only for the second officer" in second
    assert "Only for the first officer" not in second


def test_each_reader_gets_their_own_csrf_token_in_the_cached_rows(client_for, officer):
    send(officer, "Token check")
    client = client_for(officer)
    first = client.get(reverse("notifications:list"))
    second = client.get(reverse("notifications:list"))
    for response in (first, second):
        assert CSRF_SLOT not in response.text
        forms = response.text.count('method="post"')
        assert forms >= 2  # mark all, the row (and the header's sign out)
        assert response.text.count('name="csrfmiddlewaretoken"') == forms
