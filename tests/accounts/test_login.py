"""Login, logout, rate limiting and role helpers."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from tests.conftest import PASSWORD


def test_login_page_renders(client, db):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert b"Sign in" in response.content


def test_login_then_home_then_logout(client, officer):
    response = client.post(
        reverse("accounts:login"), {"username": officer.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("dashboards:home")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("dashboards:home")).status_code == 302


def test_anonymous_home_redirects_to_login(client, db):
    response = client.get(reverse("dashboards:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_repeated_failed_logins_are_locked_out(client, officer):
    url = reverse("accounts:login")
    for _ in range(5):
        client.post(url, {"username": officer.username, "password": "wrong"})
    # Even the right password is refused while locked out.
    response = client.post(url, {"username": officer.username, "password": PASSWORD})
    assert response.status_code == 429
    assert b"Too many attempts to sign in" in response.content


def test_four_failures_do_not_lock_out(client, officer):
    url = reverse("accounts:login")
    for _ in range(4):
        client.post(url, {"username": officer.username, "password": "wrong"})
    response = client.post(url, {"username": officer.username, "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize("role", list(Role))
def test_role_groups_exist_after_migrate(role, db):
    from django.contrib.auth.models import Group

    assert Group.objects.filter(name=role.label).exists()


def test_officer_group_can_manage_providers(officer):
    assert officer.has_perm("providers.add_organisation")
    assert officer.has_role(Role.OFFICER)
    assert not officer.has_role(Role.FINANCE)


def test_provider_user_has_no_directory_permissions(provider_user):
    assert not provider_user.has_perm("providers.view_organisation")
    assert provider_user.is_provider_user
    assert not provider_user.is_office_staff
