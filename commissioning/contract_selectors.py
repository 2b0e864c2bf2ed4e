"""Contract reads: the policy in force, the contracts a user may see, the list with its filters
and its data version (for the cached table), and one contract's money by financial year and its
payments."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db import connection
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.expressions import RawSQL

from approvals.engine.models import ApprovalRequest, ApprovalState
from approvals.fragments import page_version
from core.financial_years import FinancialYear
from grants.models import Commitment, FundingShare, Payment
from providers.models import Organisation

from . import contract_terms
from .contract_permissions import can_view_contracts, visible_provider_id
from .contract_terms import OptionStatus
from .models import (
    Contract,
    ContractMeeting,
    ContractPolicy,
    ContractState,
    ExtensionOption,
    FeedbackEntry,
    MeetingAction,
    OutcomeMeasure,
    SingleTenderAction,
)

LIST_CACHE_SECONDS = 60  # bounds what the version misses (an award's shares edited in admin)
NO_POLICY = "No contract policy is in force on {day}: an administrator must add one."


def policy_on(on: date) -> ContractPolicy:
    """The contract-term policy in force on `on` (ValueError when there is none)."""
    policy = ContractPolicy.objects.filter(effective_from__lte=on).first()
    if policy is None:
        raise ValueError(NO_POLICY.format(day=f"{on:%-d %B %Y}"))
    return policy


def lead_months_for(contract: Contract) -> int:
    return policy_on(contract.start_date).decision_lead_months


def contracts_visible_to(user) -> QuerySet[Contract]:
    """Staff see every contract; a provider user their organisation's; anyone else none."""
    if not can_view_contracts(user)[0]:
        return Contract.objects.none()
    queryset = Contract.objects.select_related("provider", "award")
    provider_id = visible_provider_id(user)
    return queryset if provider_id is None else queryset.filter(provider_id=provider_id)


SORTS = {
    "reference": "reference",
    "-reference": "-reference",
    "provider": "provider__name",
    "-provider": "-provider__name",
    "start": "start_date",
    "-start": "-start_date",
    "end": "award__end_date",
    "-end": "-award__end_date",
}


@dataclass(frozen=True)
class ContractFilters:
    state: str = ""
    provider_id: int | None = None
    provider_name: str = ""
    stream_id: int | None = None
    ending_within_months: int | None = None
    decisions_due: bool = False
    sort: str = "reference"


DECISIONS_DUE_MONTHS = 6


def _decision_due_within(today: date, months: int) -> Q:
    """Contracts whose next decision deadline (the current end less the lead time of the policy
    in force on their start) falls within `months` of today, overdue ones included: one
    condition per policy period, from one query of the (few) policies."""
    policies = list(ContractPolicy.objects.order_by("effective_from"))
    due = Q(pk__in=[])
    for policy, later in zip(policies, [*policies[1:], None], strict=True):
        period = Q(start_date__gte=policy.effective_from)
        if later is not None:
            period &= Q(start_date__lt=later.effective_from)
        horizon = today + relativedelta(months=months + policy.decision_lead_months)
        due |= period & Q(award__end_date__lte=horizon)
    return due


def contracts_for_list(*, user, filters: ContractFilters, today: date) -> QuerySet[Contract]:
    """The contract list: filtered, sorted, with what each row shows prefetched (constant queries).

    "Ending within N months" and "option decisions due" use the award's end (the current end);
    a decision is due when a pending option's deadline (see _decision_due_within) is within 6
    months.
    """
    queryset = contracts_visible_to(user).prefetch_related(
        Prefetch("options", queryset=ExtensionOption.objects.order_by("sequence"))
    )
    if filters.state:
        queryset = queryset.filter(state=filters.state)
    if filters.provider_id:
        queryset = queryset.filter(provider_id=filters.provider_id)
    if filters.provider_name:
        queryset = queryset.filter(provider__name__icontains=filters.provider_name)
    if filters.stream_id:
        shares = FundingShare.objects.filter(
            award_id=OuterRef("award_id"), stream_id=filters.stream_id
        )
        queryset = queryset.filter(Exists(shares))
    if filters.ending_within_months:
        queryset = queryset.filter(
            award__end_date__gte=today,
            award__end_date__lte=today + relativedelta(months=filters.ending_within_months),
        )
    if filters.decisions_due:
        pending = ExtensionOption.objects.filter(
            contract=OuterRef("pk"), status=OptionStatus.PENDING
        )
        queryset = queryset.filter(
            Exists(pending),
            _decision_due_within(today, DECISIONS_DUE_MONTHS),
            state=ContractState.ACTIVE,
        )
    return queryset.order_by(SORTS.get(filters.sort, "reference"), "pk")


def _lead_months() -> Subquery:
    """An annotation: the decision lead time of the policy in force on a contract's start."""
    policy = ContractPolicy.objects.filter(effective_from__lte=OuterRef("start_date"))
    return Subquery(policy.order_by("-effective_from").values("decision_lead_months")[:1])


