"""Outcome-return reads: the settings in force, which returns a user may see, the provider's home,
the officer's review queue, and the earlier periods shown beside a return."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery

from commissioning.models import Contract
from grants.models import FundingShare, Grant

from . import rules
from .models import OutcomeReturn, ReturnOutput, ReturnSettings, ReturnState
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
    return qs.select_related("grant", "grant__award", "contract", "contract__award", "provider")


@dataclass(frozen=True)
class AwardLine:
    """A grant or contract with returns, as the portal lists it."""

    reference: str
    title: str
    url: str
    start_date: date
    end_date: date
    total: object


def _award_lines(scope, limit: int) -> list[AwardLine]:
    from django.urls import reverse

    grants = Grant.objects.filter(
        Exists(OutcomeReturn.objects.filter(grant_id=OuterRef("pk")))
    ).select_related("award")
    contracts = Contract.objects.filter(
        Exists(OutcomeReturn.objects.filter(contract_id=OuterRef("pk")))
    ).select_related("award")
    if not scope.everything:
        grants = grants.filter(award__recipient_id=scope.provider_id or -1)
        contracts = contracts.filter(provider_id=scope.provider_id or -1)
    lines = [
        AwardLine(
            a.reference,
            a.title,
            reverse(name, args=[a.pk]),
            a.award.start_date,
            a.award.end_date,
            a.award.total,
        )
        for name, qs in (
            ("returns:award_returns", grants.order_by("reference")[:limit]),
            ("returns:contract_returns", contracts.order_by("reference")[:limit]),
        )
        for a in qs
    ]
    return sorted(lines, key=lambda line: line.reference)[:limit]


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
    home.awards = _award_lines(return_scope(user), limit)
    for r in (*home.due, *home.overdue):
        r.days_left = rules.days_left(r.due_date, today=today)
    return home


@dataclass(frozen=True)
class QueueFilters:
    stream_id: int | None = None
    officer_id: int | None = None
    provider_id: int | None = None
    provider_name: str = ""
    late: bool | None = None


def in_stream(stream_id: int) -> Q:
    """Returns on a grant or contract that the stream pays for (in whole or in part)."""
    awards = FundingShare.objects.filter(stream_id=stream_id).values("award_id")
    return Q(grant__award_id__in=awards) | Q(contract__award_id__in=awards)


def officer_is(user_id: int) -> Q:
    """Returns on a grant or contract the officer looks after (drafted)."""
    return Q(grant__created_by_id=user_id) | Q(contract__created_by_id=user_id)


def review_queue(*, user, filters: QueueFilters) -> QuerySet[OutcomeReturn]:
    """Returns waiting for review, oldest submission first."""
    qs = with_award(returns_visible_to(user)).filter(state__in=AWAITING_REVIEW)
    if filters.stream_id:
        qs = qs.filter(in_stream(filters.stream_id))
    if filters.officer_id:
        qs = qs.filter(officer_is(filters.officer_id))
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
    same_award = (
        {"outcome_return__grant_id": outcome_return.grant_id}
        if outcome_return.grant_id
        else {"outcome_return__contract_id": outcome_return.contract_id}
    )
    earlier = ReturnOutput.objects.filter(
        **same_award,
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


def compliance_by_stream(*, user, today: date, year=None) -> list[ComplianceRow]:
    """Per funding stream (a co-funded award counts under each of its streams), for the returns
    due in financial `year` (every year when None): one query for grants' returns and one for
    contracts', added together by stream."""
    from django.db.models import Count

    late = Q(submitted_at__isnull=True, due_date__lt=today) | Q(
        submitted_at__date__gt=F("due_date")
    )
    counts = {
        "total": Count("pk", distinct=True),
        "due": Count("pk", filter=Q(state__in=EDITABLE_STATES, submitted_at__isnull=True)),
        "submitted": Count("pk", filter=Q(state__in=AWAITING_REVIEW)),
        "late": Count("pk", filter=late),
        "accepted": Count("pk", filter=Q(state=ReturnState.ACCEPTED)),
    }
    found: dict[int, ComplianceRow] = {}
    for kind in ("grant", "contract"):
        stream = f"{kind}__award__shares__stream"
        qs = returns_visible_to(user)
        if year is not None:
            qs = qs.filter(due_date__range=(year.first_day, year.last_day))
        rows = (
            qs.filter(**{f"{stream}__isnull": False})
            .values(stream, f"{stream}__name")
            .annotate(**counts)
            .order_by()
        )
        for row in rows:
            before = found.get(row[stream])
            found[row[stream]] = ComplianceRow(
                stream_id=row[stream],
                stream=row[f"{stream}__name"],
                **{k: row[k] + (getattr(before, k) if before else 0) for k in counts},
            )
    return sorted(found.values(), key=lambda row: row.stream)


def award_returns(*, user, grant_id: int | None = None, contract_id: int | None = None):
    """A grant's or contract's returns the user may see, in period order, with their outputs."""
    key = {"grant_id": grant_id} if grant_id is not None else {"contract_id": contract_id}
    return list(
        with_award(returns_visible_to(user))
        .filter(**key)
        .prefetch_related("outputs")
        .order_by("period_number")
    )


@dataclass(frozen=True)
class ProjectContractReturns:
    """What one of a project's contracts has reported: its returns by state and the latest
    accepted value of each output beside its target."""

    contract_id: int
    reference: str
    total: int
    due: int
    awaiting_review: int
    late: int
    accepted: int
    latest_outputs: list[ReturnOutput]


def project_returns(*, user, project_id: int, today: date) -> list[ProjectContractReturns]:
    """For a commissioning project's Review stage: per contract, counts of its returns (one
    grouped query) and the outputs of its latest accepted return (one query), whatever the number
    of contracts."""
    from django.db.models import Count

    late = Q(submitted_at__isnull=True, due_date__lt=today) | Q(
        submitted_at__date__gt=F("due_date")
    )
    scope = returns_visible_to(user).filter(contract__project_id=project_id)
    rows = (
        scope.values("contract_id", "contract__reference")
        .annotate(
            total=Count("pk"),
            due=Count("pk", filter=Q(state__in=EDITABLE_STATES, due_date__lte=today)),
            awaiting_review=Count("pk", filter=Q(state__in=AWAITING_REVIEW)),
            late=Count("pk", filter=late),
            accepted=Count("pk", filter=Q(state=ReturnState.ACCEPTED)),
        )
        .order_by("contract__reference")
    )
    newest_accepted = (
        OutcomeReturn.objects.filter(
            contract_id=OuterRef("outcome_return__contract_id"), state=ReturnState.ACCEPTED
        )
        .order_by("-period_number")
        .values("pk")[:1]
    )
    chosen = ReturnOutput.objects.filter(
        outcome_return__in=scope.filter(state=ReturnState.ACCEPTED).values("pk"),
        outcome_return_id=Subquery(newest_accepted),
    )
    outputs: dict[int, list[ReturnOutput]] = {}
    for output in chosen.select_related("outcome_return").order_by("position", "pk"):
        outputs.setdefault(output.outcome_return.contract_id, []).append(output)
    return [
        ProjectContractReturns(
            contract_id=row["contract_id"],
            reference=row["contract__reference"],
            total=row["total"],
            due=row["due"],
            awaiting_review=row["awaiting_review"],
            late=row["late"],
            accepted=row["accepted"],
            latest_outputs=outputs.get(row["contract_id"], []),
        )
        for row in rows
    ]
