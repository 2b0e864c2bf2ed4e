"""The public transparency page's cache: a version of everything it shows, and its counts kept per
version, so readers get cached fragments until something published changes (or CACHE_SECONDS pass)."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import QuerySet

from approvals.models import DecisionNotice, DecisionNoticeState
from core.pagination import paginator_with_count
from grants.models import Grant
from providers.models import Organisation

CACHE_SECONDS = 300


def register_version() -> str:
    """Changes whenever a notice is signed, a grant changes (its state included) or an
    organisation is renamed: one query of index-backed aggregates instead of the page's queries."""
    notice, grant, organisation = (m._meta.db_table for m in (DecisionNotice, Grant, Organisation))
    sql = f"""SELECT (SELECT MAX(id) FROM {notice} WHERE state = %s),
        (SELECT MAX(signed_at) FROM {notice}), (SELECT MAX(updated_at) FROM {grant}),
        (SELECT MAX(updated_at) FROM {organisation})"""  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [DecisionNoticeState.SIGNED])
        facts = cursor.fetchone()
    return hashlib.sha256(repr(facts).encode()).hexdigest()[:20]


def cached_paginator(qs: QuerySet, per_page: int, *, name: str, version: str) -> Paginator:
    """A paginator whose row count comes from the cache for this version of the data."""
    key = f"transparency:{name}:count:{version}"
    return paginator_with_count(
        qs, per_page, count=lambda: cache.get_or_set(key, qs.count, CACHE_SECONDS)
    )