def contract_page_facts(user, pk: int) -> dict | None:
    """What a contract's page is cached under, in one query of plain values (None when the user
    may not see it): the row's facts the permissions read, the heading, and the versions of what
    the page shows. An approval request leaves pending once, setting `decided_at`, so its id and
    that date say its state; the options' version covers their rows and their approvals."""
    contract = f"{Contract._meta.db_table}.id"
    options = ExtensionOption._meta.db_table
    requests = ApprovalRequest._meta.db_table
    options_version = RawSQL(  # noqa: S611 (names from models, no user input)
        f"SELECT CAST(COUNT(*) AS VARCHAR(20)) || ':' || COALESCE(CAST(MAX(o.updated_at)"  # noqa: S608
        f" AS VARCHAR(40)), '') || ':' || COALESCE(SUM(o.approval_request_id), 0) || ':'"
        f" || COUNT(r.decided_at) FROM {options} o LEFT JOIN {requests} r"
        f" ON r.id = o.approval_request_id WHERE o.contract_id = {contract}",
        [],
    )  # fmt: skip
    return (
        contracts_visible_to(user)
        .filter(pk=pk)
        .annotate(
            lead_months=_lead_months(),
            options_version=options_version,
            records_version=records_version(),
        )
        .values(
            "pk", "reference", "title", "state", "updated_at", "provider_id", "provider__name",
            "award_id", "award__start_date", "award__end_date", "award__total",
            "approval_request_id", "approval_request__decided_at",
            "lead_months", "options_version", "records_version",
        )
        .first()
    )  # fmt: skip


def contract_for_page(user, pk: int) -> Contract:
    """One contract the user may see (DoesNotExist otherwise) with what its page reads, in two
    queries: the contract with its provider and award, the state and reason of its approval
    (`approval_state`, `approval_reason`), its STA's reference (`sta_reference`), the decision
    lead time in force on its start (`lead_months`, None when no policy is), then its options,
    each with its approval's state; `approval_label` on each says that state in words. The
    approval requests and the STA are not read whole: the page needs three of their columns."""
    options = ExtensionOption.objects.annotate(
        approval_state=F("approval_request__state")
    ).order_by("sequence")
    contract = (
        contracts_visible_to(user)
        .prefetch_related(Prefetch("options", queryset=options))
        .annotate(
            approval_state=F("approval_request__state"),
            approval_reason=F("approval_request__reason"),
            lead_months=_lead_months(),
        )
        .get(pk=pk)
    )
    sta = contract.single_tender_action_id
    contract.sta_reference = SingleTenderAction(pk=sta).reference if sta else ""
    labels = dict(ApprovalState.choices)
    for row in (contract, *contract.option_rows()):
        row.approval_label = labels.get(row.approval_state, "")
    return contract


@dataclass(frozen=True)
class YearMoney:
    year: FinancialYear
    committed: Decimal
    paid: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.committed - self.paid


def money_by_year(contract: Contract, payments: list[Payment] | None = None) -> list[YearMoney]:
    """Committed, paid and remaining per financial year (every stream together). `payments`:
    the contract's payments already read (payments_for), added up here instead of again."""
    if contract.award_id is None:
        return []
    rows = (
        Commitment.objects.filter(award_id=contract.award_id)
        .values("financial_year")
        .annotate(committed=Sum("amount"))
        .order_by("financial_year")
    )
    if payments is None:
        paid = dict(
            Commitment.objects.filter(award_id=contract.award_id)
            .values("financial_year")
            .annotate(paid=Sum("payments__amount"))
            .values_list("financial_year", "paid")
        )
    else:
        paid = {}
        for payment in payments:
            year = payment.commitment.financial_year
            paid[year] = paid.get(year, Decimal("0.00")) + payment.amount
    return [
        YearMoney(
            FinancialYear(r["financial_year"]),
            r["committed"],
            paid.get(r["financial_year"]) or Decimal("0.00"),
        )
        for r in rows
    ]


def lead_months_lookup() -> Callable[[date], int | None]:
    """A function giving a start date's decision lead time (None before any policy), from one
    query of the (few) policies: for lists and downloads of many contracts."""
    policies = list(
        ContractPolicy.objects.order_by("-effective_from").values_list(
            "effective_from", "decision_lead_months"
        )
    )
    return lambda start: next((lead for since, lead in policies if since <= start), None)


CSV_CHUNK = 500


def csv_rows(contracts: QuerySet[Contract]) -> Iterator[list[list]]:
    """The list's download in chunks of rows (reference, service, provider, term, start, current
    end, status): plain values and one query of options per chunk, constant memory."""
    lead_months = lead_months_lookup()
    labels = dict(ContractState.choices)
    rows = contracts.prefetch_related(None).values_list(
        "pk", "reference", "title", "provider__name", "start_date", "initial_months",
        "ended_on", "state",
    )  # fmt: skip
    chunk: list[tuple] = []
    for row in rows.iterator(chunk_size=CSV_CHUNK):
        chunk.append(row)
        if len(chunk) == CSV_CHUNK:
            yield _csv_chunk(chunk, lead_months, labels)
            chunk = []
    if chunk:
        yield _csv_chunk(chunk, lead_months, labels)


