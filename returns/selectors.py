"""Outcome-return reads: the settings in force, which returns a user may see, the provider's home,
the officer's review queue, and the earlier periods shown beside a return."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import connection
from django.db.models import F, Prefetch, Q, QuerySet

from grants.funding_sums import cached_for_funding_version
from grants.models import Grant

from . import rules
from .models import OutcomeReturn, ReturnOutput, ReturnSettings, ReturnState, ReturnSubmission
from .models.returns import AWAITING_REVIEW, EDITABLE_STATES
from .permissions import return_scope

NO_SETTINGS = "No outcome return settings are in force: an administrator must add them."


def settings_in_force(on: date) -> ReturnSettings:
    """The settings with the latest start on or before `on` (the earliest set for older awards)."""
    found = ReturnSettings.objects.filter(effective_from__lte=on).first()
    if found is None:
        found = ReturnSettings.objects.order_by("effective_from").first()
    if found is None:
        raise LookupError(NO_SETTINGS)
    return found


def returns_visible_to(user) -> QuerySet[OutcomeReturn]:
    """The list filter of the one visibility rule (permissions.return_scope)."""
    scope = return_scope(user)
    qs = OutcomeReturn.objects.all()
    if scope.everything:
        return qs
    if scope.provider_id is not None:
        return qs.filter(provider_id=scope.provider_id)
    return qs.none()


def with_award(qs: QuerySet[OutcomeReturn]) -> QuerySet[OutcomeReturn]:
    return qs.select_related("grant", "grant__award", "provider")


@dataclass
class PortalHome:
    due: list[OutcomeReturn] = field(default_factory=list)
    overdue: list[OutcomeReturn] = field(default_factory=list)
    reviewed: list[OutcomeReturn] = field(default_factory=list)
    awards: list = field(default_factory=list)


def portal_home(*, user, today: date, due_within_days: int = 90, limit: int = 20) -> PortalHome:
    """A provider user's home: returns due soon (days left), overdue, and recently reviewed."""
    mine = with_award(returns_visible_to(user))
    open_ = mine.filter(state__in=EDITABLE_STATES)
    home = PortalHome(
        due=list(
            open_.filter(
                due_date__gte=today, period_start__lte=today + timedelta(due_within_days)
            ).order_by("due_date", "pk")[:limit]
        ),
        overdue=list(open_.filter(due_date__lt=today).order_by("due_date", "pk")[:limit]),
        reviewed=list(
            mine.filter(reviewed_at__isnull=False)
            .filter(state__in=[ReturnState.ACCEPTED, ReturnState.CHANGES_REQUESTED])
            .order_by("-reviewed_at", "-pk")[:limit]
        ),
    )
    scope = return_scope(user)
    grants = Grant.objects.filter(outcome_returns__isnull=False).select_related("award").distinct()
    if not scope.everything:
        grants = grants.filter(award__recipient_id=scope.provider_id or -1)
    home.awards = list(grants.order_by("reference")[:limit])
    for r in (*home.due, *home.overdue):
        r.days_left = rules.days_left(r.due_date, today=today)
    return home


@dataclass(frozen=True)
class QueueFilters:
    stream_id: int | None = None
    provider_id: int | None = None
    provider_name: str = ""  # all or part of the organisation's name
    late: bool | None = None


def review_queue(*, user, filters: QueueFilters) -> QuerySet[OutcomeReturn]:
    """Returns waiting for review, oldest submission first."""
    qs = with_award(returns_visible_to(user)).filter(state__in=AWAITING_REVIEW)
    if filters.stream_id:
        qs = qs.filter(grant__award__shares__stream_id=filters.stream_id).distinct()
    if filters.provider_id:
        qs = qs.filter(provider_id=filters.provider_id)
    if filters.provider_name:
        qs = qs.filter(provider__name__icontains=filters.provider_name)
    if filters.late is not None:
        # Late: submitted after the day it was due (rules.is_late, in SQL).
        late = Q(submitted_at__date__gt=F("due_date"))
        qs = qs.filter(late) if filters.late else qs.exclude(late)
    return qs.order_by("submitted_at", "pk")


