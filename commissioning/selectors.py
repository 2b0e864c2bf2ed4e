"""Commissioning reads: the procurement rules in force (from their tables), the STAs a user sees, and
the versions their pages are cached under (approvals.fragments)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import QuerySet

from . import rules
from .models import (
    DirectAwardGround,
    ProcurementRouteBand,
    SingleTenderAction,
    StatutoryThreshold,
)
from .permissions import can_view_stas


def threshold_for(*, category: str, on: date) -> rules.Threshold:
    rows = StatutoryThreshold.objects.filter(category=category, effective_from__lte=on)
    return rules.threshold_for([r.as_rule() for r in rows], category=category, on=on)


def route_for(*, value: Decimal, on: date) -> rules.RouteBand:
    rows = ProcurementRouteBand.objects.filter(effective_from__lte=on)
    return rules.route_for([r.as_rule() for r in rows], value=value, on=on)


def active_grounds() -> QuerySet[DirectAwardGround]:
    return DirectAwardGround.objects.filter(is_active=True)


def stas_visible_to(user) -> QuerySet[SingleTenderAction]:
    """Every office staff member sees the office's STAs; anyone else none (404 by URL)."""
    if not can_view_stas(user)[0]:
        return SingleTenderAction.objects.none()
    return SingleTenderAction.objects.select_related(
        "supplier", "ground", "created_by", "approval_request"
    )


def with_page_version(stas: QuerySet[SingleTenderAction]) -> QuerySet[SingleTenderAction]:
    """Adds `page_version`: what an STA's page shows besides its own row (its history, evidence,
    its approval's newest decision and the rule tables it quotes), read in the same query."""
    from approvals.engine.models import ApprovalBand, ApprovalDecision
    from approvals.fragments import page_version

    decisions = ApprovalDecision._meta.db_table
    table = SingleTenderAction._meta.db_table
    return stas.annotate(
        page_version=page_version(
            SingleTenderAction,
            documents=True,
            related=[
                (
                    f"(SELECT MAX(d.id) FROM {decisions} d, {table} s"  # noqa: S608
                    " WHERE s.id = {outer} AND d.request_id = s.approval_request_id)",
                    [],
                )
            ],
            tables=[StatutoryThreshold, ProcurementRouteBand, ApprovalBand, DirectAwardGround],
        )
    )


STA_SORTS = {
    "created_at": "created_at",
    "reference": "id",  # STA-0042 is the 42nd
    "service": "service",
    "supplier": "supplier__name",
    "value": "whole_life_value",
    "state": "state",
}
STA_DEFAULT_SORT = "-created_at"  # newest first


def stas_for_list(
    *, user, state: str = "", mine: bool = False, sort: str = STA_DEFAULT_SORT
) -> QuerySet[SingleTenderAction]:
    """The STA list: filtered by state and "only mine", sorted by a column (?sort=, "-" for
    descending; anything else falls back to newest first)."""
    if not can_view_stas(user)[0]:
        return SingleTenderAction.objects.none()
    queryset = SingleTenderAction.objects.select_related("supplier").only(
        "pk", "service", "whole_life_value", "state", "created_at", "supplier__name"
    )
    if state:
        queryset = queryset.filter(state=state)
    if mine:
        queryset = queryset.filter(created_by=user)
    field = STA_SORTS.get((sort or "").lstrip("-"))
    if field is None:
        sort, field = STA_DEFAULT_SORT, STA_SORTS[STA_DEFAULT_SORT.lstrip("-")]
    descending = sort.startswith("-")
    return queryset.order_by(f"-{field}" if descending else field, "-pk" if descending else "pk")


def sta_list_version() -> str:
    """Changes whenever an STA is added, changed (its state included: every save stamps
    updated_at) or deleted: one query of index-backed aggregates. Suppliers' names are not in it
    (a rename shows within approvals.fragments.CACHE_SECONDS)."""
    table = SingleTenderAction._meta.db_table
    with connection.cursor() as cursor:
        sql = f"SELECT (SELECT MAX(updated_at) FROM {table}), (SELECT COUNT(*) FROM {table})"  # noqa: S608
        cursor.execute(sql)
        return repr(cursor.fetchone())
