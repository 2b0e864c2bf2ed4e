"""Scale seeder for contracts (called from commissioning/scale.py): contracts in every state with
their options, and the award, share and per-year commitments the services would have written;
finance's payments on let contracts, and each active contract's last meeting with an open action.
Written in bulk, so no history entries and no approval requests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from core.scale import ScalePlan, bulk_insert
from grants.models import Award, AwardKind, Commitment, FundingShare, FundingStream, Payment
from grants.rules import split_by_financial_year

from . import contract_terms
from .contract_terms import OptionStatus
from .models import (
    Contract,
    ContractMeeting,
    ContractOrigin,
    ContractState,
    ExtensionOption,
    MeetingAction,
)

_TERMS = ((36, (12,)), (24, (12,)), (12, (12,)), (24, (12, 12)), (24, ()))
_MIX = (
    (ContractState.DRAFT, 10),
    (ContractState.ACTIVE, 60),
    (ContractState.ENDED, 10),
    (ContractState.TERMINATED, 10),
    (ContractState.DECOMMISSIONED, 10),
)
_TITLES = (
    "Independent domestic violence advisers",
    "Restorative justice service",
    "Victim and witness hub support",
    "Youth diversion sessions",
)


def seed_contracts(plan: ScalePlan) -> None:
    rng, today, count = plan.rng, plan.today, plan.sizes.get("contracts", 0)
    stream = FundingStream.objects.order_by("pk").first()
    if not count or stream is None:
        return
    officer, org_ids = plan.users["officer"], plan.made["organisation_ids"]
    states, weights = [s for s, _ in _MIX], [w for _, w in _MIX]
    rows = []
    for i in range(count):
        initial, options = rng.choice(_TERMS)
        start = today - dt.timedelta(days=rng.randint(0, 1000))
        annual = Decimal(rng.randrange(10_000, 150_000))
        state = rng.choices(states, weights)[0]
        end = contract_terms.term_end(start, initial)
        ended_on = None
        if state in (ContractState.TERMINATED, ContractState.DECOMMISSIONED):
            ended_on = max(start + dt.timedelta(days=rng.randint(60, 300)), start)
            ended_on = min(ended_on, end)
        award = Award(
            kind=AwardKind.CONTRACT,
            recipient_id=rng.choice(org_ids),
            total=contract_terms.term_value(annual, initial),
            start_date=start,
            end_date=ended_on or end,
            contract_let_at=None if state == ContractState.DRAFT else timezone.now(),
        )
        contract = Contract(
            reference=f"SCALE-C-{i:06d}",
            provider_id=award.recipient_id,
            title=rng.choice(_TITLES),
            origin=ContractOrigin.TENDER,
            annual_value=annual,
            start_date=start,
            initial_months=initial,
            commissioner_notice_months=3,
            provider_notice_months=rng.choice((3, 6)),
            ended_on=ended_on,
            created_by=officer,
            state=state,
        )
        rows.append((award, contract, options))
    bulk_insert(Award, [a for a, _, _ in rows])
    for award, contract, _ in rows:
        if award.end_date < contract_terms.term_end(contract.start_date, contract.initial_months):
            days = (award.end_date - award.start_date).days + 1
            whole = (contract_terms.term_end(contract.start_date, contract.initial_months)
                     - award.start_date).days + 1  # fmt: skip
            award.total = (award.total * days / whole).quantize(Decimal("0.01"))
        contract.award_id = award.pk
    Award.objects.bulk_update([a for a, _, _ in rows], ["total"], batch_size=2000)
    bulk_insert(Contract, [c for _, c, _ in rows])
    shares, commitments, options = [], [], []
    for award, contract, months in rows:
        shares.append(FundingShare(award_id=award.pk, stream=stream, amount=award.total))
        for year, amount in split_by_financial_year(
            award.total, award.start_date, award.end_date
        ).items():
            commitments.append(
                Commitment(
                    award_id=award.pk, stream=stream, financial_year=year.start_year, amount=amount
                )
            )
        finished = contract.state != ContractState.ACTIVE and contract.state != ContractState.DRAFT
        options += [
            ExtensionOption(
                contract_id=contract.pk,
                sequence=n,
                months=m,
                status=OptionStatus.LAPSED if finished else OptionStatus.PENDING,
            )
            for n, m in enumerate(months, start=1)
        ]
    bulk_insert(FundingShare, shares)
    commitments = bulk_insert(Commitment, [c for c in commitments if c.amount > 0])
    bulk_insert(ExtensionOption, options)
    let = {c.award_id: c for _, c, _ in rows if c.state != ContractState.DRAFT}
    payments = _payments(commitments, let, today, plan.users.get("finance") or officer)
    meetings = _meetings(
        [c for c in let.values() if c.state == ContractState.ACTIVE], today, officer
    )
    plan.made["contract_ids"] = [c.pk for _, c, _ in rows]
    plan.note(
        f"{len(rows):,} contracts, {len(options):,} extension options, {payments:,} payments, "
        f"{meetings:,} meetings"
    )


def _payments(commitments, let: dict, today: dt.date, finance) -> int:
    """A quarter of each let contract's commitment for every year two months old."""
    rows = [
        Payment(
            commitment_id=c.pk,
            paid_on=c.year.first_day + dt.timedelta(days=61),
            amount=(c.amount * Decimal("0.25")).quantize(Decimal("0.01")),
            reference=f"SCALE-REM-{c.pk}",
            recorded_by=finance,
            recorded_at=timezone.now(),
        )
        for c in commitments
        if c.award_id in let
        and c.year.first_day + dt.timedelta(days=61) <= today
        and c.amount >= Decimal("0.04")
    ]
    bulk_insert(Payment, rows)
    return len(rows)


def _meetings(active: list[Contract], today: dt.date, officer) -> int:
    """The last quarterly meeting of each active contract, with one action still open."""
    meetings = bulk_insert(
        ContractMeeting,
        [
            ContractMeeting(
                contract_id=c.pk,
                held_on=max(c.start_date, today - dt.timedelta(days=45)),
                attendees="Contract manager; provider's service lead",
                notes="Quarterly review: delivery on track.",
                recorded_by=officer,
            )
            for c in active
        ],
    )
    bulk_insert(
        MeetingAction,
        [
            MeetingAction(
                meeting_id=m.pk,
                description="Send the quarter's referral data",
                owner="Provider's service lead",
                due_on=m.held_on + dt.timedelta(days=30),
            )
            for m in meetings
        ],
    )
    return len(meetings)
