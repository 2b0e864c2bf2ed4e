"""Reads for funding streams and grants: budget summaries per stream and year, grant lists."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Sum

from accounts.roles import Role
from core.financial_years import FinancialYear

from .funding_sums import cached_for_funding_version, stream_year_sums
from .models import (
    LIVE_GRANT_STATES,
    BudgetOverride,
    Commitment,
    FundingShare,
    FundingStream,
    Grant,
    GrantState,
    IncomeLine,
    Payment,
)
from .models.awards import approved_overrides_q, counts_against_budget_q

ZERO = Decimal("0.00")
# A commitment counts against its stream's budget while its award's owner is live (derived from
# the grant's state, which only its transitions change; see Award.counts_against_budget).
COUNTS_AGAINST_BUDGET = counts_against_budget_q()


@dataclass
class YearSummary:
    stream_id: int
    year: FinancialYear
    budget: Decimal = ZERO
    committed: Decimal = ZERO  # awards submitted for decision, approved, active or closed
    pending: Decimal = ZERO  # draft awards not yet counted
    spent: Decimal = ZERO
    has_budget: bool = False

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.committed

    @property
    def percent_committed(self) -> int:
        if self.budget <= 0:
            return 100 if self.committed > 0 else 0
        return int((self.committed * 100 / self.budget).to_integral_value())

    @property
    def bar_percent(self) -> int:
        return min(self.percent_committed, 100)


@dataclass
class StreamSummary:
    stream: FundingStream
    years: list[YearSummary] = field(default_factory=list)


def budget_summaries(
    *, streams: QuerySet[FundingStream] | None = None, years: list[FinancialYear] | None = None
) -> list[StreamSummary]:
    """Budget, committed, pending, spent and remaining per stream and year: the sums grouped and
    limited to `years` in the database (index on Commitment(stream, financial_year)) and cached
    per version of the funding data (grants.funding_sums)."""
    streams = list(
        (streams if streams is not None else FundingStream.objects.all()).select_related(
            "intermediary"
        )
    )
    ids = [s.pk for s in streams]
    wanted = sorted({y.start_year for y in years}) if years else None
    sums = stream_year_sums(stream_ids=ids, years=wanted)
    by_stream: dict[int, list[YearSummary]] = {pk: [] for pk in ids}
    for (stream_id, year), (budget, has_budget, committed, pending, spent) in sums.items():
        by_stream[stream_id].append(
            YearSummary(
                stream_id=stream_id,
                year=FinancialYear(year),
                budget=budget,
                committed=committed,
                pending=pending,
                spent=spent,
                has_budget=has_budget or budget != ZERO,
            )
        )
    result = []
    for stream in streams:
        rows = by_stream[stream.pk]
        if wanted:
            present = {r.year.start_year for r in rows}
            rows += [YearSummary(stream.pk, FinancialYear(y)) for y in wanted if y not in present]
        rows.sort(key=lambda r: r.year)
        result.append(StreamSummary(stream=stream, years=rows))
    return result


def overview_years(today) -> list[FinancialYear]:
    """The years the funding streams overview shows: last year, this year and the next two."""
    this = FinancialYear.containing(today)
    return [FinancialYear(this.start_year + offset) for offset in range(-1, 3)]


def committed_by_stream_year(
    *, stream_ids: list[int], years: list[int], exclude_award_ids: list[int] = ()
) -> dict[tuple[int, int], Decimal]:
    """Money already committed (counting awards only) per (stream, year), leaving some awards out."""
    qs = Commitment.objects.filter(
        COUNTS_AGAINST_BUDGET, stream_id__in=stream_ids, financial_year__in=years
    )
    if exclude_award_ids:
        qs = qs.exclude(award_id__in=list(exclude_award_ids))
    rows = qs.values("stream_id", "financial_year").annotate(total=Sum("amount"))
    return {(r["stream_id"], r["financial_year"]): r["total"] for r in rows}


def budget_totals(*, stream_ids: list[int], years: list[int]) -> dict[tuple[int, int], Decimal]:
    rows = (
        IncomeLine.objects.filter(
            budget__stream_id__in=stream_ids, budget__financial_year__in=years
        )
        .values("budget__stream_id", "budget__financial_year")
        .annotate(total=Sum("amount"))
    )
    return {(r["budget__stream_id"], r["budget__financial_year"]): r["total"] for r in rows}


def streams_over(percent: int, *, year: FinancialYear) -> list[YearSummary]:
    """Stream-years whose committed money is over `percent` of the budget (officer dashboard)."""
    found = []
    for summary in budget_summaries(years=[year]):
        for row in summary.years:
            if row.has_budget and row.committed * 100 > row.budget * percent:
                row.stream = summary.stream
                found.append(row)
    return found


def grants_with_details() -> QuerySet[Grant]:
    """Grants with everything a list or detail page shows, in a fixed number of queries."""
    return Grant.objects.select_related(
        "award__recipient", "decision_notice", "created_by"
    ).prefetch_related(*grant_prefetches())


def grant_prefetches() -> tuple:
    """What a grant's list row and page read besides its own row (fresh Prefetch objects)."""
    return (
        "themes",
        Prefetch(
            "award__shares", queryset=FundingShare.objects.select_related("stream", "partner")
        ),
    )


