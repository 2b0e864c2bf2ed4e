"""The funding sweep: finance is told once when a stream is more than 90% committed for the
financial year (exactly 90% is not more); constant queries."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grants import tasks
from notifications.models import Notification
from tests.grants.factories import FundingStreamFactory, budget
from tests.returns.factories import active_grant

pytestmark = pytest.mark.django_db


def _stream_committed(officer, total: str, name: str = "Reducing crime test stream"):
    stream = FundingStreamFactory(name=name, max_single_award=None)
    budget(stream, 2026, "10000.00")
    active_grant(officer, stream=stream, total=total, start=date(2026, 4, 1), end=date(2027, 3, 31))
    return stream


@pytest.mark.parametrize(("total", "told"), [("9000.00", False), ("9000.01", True)])
def test_finance_told_over_90_percent_once(officer, finance_approver, total, told):
    _stream_committed(officer, total)
    for day in ("2026-06-01", "2026-06-02"):
        tasks.alert_streams_over_committed(today=day)
    found = Notification.objects.filter(recipient=finance_approver, kind="funding_alert")
    assert found.count() == (1 if told else 0)
    if told:
        assert "2026/27" in found.get().subject


def test_other_years_budget_is_not_this_years(officer, finance_approver):
    _stream_committed(officer, "9500.00")
    tasks.alert_streams_over_committed(today="2027-04-01")  # 2027/28 has no budget
    assert not Notification.objects.exists()


def test_query_count_does_not_grow_with_streams(officer, finance_approver):
    counts = []
    for size in (1, 4):
        for i in range(size):
            _stream_committed(officer, "9900.00", name=f"Stream {size}-{i}")
        Notification.objects.all().delete()
        with CaptureQueriesContext(connection) as ctx:
            tasks.alert_streams_over_committed(today="2026-06-01")
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
