"""Contract reads: the policy in force, the contracts a user may see, the list with its filters
and its data version (for the cached table), and one contract's money by financial year and its
payments."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from auditlog.models import LogEntry
from dateutil.relativedelta import relativedelta
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum

from core.financial_years import FinancialYear
from documents.models import Document
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


def contract_for_page(user, pk: int) -> Contract:
    """One contract the user may see (DoesNotExist otherwise) with what its page reads: the
    approvals, the STA, the decision lead time in force on its start (`lead_months`) and its
    options with their approvals (two queries)."""
    options = ExtensionOption.objects.select_related("approval_request").order_by("sequence")
    policy = ContractPolicy.objects.filter(effective_from__lte=OuterRef("start_date"))
    return (
        contracts_visible_to(user)
        .select_related("approval_request", "single_tender_action")
        .prefetch_related(Prefetch("options", queryset=options))
        .annotate(  # lead_months_for, in the same query (None when no policy is in force)
            lead_months=Subquery(
                policy.order_by("-effective_from").values("decision_lead_months")[:1]
            )
        )
        .get(pk=pk)
    )


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


def contract_records_version(contract: Contract) -> str:
    """Changes whenever the records a contract's page lists below its options may have: its
    commitments, payments and funding shares, outcome measures, meetings and their actions,
    feedback, documents and history (every service that changes a contract writes its history).
    One query of small aggregates, each over an indexed foreign key."""
    tables = {
        m.__name__: m._meta.db_table
        for m in (
            Commitment, Payment, FundingShare, OutcomeMeasure, ContractMeeting, MeetingAction,
            FeedbackEntry, Document, LogEntry,
        )
    }  # fmt: skip
    sql = """SELECT
        (SELECT COUNT(*) FROM {Commitment} WHERE award_id = %(award)s),
        (SELECT SUM(amount) FROM {Commitment} WHERE award_id = %(award)s),
        (SELECT COUNT(*) FROM {Payment} p JOIN {Commitment} c ON c.id = p.commitment_id
            WHERE c.award_id = %(award)s),
        (SELECT MAX(p.id) FROM {Payment} p JOIN {Commitment} c ON c.id = p.commitment_id
            WHERE c.award_id = %(award)s),
        (SELECT COUNT(*) FROM {FundingShare} WHERE award_id = %(award)s),
        (SELECT SUM(amount) FROM {FundingShare} WHERE award_id = %(award)s),
        (SELECT COUNT(*) FROM {OutcomeMeasure} WHERE contract_id = %(contract)s),
        (SELECT MAX(id) FROM {OutcomeMeasure} WHERE contract_id = %(contract)s),
        (SELECT MAX(id) FROM {ContractMeeting} WHERE contract_id = %(contract)s),
        (SELECT COUNT(*) FROM {MeetingAction} a JOIN {ContractMeeting} m ON m.id = a.meeting_id
            WHERE m.contract_id = %(contract)s AND a.done_on IS NULL),
        (SELECT MAX(id) FROM {FeedbackEntry} WHERE contract_id = %(contract)s),
        (SELECT COUNT(*) FROM {Document} WHERE owner_type = %(owner)s AND owner_id = %(pk)s),
        (SELECT MAX(id) FROM {Document} WHERE owner_type = %(owner)s AND owner_id = %(pk)s),
        (SELECT MAX(id) FROM {LogEntry} WHERE content_type_id = %(type)s
            AND object_id = %(contract)s)""".format(**tables)  # noqa: S608
    params = {
        "award": contract.award_id or 0,
        "contract": contract.pk,
        "owner": Contract._meta.label_lower,
        "pk": str(contract.pk),
        "type": ContentType.objects.get_for_model(Contract).pk,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return repr(cursor.fetchone())
