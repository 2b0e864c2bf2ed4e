"""The outcome returns' data version and the page cache kept under it.

Every change to a return, its editors, outputs, Outcomes Star readings or submitted versions adds a row to
`ReturnsChange` (model signals, and `changed()` after the bulk writes that skip signals), in the
writer's own transaction: readers see the new version exactly when they see the new data. The
version is the newest change and how many changes lie among the newest WINDOW (one index range
read), so a change committed after a later one still moves it; the latest edit of a grant is
read beside it (award titles and dates the pages show). What else a page shows (organisation and
stream names, contracts' titles) is bounded by CACHE_SECONDS.

Pages cache what they add up or render with `cached(name, compute, version=…)`: plain values or
HTML, keyed by the version and whatever else decides them (the user's scope, the day, filters).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save

CACHE_SECONDS = 120
WINDOW = 1000  # the newest changes counted; older rows are pruned beyond 2 × WINDOW
T = TypeVar("T")


def changed(*, action: str = "", **_signal) -> None:
    """Record a change to outcome-return data (a signal receiver; call it after bulk writes)."""
    from .models import ReturnsChange

    if action and not action.startswith("post_"):
        return  # m2m_changed: only once the editors have changed

    row = ReturnsChange.objects.create()
    if row.pk % WINDOW == 0:
        ReturnsChange.objects.filter(pk__lt=row.pk - 2 * WINDOW).delete()


def connect_signals() -> None:
    """Saves and deletes of returns and what belongs to them record a change (apps.ready)."""
    from .models import OutcomeReturn, ReturnOutput, ReturnSubmission, StarReading

    for model in (OutcomeReturn, ReturnOutput, ReturnSubmission, StarReading):
        uid = f"returns-version-{model.__name__}"
        post_save.connect(changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(changed, sender=model, dispatch_uid=f"{uid}-delete")
    editors = OutcomeReturn.editors.through
    m2m_changed.connect(changed, sender=editors, dispatch_uid="returns-version-editors")


def returns_version() -> str:
    """One query of index-backed reads that changes whenever the returns' data has."""
    from grants.models import Grant

    from .models import ReturnsChange

    log, grant = ReturnsChange._meta.db_table, Grant._meta.db_table
    sql = f"""SELECT (SELECT MAX(id) FROM {log}),
        (SELECT COUNT(*) FROM {log} WHERE id > (SELECT MAX(id) FROM {log}) - %s),
        (SELECT MAX(updated_at) FROM {grant})"""  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [WINDOW])
        facts = cursor.fetchone()
    return hashlib.sha256(repr(facts).encode()).hexdigest()[:20]


def cached(name: str, compute: Callable[[], T], *, version: str) -> T:
    """`compute()`'s result (plain values or HTML, never model objects), worked out again only
    when the returns' data has changed or CACHE_SECONDS have passed."""
    key = f"returns:{version}:{hashlib.sha256(name.encode()).hexdigest()[:24]}"
    found = cache.get(key)
    if found is None:
        found = (compute(),)  # a tuple, so that a result of None is kept too
        cache.set(key, found, CACHE_SECONDS)
    return found[0]
