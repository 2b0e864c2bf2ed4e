"""Administrators edit procurement rules in admin; STAs are read-only there."""

import pytest
from django.urls import reverse

from commissioning.models import StatutoryThreshold

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name",
    [
        "commissioning_procurementrouteband_changelist",
        "commissioning_statutorythreshold_changelist",
        "commissioning_directawardground_changelist",
        "commissioning_singletenderaction_changelist",
        "approvals_approvalband_changelist",
        "approvals_approvalrequest_changelist",
    ],
)
def test_admin_lists(client_for, administrator, name):
    assert client_for(administrator).get(reverse(f"admin:{name}")).status_code == 200


def test_administrator_adds_a_threshold_set(client_for, administrator):
    response = client_for(administrator).post(
        reverse("admin:commissioning_statutorythreshold_add"),
        {
            "effective_from": "2028-01-01",
            "category": "goods_services",
            "amount": "210000.00",
            "source": "Procurement Act 2023 thresholds from 1 January 2028",
        },
    )
    assert response.status_code == 302
    assert StatutoryThreshold.objects.filter(effective_from="2028-01-01").exists()


def test_sta_cannot_be_added_in_admin(client_for, administrator):
    response = client_for(administrator).get(reverse("admin:commissioning_singletenderaction_add"))
    assert response.status_code == 403
