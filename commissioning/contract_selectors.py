"""Contract reads: the policy in force, the contracts a user may see, the list with its filters,
and one contract's money by financial year and its payments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Sum

from core.financial_years import FinancialYear
from grants.models import Commitment, Payment

from .contract_permissions import can_view_contracts, visible_provider_id
from .contract_terms import OptionStatus
from .models import Contract, ContractPolicy, ContractState, ExtensionOption

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
        queryset = queryset.filter(award__shares__stream_id=filters.stream_id).distinct()
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


@dataclass(frozen=True)
class YearMoney:
    year: FinancialYear
    committed: Decimal
    paid: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.committed - self.paid


def money_by_year(contract: Contract) -> list[YearMoney]:
    """Committed, paid and remaining per financial year (every stream together)."""
    if contract.award_id is None:
        return []
    rows = (
        Commitment.objects.filter(award_id=contract.award_id)
        .values("financial_year")
        .annotate(committed=Sum("amount"))
        .order_by("financial_year")
    )
    paid = dict(
        Commitment.objects.filter(award_id=contract.award_id)
        .values("financial_year")
        .annotate(paid=Sum("payments__amount"))
        .values_list("financial_year", "paid")
    )
    return [
        YearMoney(
            FinancialYear(r["financial_year"]),
            r["committed"],
            paid.get(r["financial_year"]) or Decimal("0.00"),
        )
        for r in rows
    ]


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