def with_page_version(grants: QuerySet[Grant]) -> QuerySet[Grant]:
    """Adds `page_version`, read in the same query as the grant: what its officer page shows
    besides its own row, its award's and its notice's (the view adds those): its history, themes,
    conditions, activities, its award's shares, commitments, payments and budget overrides (with
    their requests' states and decisions), as indexed aggregates."""
    from approvals.engine.models import ApprovalDecision, ApprovalRequest
    from approvals.fragments import page_version

    from .models import BudgetOverride, Commitment, DeliveryActivity, GrantCondition, Payment

    award = f"{Grant._meta.db_table}.award_id"
    shares, commitments = FundingShare._meta.db_table, Commitment._meta.db_table
    overrides, payments = BudgetOverride._meta.db_table, Payment._meta.db_table
    requests, decisions = ApprovalRequest._meta.db_table, ApprovalDecision._meta.db_table
    themes = Grant.themes.through._meta.db_table
    counted = "COUNT(*) || ':' || COALESCE(MAX({t}.id), 0)"
    related = [
        (
            f"(SELECT {counted.format(t=t)} FROM {t} WHERE {key} = {{outer}})",  # noqa: S608
            [],
        )
        for t, key in (
            (themes, "grant_id"),
            (GrantCondition._meta.db_table, "grant_id"),
            (DeliveryActivity._meta.db_table, "grant_id"),
        )
    ] + [
        (
            f"(SELECT {counted.format(t=shares)} || ':' || COALESCE(SUM(amount), 0)"  # noqa: S608
            f" FROM {shares} WHERE award_id = {award})",
            [],
        ),
        (
            f"(SELECT {counted.format(t=commitments)} || ':' || COALESCE(SUM(amount), 0)"  # noqa: S608
            f" FROM {commitments} WHERE award_id = {award})",
            [],
        ),
        (
            f"(SELECT {counted.format(t=payments)} FROM {payments} JOIN {commitments}"  # noqa: S608
            f" ON {commitments}.id = {payments}.commitment_id WHERE {commitments}.award_id = {award})",
            [],
        ),
        (
            f"(SELECT {counted.format(t=overrides)} || ':' || COUNT({overrides}.approved_at) || ':'"  # noqa: S608
            f" || COALESCE(MIN({requests}.state) || MAX({requests}.state), '') || ':'"
            f" || COALESCE(MAX({decisions}.id), 0) FROM {overrides} JOIN {requests}"
            f" ON {requests}.id = {overrides}.approval_request_id LEFT JOIN {decisions}"
            f" ON {decisions}.request_id = {requests}.id WHERE {overrides}.award_id = {award})",
            [],
        ),
    ]
    return grants.annotate(page_version=page_version(Grant, related=related))


def grant_list(
    *,
    search: str = "",
    stream_id: int | None = None,
    year: FinancialYear | None = None,
    theme_id: int | None = None,
    state: str = "",
    recipient_id: int | None = None,
    recipient_name: str = "",
    sort: str = "-created_at",
) -> QuerySet[Grant]:
    """The grants list: filters on shares and themes are `Exists` subqueries, so no row repeats and
    no DISTINCT is needed; every sort key has an index (Grant and Award Meta)."""
    qs = grants_with_details()
    if search:
        qs = qs.filter(
            Q(title__icontains=search)
            | Q(reference__icontains=search)
            | Q(purpose__icontains=search)
            | Q(award__recipient__name__icontains=search)
        )
    if stream_id:
        qs = qs.filter(
            Exists(FundingShare.objects.filter(award_id=OuterRef("award_id"), stream_id=stream_id))
        )
    if year:
        qs = qs.filter(award__start_date__lte=year.last_day, award__end_date__gte=year.first_day)
    if theme_id:
        themes = Grant.themes.through.objects.filter(grant_id=OuterRef("pk"), plantheme_id=theme_id)
        qs = qs.filter(Exists(themes))
    if state:
        qs = qs.filter(state=state)
    if recipient_id:
        qs = qs.filter(award__recipient_id=recipient_id)
    if recipient_name:
        qs = qs.filter(award__recipient__name__icontains=recipient_name)
    return qs.order_by(*GRANT_SORTS.get(sort, GRANT_SORTS["-created_at"]))


# Ties break on a unique column of the same table as the key, so one index serves each sort.
GRANT_SORTS = {
    "reference": ("reference",),
    "-reference": ("-reference",),
    "title": ("title", "pk"),
    "-title": ("-title", "-pk"),
    "recipient": ("award__recipient__name", "award__pk"),
    "-recipient": ("-award__recipient__name", "-award__pk"),
    "amount": ("award__total", "award__pk"),
    "-amount": ("-award__total", "-award__pk"),
    "start": ("award__start_date", "award__pk"),
    "-start": ("-award__start_date", "-award__pk"),
    "state": ("state", "pk"),
    "-state": ("-state", "-pk"),
    "created_at": ("created_at", "pk"),
    "-created_at": ("-created_at", "-pk"),
}


