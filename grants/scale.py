"""Scale seeder for grants (see core/scale.py): tens of thousands of grants over eight financial years
in a realistic mix of states, with what the services would have written for each: funding shares that
add up to the award, commitments split by financial year (grants.rules), payments, budgets, and the
signed decision notices that released them, numbered gap-free per calendar year.

Written in bulk, so no history entries: the audit trail of a seeded grant is empty.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from approvals import rules as notice_rules
from approvals.models import DecisionNotice, DecisionNoticeSequence, DecisionNoticeState
from core.financial_years import FinancialYear
from core.scale import ScalePlan, bulk_insert, own_timestamps

from . import rules
from .models import (
    Award,
    Commitment,
    FundingShare,
    FundingStream,
    Grant,
    GrantCondition,
    GrantState,
    IncomeLine,
    Payment,
    PlanTheme,
    StreamBudget,
)
from .override_scale import seed_overrides

SIZES = {"grants": 50_000, "notices": 7_500, "overrides": 500}
FIRST_YEAR = 2019  # awards start from 2019/20 on
LONDON = ZoneInfo("Europe/London")
S = GrantState
PUBLISHED = (S.APPROVED, S.ACTIVE, S.CLOSED)
COUNTING = (S.AWAITING_DECISION, *PUBLISHED)
# State mix by where today falls: (state, weight) for ended, running and future awards.
_MIX = {
    "ended": ((S.CLOSED, 85), (S.ACTIVE, 5), (S.WITHDRAWN, 5), (S.REJECTED, 5)),
    "running": ((S.ACTIVE, 85), (S.APPROVED, 8), (S.WITHDRAWN, 3), (S.REJECTED, 4)),
    "future": (
        (S.DRAFT, 30),
        (S.AWAITING_DECISION, 30),
        (S.APPROVED, 30),
        (S.WITHDRAWN, 5),
        (S.REJECTED, 5),
    ),
}
_STREAM_WEIGHTS = {"MoJ Victims": 35, "Crime and Disorder": 35, "Youth Fund": 20}
_TERMS = (6, 12, 12, 12, 24, 36)  # months
_PURPOSES = (
    "Independent advocacy for victims of domestic abuse",
    "Diversionary sport sessions for young people at risk",
    "Restorative justice conferences between victims and offenders",
    "Community mediation of neighbour disputes",
    "Support for victims of fraud and scams",
    "Road safety education for new drivers",
    "Mentoring for young people leaving custody",
    "Safe accommodation for survivors of sexual violence",
)
D = Decimal


def seed(plan: ScalePlan) -> None:
    rng, today = plan.rng, plan.today
    officer, commissioner = plan.users["officer"], plan.users["commissioner"]
    org_ids = plan.made["organisation_ids"]
    streams = {s.short_name: s for s in FundingStream.objects.all()}
    weights = {name: _STREAM_WEIGHTS.get(name, 10) for name in streams}
    theme_ids = list(PlanTheme.objects.values_list("pk", flat=True))
    first_day = dt.date(FIRST_YEAR, 4, 1)
    span = (today + relativedelta(months=9) - first_day).days

    # 1. The awards and the facts each grant needs, decided up front.
    rows = []
    for _ in range(plan.sizes["grants"]):
        start = first_day + dt.timedelta(days=rng.randrange(span))
        end = start + relativedelta(months=rng.choice(_TERMS)) - dt.timedelta(days=1)
        phase = "ended" if end < today else "running" if start <= today else "future"
        state = rng.choices(*zip(*_MIX[phase], strict=True))[0]
        stream = streams[rng.choices(list(weights), list(weights.values()))[0]]
        limit = stream.max_single_award
        if limit is not None:
            total = D(rng.randrange(250_00, int(limit * 100) + 1)) / 100
        else:
            total = D(int(rng.lognormvariate(10, 1.0) * 100) + 1_000_00) / 100
        partner = rng.choice(org_ids) if limit is None and rng.random() < 0.1 else None
        rows.append((start, end, state, stream, total, rng.choice(org_ids), partner))
    awards = bulk_insert(
        Award,
        (
            Award(
                recipient_id=recipient,
                total=total,
                start_date=start,
                end_date=end,
            )
            for start, end, _, _, total, recipient, _ in rows
        ),
    )
    plan.note(f"{len(awards)} awards")

    notice_of = _notices(plan, rows, officer=officer, commissioner=commissioner)

    # 2. Grants, created some weeks before they start.
    with own_timestamps(Grant, "created_at", "updated_at"):
        grants = bulk_insert(
            Grant,
            (
                Grant(
                    reference=f"GR-{award.pk:05d}",  # as grants.services.create_grants numbers them
                    title=f"{rng.choice(_PURPOSES)} ({row[0]:%B %Y})",
                    award=award,
                    purpose=f"{rng.choice(_PURPOSES)}, delivered across the county.",
                    decision_notice_id=notice_of.get(index),
                    state=row[2],
                    created_by=officer,
                    created_at=_at(min(row[0] - dt.timedelta(days=rng.randint(30, 90)), today)),
                    updated_at=_at(min(row[0], today)),
                )
                for index, (award, row) in enumerate(zip(awards, rows, strict=True))
            ),
        )
    Through = Grant.themes.through
    bulk_insert(
        Through,
        (
            Through(grant_id=grant.pk, plantheme_id=theme)
            for grant in grants
            for theme in rng.sample(theme_ids, rng.choice((1, 1, 2)))
        ),
    )
    bulk_insert(
        GrantCondition,
        (GrantCondition(grant=g, text="Complete the six-monthly outcome return") for g in grants),
    )
    plan.note(f"{len(grants)} grants with themes and a condition each")

    # 3. Shares adding up to the award, commitments by financial year, payments made so far.
    shares, commitments = [], []
    for award, (start, end, _, stream, total, _, partner) in zip(awards, rows, strict=True):
        ours = total if partner is None else (total / 2).quantize(D("0.01"))
        shares.append(FundingShare(award=award, stream=stream, amount=ours))
        if partner is not None:
            shares.append(FundingShare(award=award, partner_id=partner, amount=total - ours))
        for year, amount in rules.split_by_financial_year(ours, start, end).items():
            if amount > 0:
                commitments.append(
                    Commitment(
                        award=award, stream=stream, financial_year=year.start_year, amount=amount
                    )
                )
    bulk_insert(FundingShare, shares)
    commitments = bulk_insert(Commitment, commitments)
    state_of = {award.pk: row[2] for award, row in zip(awards, rows, strict=True)}
    payments = []
    for c in commitments:
        state, year = state_of[c.award_id], FinancialYear(c.financial_year)
        if state not in (S.ACTIVE, S.CLOSED) or year.first_day > today:
            continue
        paid = c.amount if year.last_day < today or state == S.CLOSED else c.amount / 2
        paid = paid.quantize(D("0.01"))
        if paid > 0:
            on = min(year.last_day, today)
            payments.append(Payment(commitment=c, paid_on=on, amount=paid, reference="BACS"))
    bulk_insert(Payment, payments)
    plan.note(
        f"{len(shares)} funding shares, {len(commitments)} commitments, {len(payments)} payments"
    )

    _budgets(plan, {pk for pk, state in state_of.items() if state in COUNTING}, commitments)
    plan.made["grant_ids"] = [g.pk for g in grants]
    seed_overrides(plan)  # override_scale.py


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=LONDON)


def _notices(plan: ScalePlan, rows: list, *, officer, commissioner) -> dict[int, int]:
    """Signed notices releasing the published grants a few at a time, numbered without gaps from
    where each calendar year's sequence stands; a draft notice for each grant awaiting decision and
    a withdrawn one for each rejected grant. Returns {row index: notice id}."""
    rng = plan.rng
    published = sorted(
        (i for i, r in enumerate(rows) if r[2] in PUBLISHED), key=lambda i: rows[i][0]
    )
    count = max(1, min(plan.sizes["notices"], len(published)))
    batches = [
        published[k * len(published) // count : (k + 1) * len(published) // count]
        for k in range(count)
    ]
    batches = [b for b in batches if b]
    last = dict(DecisionNoticeSequence.objects.values_list("year", "last_number"))
    notices, members = [], []
    for batch in batches:  # in order of start date, so numbers follow signing dates
        first_start = rows[batch[0]][0]
        signed_on = min(first_start - dt.timedelta(days=rng.randint(7, 40)), plan.today)
        signed_at = min(_at(signed_on, hour=rng.randint(9, 17)), timezone.now())
        year = notice_rules.signing_year(signed_at)
        last[year] = last.get(year, 0) + 1
        amount = sum((rows[i][4] for i in batch), D("0.00"))
        notices.append(
            DecisionNotice(
                title=f"Release of {len(batch)} grant{'s' if len(batch) > 1 else ''} "
                f"starting {first_start:%B %Y}",
                decision_text="The Commissioner approves the release of the grants listed.",
                reasons="They serve the Police and Crime Plan and fit the stream budgets.",
                amount=amount,
                funding_summary="; ".join(sorted({rows[i][3].name for i in batch})),
                drafted_by=officer,
                drafted_at=signed_at - dt.timedelta(days=rng.randint(1, 10)),
                state=DecisionNoticeState.SIGNED,
                signed_by=commissioner,
                signed_at=signed_at,
                year=year,
                sequence=last[year],
                number=notice_rules.format_notice_number(year, last[year]),
            )
        )
        members.append(batch)
    for state in (S.AWAITING_DECISION, S.REJECTED):
        for i, row in enumerate(rows):
            if row[2] != state:
                continue
            withdrawn = state == S.REJECTED
            drafted_at = _at(min(row[0] - dt.timedelta(days=rng.randint(20, 60)), plan.today))
            notices.append(
                DecisionNotice(
                    title=f"Release of a grant starting {row[0]:%B %Y}",
                    decision_text="The Commissioner approves the release of the grant.",
                    reasons="It serves the Police and Crime Plan.",
                    amount=row[4],
                    funding_summary=row[3].name,
                    drafted_by=officer,
                    drafted_at=drafted_at,
                    state=DecisionNoticeState.WITHDRAWN if withdrawn else DecisionNoticeState.DRAFT,
                    withdrawn_by=officer if withdrawn else None,
                    withdrawn_at=drafted_at + dt.timedelta(days=14) if withdrawn else None,
                    withdrawal_reason="The Commissioner decided not to fund it."
                    if withdrawn
                    else "",
                )
            )
            members.append([i])
    notices = bulk_insert(DecisionNotice, notices)  # bulk_create skips save(): born signed here
    for year, number in last.items():
        DecisionNoticeSequence.objects.update_or_create(year=year, defaults={"last_number": number})
    plan.note(f"{len(notices)} decision notices ({len(batches)} signed)")
    return {i: notice.pk for notice, batch in zip(notices, members, strict=True) for i in batch}


def _budgets(plan: ScalePlan, counting: set[int], commitments: list) -> None:
    """A budget for every stream and year with commitments: mostly comfortably above what is
    committed, a few close to or over it (the officer's home page warns of those)."""
    committed: dict[tuple[int, int], Decimal] = defaultdict(lambda: D("0.00"))
    for c in commitments:
        if c.award_id in counting:
            committed[(c.stream_id, c.financial_year)] += c.amount
    lines = []
    for (stream_id, year), amount in sorted(committed.items()):
        budget, _ = StreamBudget.objects.get_or_create(stream_id=stream_id, financial_year=year)
        factor = D(plan.rng.choice(("1.05", "1.15", "1.25", "1.40", "0.97")))
        lines.append(
            IncomeLine(
                budget=budget,
                description="National-scale allocation",
                source="Scale seed",
                amount=max(D("0.01"), (amount * factor).quantize(D("1"))),
            )
        )
    bulk_insert(IncomeLine, lines)
    plan.note(f"{len(lines)} stream budgets")