def earlier_outputs(outcome_return: OutcomeReturn) -> dict[str, list[ReturnOutput]]:
    """The same award's earlier periods' outputs, by measure key, oldest first."""
    earlier = ReturnOutput.objects.filter(
        outcome_return__grant_id=outcome_return.grant_id,
        outcome_return__period_number__lt=outcome_return.period_number,
    ).select_related("outcome_return")
    by_key: dict[str, list[ReturnOutput]] = {}
    for output in earlier.order_by("outcome_return__period_number"):
        by_key.setdefault(output.measure_key, []).append(output)
    return by_key


def return_for_page(*, user, pk: int) -> OutcomeReturn:
    """One return the user may see, with what its page shows (DoesNotExist otherwise: a 404)."""
    return (
        with_award(returns_visible_to(user))
        .prefetch_related(
            "outputs",
            Prefetch("star_readings", queryset=_readings()),
            "submissions",
        )
        .get(pk=pk)
    )


def _readings():
    from .models import StarReading

    return StarReading.objects.select_related("area")


@dataclass(frozen=True)
class ComplianceRow:
    stream_id: int
    stream: str
    total: int
    due: int  # not yet submitted, due date passed or to come
    submitted: int  # waiting for review
    late: int  # submitted after the due date, or overdue and not submitted
    accepted: int


def returns_version() -> str:
    """Changes whenever a return is added, submitted (each submission is a new version row) or
    reviewed: the moves that change the compliance counts. One query of index-backed maxima."""
    returns, versions = OutcomeReturn._meta.db_table, ReturnSubmission._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT MAX(id) FROM {returns}), (SELECT MAX(reviewed_at) FROM {returns}), "  # noqa: S608
            f"(SELECT MAX(id) FROM {versions})"
        )
        return repr(cursor.fetchone())


def compliance_by_stream(*, user, today: date) -> list[ComplianceRow]:
    """Per funding stream (a co-funded award counts under each of its streams), in one query over
    every return, kept in the cache for this version of the returns and of the funding (shares),
    for this day (lateness) and this user's scope: the page costs two small queries."""
    scope = return_scope(user)
    return cached_for_funding_version(
        f"returns-compliance:{scope}:{today.isoformat()}:{returns_version()}",
        lambda: _compliance_by_stream(user=user, today=today),
    )


def _compliance_by_stream(*, user, today: date) -> list[ComplianceRow]:
    from django.db.models import Count

    qs = returns_visible_to(user).filter(grant__award__shares__stream__isnull=False)
    late = Q(submitted_at__isnull=True, due_date__lt=today) | Q(
        submitted_at__date__gt=F("due_date")
    )
    rows = (
        qs.values("grant__award__shares__stream", "grant__award__shares__stream__name")
        .annotate(
            total=Count("pk", distinct=True),
            due=Count("pk", filter=Q(state__in=EDITABLE_STATES, submitted_at__isnull=True)),
            submitted=Count("pk", filter=Q(state__in=AWAITING_REVIEW)),
            late=Count("pk", filter=late),
            accepted=Count("pk", filter=Q(state=ReturnState.ACCEPTED)),
        )
        .order_by("grant__award__shares__stream__name")
    )
    return [
        ComplianceRow(
            stream_id=row["grant__award__shares__stream"],
            stream=row["grant__award__shares__stream__name"],
            total=row["total"],
            due=row["due"],
            submitted=row["submitted"],
            late=row["late"],
            accepted=row["accepted"],
        )
        for row in rows
    ]


def award_returns(*, user, grant_id: int) -> list[OutcomeReturn]:
    """A grant's returns the user may see, in period order, with their outputs."""
    return list(
        with_award(returns_visible_to(user))
        .filter(grant_id=grant_id)
        .prefetch_related("outputs")
        .order_by("period_number")
    )
