"""The operations page's table of sweeps: each sweep's latest run, found by stepping through the
names in the index, whatever the number of runs."""

from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.models import SweepRun
from notifications.selectors import latest_sweep_runs

pytestmark = pytest.mark.django_db


def _runs(name: str, hours: list[int]) -> list[SweepRun]:
    start = timezone.now() - timedelta(days=30)
    return [
        SweepRun.objects.create(name=name, started_at=start + timedelta(hours=h)) for h in hours
    ]


@pytest.mark.parametrize(
    "runs",
    [
        {},
        {"remind_returns_due": [1]},
        {"remind_returns_due": [1, 5, 3], "remind_contract_options": [2, 9]},
        # names that are prefixes of each other, one run each and many runs
        {"a": [1], "ab": [4, 2], "abc": list(range(40)), "b": [7, 6]},
    ],
)
def test_each_sweep_shows_its_latest_run(runs):
    made = {name: _runs(name, hours) for name, hours in runs.items()}
    latest = {run.name: run for run in latest_sweep_runs()}
    assert sorted(latest) == sorted(runs)
    for name, rows in made.items():
        assert latest[name].started_at == max(r.started_at for r in rows)


def test_the_query_does_not_grow_with_the_runs(django_assert_num_queries):
    for name in ("one", "two", "three"):
        _runs(name, list(range(60)))
    with django_assert_num_queries(1):
        assert len(latest_sweep_runs()) == 3


def test_the_operations_page_shows_a_run_finishing_and_failing_at_once(client_for, administrator):
    from django.urls import reverse

    run = _runs("remind_returns_due", [1])[0]
    client = client_for(administrator)
    url = reverse("notifications:operations")
    assert "Running" in client.get(url).text
    SweepRun.objects.filter(pk=run.pk).update(finished_at=timezone.now(), scanned=12)
    body = client.get(url).text
    assert "Finished" in body and ">12<" in body
    SweepRun.objects.filter(pk=run.pk).update(error="The mail server refused the connection")
    assert "The mail server refused the connection" in client.get(url).text
    _runs("remind_contract_options", [2])
    assert "remind_contract_options" in client.get(url).text
