"""The public transparency page's cache: a version of everything it shows, and its counts kept per
version, so readers get cached fragments until something published changes (or CACHE_SECONDS pass)."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Max, QuerySet

from approvals.models import DecisionNotice, DecisionNoticeState
from grants.models import Grant
from providers.models import Organisation

CACHE_SECONDS = 300


def register_version() -> str:
    """Changes whenever a notice is signed, a grant changes (its state included) or an
    organisation is renamed: three index-backed aggregates instead of the page's queries."""
    notices = DecisionNotice.objects.filter(state=DecisionNoticeState.SIGNED).aggregate(
        n=Count("pk"), last=Max("signed_at")
    )
    facts = (
        notices["n"],
        notices["last"],
        Grant.objects.aggregate(last=Max("updated_at"))["last"],
        Organisation.objects.aggregate(last=Max("updated_at"))["last"],
    )
    return hashlib.sha256(repr(facts).encode()).hexdigest()[:20]


def cached_paginator(qs: QuerySet, per_page: int, *, name: str, version: str) -> Paginator:
    """A paginator whose row count comes from the cache for this version of the data."""
    paginator = Paginator(qs, per_page)
    key = f"transparency:{name}:count:{version}"
    paginator.__dict__["count"] = cache.get_or_set(key, qs.count, CACHE_SECONDS)  # cached_property
    return paginator
