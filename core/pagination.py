"""Pagination whose row count comes from the caller (e.g. a cached count), for big lists where an
exact COUNT(*) per request would cost more than the page itself."""

from __future__ import annotations

from collections.abc import Callable

from django.core.paginator import Paginator


def paginator_with_count(object_list, per_page: int, *, count: Callable[[], int]) -> Paginator:
    paginator = Paginator(object_list, per_page)
    paginator.__dict__["count"] = count()  # Paginator.count is a cached_property: fill it
    return paginator