# What a provider user sees of their organisation's grants: decided and released ones only.
PROVIDER_VISIBLE_STATES = (GrantState.APPROVED, GrantState.ACTIVE, GrantState.CLOSED)


def grants_visible_to(user) -> QuerySet[Grant]:
    """The one visibility rule for grants: the list filter and the object check (404) both use it.

    Office staff see every grant; a provider user their own organisation's approved, active and
    closed grants; anyone else none.
    """
    qs = grants_with_details()
    if not user.is_authenticated:
        return qs.none()
    if user.has_role(Role.OFFICER, Role.FINANCE, Role.COMMISSIONER, Role.ADMINISTRATOR):
        return qs
    if user.has_role(Role.PROVIDER):
        return qs.filter(
            award__recipient__provider_users__user=user, state__in=PROVIDER_VISIBLE_STATES
        )
    return qs.none()


def payments_to_date(*, award) -> list[Payment]:
    """Money paid against an award so far, oldest first."""
    return list(
        Payment.objects.filter(commitment__award=award)
        .select_related("commitment__stream")
        .order_by("paid_on", "pk")
    )


def grants_awaiting_decision() -> QuerySet[Grant]:
    """For the officer's home panel: reference, title, recipient and amount (no themes or shares)."""
    return Grant.objects.select_related("award__recipient").filter(
        state=GrantState.AWAITING_DECISION
    )


def published_awards() -> QuerySet[Grant]:
    """Grants released by a signed decision notice, for the public transparency page."""
    return grants_with_details().filter(
        state__in=[GrantState.APPROVED, GrantState.ACTIVE, GrantState.CLOSED]
    )


def recipient_awards_total(*, recipient_id: int, since, exclude_award_id=None) -> Decimal:
    """Grant money to one recipient from awards starting on or after `since` (subsidy check)."""
    qs = Grant.objects.filter(
        award__recipient_id=recipient_id,
        award__start_date__gte=since,
        state__in=LIVE_GRANT_STATES,
    )
    if exclude_award_id:
        qs = qs.exclude(award_id=exclude_award_id)
    return qs.aggregate(total=Sum("award__total"))["total"] or ZERO


def related_grant_items(*, notice) -> list:
    """The grants a decision notice releases, for the notice's pages (approvals' related items)."""
    from approvals.hooks import RelatedItem

    return [
        RelatedItem(
            label=f"Grant {g.reference} to {g.award.recipient.name}: {g.title}",
            url=g.get_absolute_url(),
            kind="grant",
        )
        for g in Grant.objects.filter(decision_notice=notice).select_related("award__recipient")
    ]


def drafts_over_budget(*, limit: int = 20) -> list[Grant]:
    """Draft grants that, on their own, go beyond what is left of a stream-year's budget after
    any approved overrides: what a finance approver may be asked to agree. The answer (ids) is cached per
    version of the funding data; the grants themselves are read fresh, in a fixed number of queries."""
    ids = cached_for_funding_version(f"drafts-over:{limit}", lambda: _drafts_over_budget(limit))
    grants = Grant.objects.select_related("award__recipient").in_bulk(ids)  # what the panel shows
    return [grants[pk] for pk in ids if pk in grants]


def _drafts_over_budget(limit: int) -> list[int]:
    drafts = Commitment.objects.filter(award__grant__state=GrantState.DRAFT).values(
        "award_id", "stream_id", "financial_year", "amount"
    )
    drafts = list(drafts)
    if not drafts:
        return []
    stream_ids = sorted({d["stream_id"] for d in drafts})
    years = sorted({d["financial_year"] for d in drafts})
    sums = stream_year_sums(stream_ids=stream_ids, years=years)  # cached per funding version
    overrides: dict[tuple[int, int, int], Decimal] = {}
    for row in (
        BudgetOverride.objects.filter(
            approved_overrides_q(), award_id__in={d["award_id"] for d in drafts}
        )
        .values("award_id", "stream_id", "financial_year")
        .annotate(total=Sum("amount"))
    ):
        overrides[(row["award_id"], row["stream_id"], row["financial_year"])] = row["total"]
    over = set()
    for d in drafts:
        key = (d["stream_id"], d["financial_year"])
        budget, _, committed, _, _ = sums.get(key, (ZERO, False, ZERO, ZERO, ZERO))
        left = budget - committed
        allowed = overrides.get((d["award_id"], *key), ZERO)
        if d["amount"] > left + allowed:
            over.add(d["award_id"])
    return list(
        Grant.objects.filter(award_id__in=over)
        .order_by("award__start_date", "pk")
        .values_list("pk", flat=True)[:limit]
    )
