"""Celery against a real worker and the configured broker: filesystem locally, Redis when REDIS_URL is set."""

import time
import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import OperationalError, connections, transaction

from config.celery import app
from core.models import WorkerHeartbeat
from core.tasks import record_worker_heartbeat
from tests.conftest import skip_or_fail

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

TIMEOUT = 20


def _broker_reachable() -> None:
    """Fail under CI=true (skip locally) when the configured broker does not answer."""
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=3)
    except Exception as exc:  # kombu raises the transport's own errors
        skip_or_fail(f"Celery broker {app.conf.broker_url!r} is not reachable: {exc}")


@pytest.fixture(scope="module")
def worker(django_db_setup):
    """A real worker in a thread, consuming this test process's own queue (one per module: fast)."""
    _broker_reachable()
    hijack = app.conf.worker_hijack_root_logger
    app.conf.worker_hijack_root_logger = False  # leave pytest's log capture alone
    # The worker thread's database connection is its own: close it after each task, or
    # PostgreSQL refuses to drop the test database at the end ("accessed by other users").
    task_postrun.connect(_close_thread_connections, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as w:
            yield w
    finally:
        task_postrun.disconnect(_close_thread_connections)
        app.conf.worker_hijack_root_logger = hijack


def _close_thread_connections(**kwargs) -> None:
    connections.close_all()


def wait_for(predicate, what: str):
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        try:
            result = predicate()
        except OperationalError as exc:
            # SQLite's shared-cache test database answers "table is locked" at once (no busy
            # wait) while the worker thread is writing: poll again, as for any other miss.
            if "locked" not in str(exc):
                raise
            result = None
        if result:
            return result
        time.sleep(0.1)
    pytest.fail(f"Timed out after {TIMEOUT}s waiting for {what} (is the worker consuming?)")


def test_worker_uses_the_configured_broker(settings):
    expected = "redis://" if settings.REDIS_URL else "filesystem://"
    assert app.conf.broker_url.startswith(expected)
    assert app.conf.task_default_queue.startswith("opcc-test-")


def test_heartbeat_enqueued_on_commit_is_recorded_once(worker):
    name = f"test-{uuid.uuid4().hex}"
    with transaction.atomic():
        record_worker_heartbeat.delay_on_commit(name)
    first = wait_for(lambda: WorkerHeartbeat.objects.filter(name=name).first(), "the heartbeat row")

    # A second delivery (a retry, a duplicate from acks_late) updates the same row.
    with transaction.atomic():
        record_worker_heartbeat.delay_on_commit(name)
    wait_for(
        lambda: WorkerHeartbeat.objects.filter(name=name, last_seen__gt=first.last_seen).exists(),
        "the second delivery",
    )
    assert WorkerHeartbeat.objects.filter(name=name).count() == 1


def test_rolled_back_transaction_sends_nothing(worker):
    dropped = f"test-dropped-{uuid.uuid4().hex}"
    marker = f"test-marker-{uuid.uuid4().hex}"
    with pytest.raises(RuntimeError), transaction.atomic():
        record_worker_heartbeat.delay_on_commit(dropped)
        raise RuntimeError("roll back")
    # The solo worker runs messages in order: once the marker is done, the dropped task would be too.
    with transaction.atomic():
        record_worker_heartbeat.delay_on_commit(marker)
    wait_for(lambda: WorkerHeartbeat.objects.filter(name=marker).exists(), "the marker task")
    assert not WorkerHeartbeat.objects.filter(name=dropped).exists()
