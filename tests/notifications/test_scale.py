"""seed_scale's notifications: a year of them across the demo users (some failed for Operations)
and a year of sweep runs; the notification centre and Operations keep their query counts."""

import random
from datetime import date

import pytest
from django.conf import settings

from core.scale import ScalePlan
from notifications import scale
from notifications.models import EmailState, Notification, SweepRun

pytestmark = pytest.mark.django_db


def test_scale_seeder_writes_notifications_and_sweep_runs(officer, administrator):
    plan = ScalePlan(
        sizes={"notifications": 300},
        rng=random.Random(1),
        users={"officer": officer, "admin": administrator},
        today=date(2026, 12, 2),
        log=lambda message: None,
    )
    scale.seed(plan)
    assert Notification.objects.count() == 300
    assert Notification.objects.filter(email_state=EmailState.FAILED).exists()
    assert Notification.objects.filter(recipient=officer, read_at__isnull=True).exists()
    assert SweepRun.objects.count() == 365 * len(settings.DAILY_SWEEPS)


@pytest.mark.parametrize("size", [30, 300])
def test_centre_and_operations_queries_stay_constant(
    client_for, officer, administrator, size, django_assert_max_num_queries
):
    plan = ScalePlan(
        sizes={"notifications": size},
        rng=random.Random(2),
        users={"officer": officer, "admin": administrator},
        today=date(2026, 12, 2),
        log=lambda message: None,
    )
    scale.seed(plan)
    officer_client = client_for(officer)
    with django_assert_max_num_queries(8):
        assert officer_client.get("/notifications/?page=2").status_code == 200
    admin_client = client_for(administrator)
    with django_assert_max_num_queries(10):
        assert admin_client.get("/notifications/operations/").status_code == 200
