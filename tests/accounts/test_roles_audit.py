"""Issue 12 item 6: roles and provider links are audited and kept to administrators; item 5: a
superuser holds no business role."""

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.roles import Role, group_name
from providers.models import ProviderUser

pytestmark = pytest.mark.django_db


def test_adding_and_removing_a_role_is_in_the_audit_trail(make_user, administrator):
    user = make_user("t_someone")
    group = Group.objects.get(name=group_name(Role.FINANCE))
    user.groups.add(group)
    user.groups.remove(group)
    entries = [
        e.changes_dict.get("groups")
        for e in LogEntry.objects.get_for_object(user)
        if "groups" in (e.changes_dict or {})
    ]
    operations = sorted(e["operation"] for e in entries)
    assert operations == ["add", "delete"]
    assert all(group.name in e["objects"] for e in entries)


def test_an_officer_cannot_relink_a_provider_user(
    client_for, officer, provider_user, other_organisation
):
    link = ProviderUser.objects.get(user=provider_user)
    url = reverse("admin:providers_provideruser_change", args=[link.pk])
    response = client_for(officer).post(
        url, {"user": provider_user.pk, "organisation": other_organisation.pk}
    )
    assert response.status_code == 403
    link.refresh_from_db()
    assert link.organisation.name == "Our Provider Trust"
    add = client_for(officer).get(reverse("admin:providers_provideruser_add"))
    assert add.status_code == 403


def test_an_administrator_relinks_and_it_is_audited(
    client_for, make_user, provider_user, other_organisation
):
    admin_user = make_user("t_admin_super", Role.ADMINISTRATOR, is_staff=True)
    link = ProviderUser.objects.get(user=provider_user)
    url = reverse("admin:providers_provideruser_change", args=[link.pk])
    response = client_for(admin_user).post(
        url, {"user": provider_user.pk, "organisation": other_organisation.pk}
    )
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.organisation == other_organisation
    entry = LogEntry.objects.get_for_object(link).latest("timestamp")
    assert entry.actor == admin_user and "organisation" in entry.changes_dict


def test_a_superuser_holds_no_business_role(make_user):
    root = make_user("t_root", is_superuser=True, is_staff=True)
    assert not any(root.has_role(role) for role in Role)
    assert not root.is_office_staff
    root.add_role(Role.COMMISSIONER)
    assert root.has_role(Role.COMMISSIONER) and not root.has_role(Role.FINANCE)
