"""Scale seeder for tenders (called from commissioning/scale.py, after the projects): tenders in
every state, each for a project in its Do stage, with their questions (weights that total), bids
received before the deadline, the `evaluator` on the panel of those in evaluation or later with
their scores, and moderated scores for those in moderation or awarded. Written in bulk, so no
history entries and no contracts for the awarded ones (the contracts seeder covers contracts)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from core.scale import ScalePlan, bulk_insert

from .models import (
    Bid,
    CommissioningProject,
    ModeratedScore,
    PanelMember,
    ProjectStage,
    Score,
    Tender,
    TenderQuestion,
    TenderState,
)

_MIX = (
    (TenderState.DRAFT, 10),
    (TenderState.APPROVED, 3),
    (TenderState.PUBLISHED, 25),
    (TenderState.CLOSED, 5),
    (TenderState.EVALUATION, 20),
    (TenderState.MODERATION, 10),
    (TenderState.AWARDED, 25),
    (TenderState.CANCELLED, 5),
)
_WEIGHTS = (Decimal(30), Decimal(25), Decimal(15))  # quality 70, price 30
_AFTER_CLOSE = {TenderState.CLOSED, TenderState.EVALUATION, TenderState.MODERATION,
                TenderState.AWARDED}  # fmt: skip
_SCORED = {TenderState.EVALUATION, TenderState.MODERATION, TenderState.AWARDED}
_MODERATED = {TenderState.MODERATION, TenderState.AWARDED}
_TITLES = ("Victim and witness hub", "Independent sexual violence advisers",
           "Restorative justice service", "Domestic abuse outreach")  # fmt: skip


def seed_tenders(plan: ScalePlan) -> None:
    rng, count = plan.rng, plan.sizes.get("tenders", 0)
    project_ids = list(
        CommissioningProject.objects.filter(stage=ProjectStage.DO).values_list("pk", flat=True)
    )
    stream_ids = plan.made.get("stream_ids") or []
    if not count or not project_ids:
        return
    if not stream_ids:
        from grants.models import FundingStream

        stream_ids = list(FundingStream.objects.values_list("pk", flat=True))
    officer, evaluator = plan.users["officer"], plan.users.get("evaluator")
    org_ids = plan.made["organisation_ids"]
    now = dt.datetime.combine(plan.today, dt.time(12), tzinfo=dt.UTC)
    states, weights = [s for s, _ in _MIX], [w for _, w in _MIX]
    tenders, chosen = [], []
    for i in range(count):
        state = rng.choices(states, weights)[0]
        chosen.append(state)
        closed = state in _AFTER_CLOSE or (state == TenderState.CANCELLED and rng.random() < 0.5)
        published = state not in (TenderState.DRAFT, TenderState.APPROVED) and (
            state != TenderState.CANCELLED or closed  # a closed cancelled one was published
        )
        deadline = now + dt.timedelta(days=rng.randint(-400, -1) if closed else rng.randint(1, 60))
        tenders.append(
            Tender(
                project_id=rng.choice(project_ids),
                reference=f"SCALE-T-{i:06d}",
                title=rng.choice(_TITLES),
                stream_id=rng.choice(stream_ids),
                funding_envelope=Decimal(rng.randrange(60_000, 900_000)),
                quality_weight=Decimal(70),
                price_weight=Decimal(30),
                clarification_deadline=deadline - dt.timedelta(days=14),
                submission_deadline=deadline,
                publication_reference="" if state == TenderState.DRAFT else f"BL-{i:06d}",
                published_at=deadline - dt.timedelta(days=30) if published else None,
                contract_start=(deadline + dt.timedelta(days=120)).date(),
                initial_months=24,
                option_months=[12],
                lead_officer=officer,
                created_by=officer,
                # Awarded ones are inserted in moderation and awarded once their bid exists.
                state=TenderState.MODERATION if state == TenderState.AWARDED else state,
                cancel_reason="Funding withdrawn" if state == TenderState.CANCELLED else "",
            )
        )
    bulk_insert(Tender, tenders)
    state_of = {t.pk: s for t, s in zip(tenders, chosen, strict=True)}
    awarded_pks = {pk for pk, s in state_of.items() if s == TenderState.AWARDED}
    questions = bulk_insert(
        TenderQuestion,
        (
            TenderQuestion(tender_id=t.pk, number=n, text=f"Method statement {n}", weight=w)
            for t in tenders
            for n, w in enumerate(_WEIGHTS, start=1)
        ),
    )
    by_tender: dict[int, list[TenderQuestion]] = {}
    for q in questions:
        by_tender.setdefault(q.tender_id, []).append(q)
    bids = []
    for t in tenders:
        if t.state == TenderState.DRAFT or t.state == TenderState.CANCELLED:
            continue
        for org in rng.sample(org_ids, min(len(org_ids), rng.randint(2, 6))):
            price = Decimal(rng.randrange(40_000, 1_000_000))
            bids.append(
                Bid(
                    tender_id=t.pk, bidder_id=org, whole_life_price=price,
                    annual_price=(price / 2).quantize(Decimal("0.01")),
                    received_at=t.submission_deadline - dt.timedelta(hours=rng.randint(1, 300)),
                    recorded_by=officer,
                )
            )  # fmt: skip
    bulk_insert(Bid, bids)
    members = []
    if evaluator is not None:
        members = bulk_insert(
            PanelMember,
            (
                PanelMember(
                    tender_id=t.pk, evaluator=evaluator, organisation="County council",
                    status=PanelMember.Status.DECLARED, confidentiality_agreed=True,
                    declared_at=t.submission_deadline, assigned_by=officer,
                )
                for t in tenders
                if state_of[t.pk] in _SCORED
            ),
        )  # fmt: skip
    member_of = {m.tender_id: m for m in members}
    scores, moderated = [], []
    for bid in bids:
        state = state_of[bid.tender_id]
        for q in by_tender[bid.tender_id]:
            value = rng.randint(1, 4)
            if bid.tender_id in member_of:
                scores.append(
                    Score(member=member_of[bid.tender_id], bid_id=bid.pk, question=q,
                          score=value, justification="Evidence as described")
                )  # fmt: skip
            if state in _MODERATED:
                moderated.append(
                    ModeratedScore(bid_id=bid.pk, question=q, score=value,
                                   rationale="Panel consensus", moderated_by=officer)
                )  # fmt: skip
    bulk_insert(Score, scores)
    bulk_insert(ModeratedScore, moderated)
    first_bid = {}
    for bid in bids:
        first_bid.setdefault(bid.tender_id, bid.pk)
    awarded = [t for t in tenders if t.pk in awarded_pks]
    for t in awarded:
        t.awarded_bid_id = first_bid[t.pk]
    Tender.objects.bulk_update(awarded, ["awarded_bid"], batch_size=2000)
    Tender.objects.filter(pk__in=awarded_pks).update(state=TenderState.AWARDED)
    plan.made["tender_ids"] = [t.pk for t in tenders]
    plan.note(f"{len(tenders):,} tenders, {len(bids):,} bids, {len(scores):,} scores")