def _csv_chunk(chunk: list[tuple], lead_months, labels: dict) -> list[list]:
    options: dict[int, list[tuple[int, str]]] = {}
    for contract_id, months, status in (
        ExtensionOption.objects.filter(contract_id__in=[r[0] for r in chunk])
        .order_by("contract_id", "sequence")
        .values_list("contract_id", "months", "status")
    ):
        options.setdefault(contract_id, []).append((months, status))
    out = []
    for pk, reference, title, provider, start, initial, ended_on, state in chunk:
        mine = options.get(pk, [])
        lead = lead_months(start)
        end = (
            contract_terms.timeline(start, initial, mine, lead_months=lead, ended_on=ended_on)
            if lead
            else None
        )
        term = contract_terms.describe_term(initial, [m for m, _ in mine])
        cells = (reference, title, provider, term, start, end.current_end if end else "")
        out.append([*(str(v) for v in cells), labels.get(state, state)])
    return out


def lead_months_by_start(starts: list[date]) -> dict[date, int]:
    """Each start date's decision lead time, from one query (the list's rows)."""
    policies = list(ContractPolicy.objects.order_by("-effective_from"))
    found = {}
    for start in set(starts):
        policy = next((p for p in policies if p.effective_from <= start), None)
        if policy is not None:
            found[start] = policy.decision_lead_months
    return found


def payments_for(contract: Contract) -> QuerySet[Payment]:
    """Every payment against the contract's commitments, oldest first (one query)."""
    return (
        Payment.objects.filter(commitment__award_id=contract.award_id)
        .select_related("commitment__stream")
        .order_by("paid_on", "pk")
    )


def contracts_version() -> str:
    """Changes whenever a row of the contract list may have: a contract or an option saved, added
    or removed (their updated_at stamps and counts), a contract policy changed, an organisation
    renamed. One query of index-backed aggregates."""
    contract, option, policy, organisation = (
        m._meta.db_table for m in (Contract, ExtensionOption, ContractPolicy, Organisation)
    )
    sql = f"""SELECT (SELECT MAX(updated_at) FROM {contract}), (SELECT COUNT(*) FROM {contract}),
        (SELECT MAX(updated_at) FROM {option}), (SELECT COUNT(*) FROM {option}),
        (SELECT COUNT(*) FROM {policy}), (SELECT MAX(id) FROM {policy}),
        (SELECT MAX(effective_from) FROM {policy}), (SELECT SUM(decision_lead_months) FROM {policy}),
        (SELECT MAX(updated_at) FROM {organisation})"""  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return repr(cursor.fetchone())


def records_version():
    """An annotation on contracts that changes whenever the records a contract's page lists
    below its options may have: its commitments, payments and funding shares, outcome measures,
    meetings and their actions, feedback, documents and history (every service that changes a
    contract writes its history). Small aggregates over indexed foreign keys, read in the same
    query as the contract."""
    tables = {
        m.__name__: m._meta.db_table
        for m in (Commitment, Payment, FundingShare, OutcomeMeasure, ContractMeeting,
                  MeetingAction, FeedbackEntry)
    }  # fmt: skip
    award = f"{Contract._meta.db_table}.award_id"
    counted = "COUNT(*) || ':' || COALESCE(MAX({t}.id), 0)"
    related = [
        (
            f"(SELECT {counted.format(t='c')} || ':' || COALESCE(SUM(c.amount), 0)"  # noqa: S608
            f" FROM {tables['Commitment']} c WHERE c.award_id = {award})",
            [],
        ),
        (
            f"(SELECT {counted.format(t='p')} FROM {tables['Payment']} p"  # noqa: S608
            f" JOIN {tables['Commitment']} c ON c.id = p.commitment_id WHERE c.award_id = {award})",
            [],
        ),
        (
            f"(SELECT {counted.format(t='s')} || ':' || COALESCE(SUM(s.amount), 0)"  # noqa: S608
            f" FROM {tables['FundingShare']} s WHERE s.award_id = {award})",
            [],
        ),
        *(
            (f"(SELECT {counted.format(t='r')} FROM {tables[name]} r"  # noqa: S608
             " WHERE r.contract_id = {outer})", [])
            for name in ("OutcomeMeasure", "ContractMeeting", "FeedbackEntry")
        ),
        (
            f"(SELECT COUNT(*) FROM {tables['MeetingAction']} a"  # noqa: S608
            f" JOIN {tables['ContractMeeting']} m ON m.id = a.meeting_id"
            " WHERE m.contract_id = {outer} AND a.done_on IS NULL)",
            [],
        ),
    ]  # fmt: skip
    return page_version(Contract, documents=True, related=related)
