"""Budget, committed, pending and spent money per (stream, financial year): grouped and limited to
the years asked for in the database, then kept in the cache under a version of the funding data,
so pages showing budgets (home pages, streams) do not re-add 100,000 commitments per request.

The version changes with any grant change (commitments and the counting flag change only with their
grant), any new payment, any override agreed and any budget or income line change; SUMS_CACHE_SECONDS
bounds what it misses (a payment edited in admin). Adding the sums up again costs some 150-300 ms at
national scale, so they are kept longer than the page fragments built from them (CACHE_SECONDS,
which also bounds names the version does not see: a renamed stream or recipient).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from decimal import Decimal
from typing import TypeVar

from django.core.cache import cache
from django.db import connection
from django.db.models import Q, Sum

from .models import (
    BudgetOverride,
    Commitment,
    FundingStream,
    Grant,
    GrantState,
    IncomeLine,
    Payment,
    StreamBudget,
    StreamStatus,
)
from .models.awards import counts_against_budget_q

CACHE_SECONDS = 60
SUMS_CACHE_SECONDS = 300
T = TypeVar("T")
ZERO = Decimal("0.00")
# (stream id, year start) -> [budget, has budget, committed, pending, spent]
Sums = dict[tuple[int, int], list]


def funding_version(*, streams: bool = False) -> str:
    """One query of index-backed aggregates that changes whenever the sums may have; with
    `streams`, also whenever a stream is added, paused or resumed, or its limit or intermediary
    changes (aggregates of its few rows; a renamed stream shows within CACHE_SECONDS)."""
    grant, payment, line, budget, override, stream = (
        m._meta.db_table
        for m in (Grant, Payment, IncomeLine, StreamBudget, BudgetOverride, FundingStream)
    )
    stream_facts = (
        f""", (SELECT COUNT(*) || ':' || COALESCE(MAX(id), 0)
            || ':' || COALESCE(SUM(CASE WHEN status = %s THEN id ELSE 0 END), 0)
            || ':' || COALESCE(SUM(id * COALESCE(max_single_award, 0)), 0)
            || ':' || COALESCE(SUM(id * COALESCE(intermediary_id, 0)), 0)
            || ':' || COALESCE(SUM(id * LENGTH(name || source_of_money)), 0) FROM {stream})"""  # noqa: S608
        if streams
        else ""
    )
    sql = f"""SELECT (SELECT MAX(updated_at) FROM {grant}), (SELECT MAX(id) FROM {grant}),
        (SELECT MAX(id) FROM {payment}),
        (SELECT COUNT(*) FROM {line}), (SELECT SUM(amount) FROM {line}), (SELECT MAX(id) FROM {line}),
        (SELECT COUNT(*) FROM {budget}), (SELECT MAX(id) FROM {budget}),
        (SELECT COUNT(*) FROM {override}), (SELECT MAX(id) FROM {override}),
        (SELECT MAX(approved_at) FROM {override}){stream_facts}"""  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [StreamStatus.PAUSED] if streams else [])
        facts = cursor.fetchone()
    return hashlib.sha256(repr(facts).encode()).hexdigest()[:20]


def cached_for_funding_version(
    name: str, compute: Callable[[], T], *, version: str | None = None
) -> T:
    """`compute()`'s result (plain values, not model objects), worked out again only when the
    funding data has changed or SUMS_CACHE_SECONDS have passed. `version`: one already read."""
    name = hashlib.sha256(name.encode()).hexdigest()[:20]  # spaces and brackets out of the key
    key = f"funding:{version or funding_version()}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, SUMS_CACHE_SECONDS)
    return value


def stream_year_sums(*, stream_ids: list[int], years: list[int] | None) -> Sums:
    """The sums for these streams and years (every year when None)."""
    return cached_for_funding_version(
        f"sums:{stream_ids}:{years}", lambda: _add_up(stream_ids, years)
    )


def _add_up(ids: list[int], years: list[int] | None) -> Sums:
    sums: Sums = {}

    def cell(stream_id: int, year: int) -> list:
        return sums.setdefault((stream_id, year), [ZERO, False, ZERO, ZERO, ZERO])

    def in_years(qs, prefix: str = ""):
        return qs.filter(**{f"{prefix}financial_year__in": years}) if years else qs

    budgets = (
        in_years(IncomeLine.objects.filter(budget__stream_id__in=ids), "budget__")
        .values("budget__stream_id", "budget__financial_year")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in budgets:
        cell(row["budget__stream_id"], row["budget__financial_year"])[0] = row["total"] or ZERO
    for row in in_years(StreamBudget.objects.filter(stream_id__in=ids)).values(
        "stream_id", "financial_year"
    ):
        cell(row["stream_id"], row["financial_year"])[1] = True
    released = Q(award__grant__state__in=[GrantState.WITHDRAWN, GrantState.REJECTED])
    commitments = (
        in_years(Commitment.objects.filter(stream_id__in=ids))
        .exclude(released)
        .annotate(counted=counts_against_budget_q())
        .values("stream_id", "financial_year", "counted")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in commitments:
        counted = row["counted"]
        cell(row["stream_id"], row["financial_year"])[2 if counted else 3] += row["total"]
    payments = (
        in_years(Payment.objects.filter(commitment__stream_id__in=ids), "commitment__")
        .values("commitment__stream_id", "commitment__financial_year")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in payments:
        cell(row["commitment__stream_id"], row["commitment__financial_year"])[4] = row["total"]
    return sums
