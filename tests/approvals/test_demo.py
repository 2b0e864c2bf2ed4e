"""The demo seed: two signed notices and a draft, and a second run changes nothing."""

import pytest
from auditlog.models import LogEntry

from accounts.demo import seed_users
from approvals import demo
from approvals.models import DecisionNotice, DecisionNoticeSequence, DecisionNoticeState
from providers.demo import seed_providers

pytestmark = pytest.mark.django_db


def test_seed_is_idempotent():
    users = seed_users()
    organisations = seed_providers(users)
    first = demo.seed(users=users, organisations=organisations)
    snapshot = list(DecisionNotice.objects.order_by("pk").values())
    log_count = LogEntry.objects.count()
    sequence = list(DecisionNoticeSequence.objects.values())

    second = demo.seed(users=users, organisations=organisations)

    assert [n.pk for n in first] == [n.pk for n in second]
    assert list(DecisionNotice.objects.order_by("pk").values()) == snapshot
    assert LogEntry.objects.count() == log_count
    assert list(DecisionNoticeSequence.objects.values()) == sequence
    states = sorted(n.state for n in DecisionNotice.objects.all())
    assert states == [
        DecisionNoticeState.DRAFT,
        DecisionNoticeState.SIGNED,
        DecisionNoticeState.SIGNED,
    ]
    for notice in DecisionNotice.objects.filter(state=DecisionNoticeState.SIGNED):
        assert notice.drafted_by == users["officer"]
        assert notice.signed_by == users["commissioner"]
        assert notice.decision_text.startswith("The Commissioner approves")
