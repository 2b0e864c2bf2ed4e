"""Each request's user is read with their roles and the header's unread count in one query
(accounts.backends), and what that query reads is right and current."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from accounts.backends import RequestUserBackend
from accounts.roles import Role, group_name
from notifications.models import Notification
from notifications.selectors import unread_count
from notifications.services import notify
from tests.conftest import PASSWORD


def _notify(user, n: int, *, read: int = 0) -> None:
    for i in range(n):
        notify(recipient=user, kind="test.kind", subject=f"Hello {i}", key=f"t:{user.pk}:{i}")
    ids = Notification.objects.filter(recipient=user).values_list("pk", flat=True)[:read]
    Notification.objects.filter(pk__in=list(ids)).update(read_at=timezone.now())


def test_signing_in_uses_the_backend_that_reads_roles_with_the_user(client, officer):
    client.post(reverse("accounts:login"), {"username": officer.username, "password": PASSWORD})
    assert client.session[BACKEND_SESSION_KEY] == "accounts.backends.RequestUserBackend"


@pytest.mark.parametrize(
    ("roles", "unread", "read"),
    [
        ((Role.OFFICER,), 0, 0),
        ((Role.FINANCE, Role.COMMISSIONER), 3, 1),
        ((), 2, 2),
    ],
)
def test_one_query_gives_the_user_their_roles_and_unread_count(
    make_user, django_assert_num_queries, roles, unread, read
):
    user = make_user("t_many", *roles) if roles else make_user("t_none")
    _notify(user, unread, read=read)
    with django_assert_num_queries(1):
        loaded = RequestUserBackend().get_user(user.pk)
        found_roles = {role for role in Role if loaded.has_role(role)}
        found_unread = unread_count(user=loaded)
    assert found_roles == set(roles)
    assert found_unread == unread - read
    # The same figures as counting them afresh.
    assert found_unread == Notification.objects.filter(recipient=user, read_at=None).count()


def test_a_role_taken_away_counts_from_the_next_request(officer):
    assert RequestUserBackend().get_user(officer.pk).has_role(Role.OFFICER)
    officer.groups.remove(Group.objects.get(name=group_name(Role.OFFICER)))
    assert not RequestUserBackend().get_user(officer.pk).has_role(Role.OFFICER)


def test_inactive_or_missing_users_are_not_signed_in(officer):
    officer.is_active = False
    officer.save(update_fields=["is_active"])
    assert RequestUserBackend().get_user(officer.pk) is None
    assert RequestUserBackend().get_user(10**9) is None


def test_the_header_count_follows_reading(client, officer):
    _notify(officer, 2)
    client.force_login(officer, backend="accounts.backends.RequestUserBackend")
    page = client.get(reverse("notifications:list")).content.decode()
    assert 'app-header__count">2<' in page
    client.post(reverse("notifications:mark_all_read"))
    page = client.get(reverse("notifications:list")).content.decode()
    assert "app-header__count" not in page
