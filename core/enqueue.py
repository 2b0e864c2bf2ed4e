"""Handing work to a Celery worker once the current transaction commits, without ever failing
the request that asked for it: a broker that is down is logged, and the periodic catch-up task
that goes with each such job finds the work still to do."""

from __future__ import annotations

import logging
from functools import partial

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue_after_commit(task, *args) -> None:
    """`task.apply_async(args)` after the commit (nothing if it rolls back)."""
    transaction.on_commit(partial(send_now, task, *args), robust=True)


def send_now(task, *args) -> bool:
    """Send at once; False (logged) when the broker refuses."""
    try:
        task.apply_async(args=list(args), retry=False)
    except Exception:  # the broker's own connection errors
        logger.warning("Could not enqueue %s%r; its catch-up task will do it", task.name, args)
        return False
    return True
