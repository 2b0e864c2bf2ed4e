"""`make run`'s demo: after seed_demo, one round of the sweeps (what beat runs in the first 30
seconds under local settings) puts reminders in the demo users' notification centres; a second
round adds nothing."""

from datetime import date

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils.module_loading import import_string

from notifications.models import Notification

pytestmark = pytest.mark.django_db


def _sweep_all(today: str) -> int:
    return sum(import_string(task)(today=today) for task in settings.DAILY_SWEEPS)


def test_demo_users_get_reminders_from_the_first_sweeps(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a: date(2026, 12, 2))
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _sweep_all("2026-12-02") > 0
    kinds = {
        (n.recipient.username, n.kind) for n in Notification.objects.select_related("recipient")
    }
    for expected in [
        ("provider", "return_reminder"),
        ("officer", "return_escalation"),
        ("chiefexec", "return_escalation"),
        ("finance", "approval_reminder"),
        ("finance", "approval_escalation"),
        ("commissioner", "approval_reminder"),
        ("officer", "contract_reminder"),
    ]:
        assert expected in kinds
    assert _sweep_all("2026-12-02") == 0


def test_local_settings_run_the_sweeps_every_30_seconds():
    import importlib

    local = importlib.import_module("config.settings.local")
    schedules = {e["task"]: e["schedule"] for e in local.CELERY_BEAT_SCHEDULE.values()}
    assert all(schedules[task] == 30.0 for task in local.DAILY_SWEEPS)
