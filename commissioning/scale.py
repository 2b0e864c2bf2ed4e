"""Scale seeder for Single Tender Actions (see core/scale.py; contracts are contract_scale.py,
commissioning projects project_scale.py): STAs in every state with the approval
requests and decisions the services would have written (the band in force, its roles and reason;
each decision by a different person, never the requester), so the approval queues can be timed
with thousands waiting. Values stay at or under £500,000 (no decision notices to number here).

Written in bulk, so no history entries.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from approvals.engine import rules as band_rules
from approvals.engine.models import (
    ApprovalBand,
    ApprovalDecision,
    ApprovalKind,
    ApprovalRequest,
    ApprovalState,
)
from core.scale import ScalePlan, bulk_insert

from . import rules
from .contract_scale import seed_contracts
from .models import (
    DirectAwardGround,
    GroundRegime,
    SingleTenderAction,
    StaState,
    StatutoryThreshold,
)
from .project_scale import seed_projects
from .tender_scale import seed_tenders

SIZES = {"stas": 2_000, "contracts": 1_000, "projects": 1_000, "tenders": 1_000}
LONDON = ZoneInfo("Europe/London")
_MIX = (
    (StaState.DRAFT, 10),
    (StaState.SUBMITTED, 20),
    (StaState.RETURNED, 5),
    (StaState.APPROVED, 55),
    (StaState.REJECTED, 10),
)
_OUTCOME = {
    StaState.APPROVED: ApprovalState.APPROVED,
    StaState.REJECTED: ApprovalState.REJECTED,
    StaState.RETURNED: ApprovalState.RETURNED,
}
_SERVICES = (
    "Telephone interpreting for victims",
    "Case management system licences",
    "Independent sexual violence advisers",
    "Restorative justice practitioners",
    "Out-of-hours helpline cover",
    "Speed awareness trainer accreditation",
)
_DECIDERS = {"finance_approver": "finance", "chief_executive": "chiefexec"}


def _value(rng) -> Decimal:
    """Log-uniform between £5,000 and £500,000, in pounds and pence."""
    return Decimal(str(round(5_000 * (100 ** rng.random()), 2))).quantize(Decimal("0.01"))


def seed(plan: ScalePlan) -> None:
    _seed_stas(plan)
    seed_contracts(plan)  # contract_scale.py
    seed_projects(plan)  # project_scale.py
    seed_tenders(plan)  # tender_scale.py (needs projects in Do)


def _seed_stas(plan: ScalePlan) -> None:
    rng, today, count = plan.rng, plan.today, plan.sizes.get("stas", 0)
    if not count:
        return
    officer = plan.users["officer"]
    deciders = {role: plan.users[name] for role, name in _DECIDERS.items()}
    org_ids = plan.made["organisation_ids"]
    bands = {b.pk: b for b in ApprovalBand.objects.filter(kind=ApprovalKind.STA)}
    band_rows = [b.as_rule() for b in bands.values()]
    thresholds = [t.as_rule() for t in StatutoryThreshold.objects.all()]
    grounds = {
        regime: list(DirectAwardGround.objects.filter(regime=regime, is_active=True))
        for regime in GroundRegime.values
    }
    states = [s for s, _ in _MIX]
    weights = [w for _, w in _MIX]
    requests, stas, plans = [], [], []
    for i in range(count):
        state = rng.choices(states, weights)[0]
        value = _value(rng)
        requested = dt.datetime.combine(
            today - dt.timedelta(days=rng.randint(0, 700)), dt.time(9 + i % 8), tzinfo=LONDON
        )
        procurement_start = requested.date() - dt.timedelta(days=30)
        threshold = rules.threshold_for(thresholds, category="goods_services", on=procurement_start)
        above = rules.is_at_or_above(value, threshold)
        ground = rng.choice(
            grounds[GroundRegime.SCHEDULE_5 if above else GroundRegime.BELOW_THRESHOLD]
        )
        start = requested.date() + dt.timedelta(days=90)
        service = rng.choice(_SERVICES)
        sta = SingleTenderAction(
            supplier_id=rng.choice(org_ids),
            service=service,
            whole_life_value=value,
            start_date=start,
            end_date=start + dt.timedelta(days=rng.choice((364, 729, 1094))),
            procurement_start_date=procurement_start,
            case="The incumbent is the only supplier able to continue the service.",
            ground=ground,
            justification="Market engagement found no other supplier able to start.",
            transparency_notice_reference=f"FTS-SCALE-{i:06d}" if above else "",
            transparency_notice_published_on=procurement_start if above else None,
            created_by=officer,
            created_at=requested - dt.timedelta(days=2),
            state=state,
        )
        stas.append(sta)
        if state == StaState.DRAFT:
            continue
        band = band_rules.band_for(
            band_rows, kind=ApprovalKind.STA, value=value, on=requested.date()
        )
        request = ApprovalRequest(
            kind=ApprovalKind.STA,
            value=value,
            title=f"{service} ({i + 1})",
            requested_by=officer,
            requested_at=requested,
            band_date=requested.date(),
            band_id=band.pk,
            first_role=band.roles[0],
            second_role=band.roles[1] if len(band.roles) > 1 else "",
            reason=band_rules.who_must_approve(
                band, value=value, kind_label="Single tender action"
            ),
            state=_OUTCOME.get(state, ApprovalState.PENDING),
            decided_at=None if state == StaState.SUBMITTED else requested + dt.timedelta(days=3),
        )
        requests.append(request)
        plans.append((sta, request, band))
    bulk_insert(ApprovalRequest, requests)
    for sta, request, _band in plans:
        sta.approval_request_id = request.pk
        if request.state in (ApprovalState.REJECTED, ApprovalState.RETURNED):
            sta.approver_comments = "Add the missing quotes and resubmit."
    bulk_insert(SingleTenderAction, stas)
    for sta, request, _band in plans:
        request.subject_url = sta.get_absolute_url()
    ApprovalRequest.objects.bulk_update(requests, ["subject_url"], batch_size=2000)
    decisions = []
    for sta, request, band in plans:
        if request.state == ApprovalState.PENDING:
            continue
        roles = band.roles if request.state == ApprovalState.APPROVED else band.roles[:1]
        for role in roles:
            decided = request.state != ApprovalState.APPROVED and role == roles[0]
            decisions.append(
                ApprovalDecision(
                    request_id=request.pk,
                    role=role,
                    outcome=request.state if decided else ApprovalState.APPROVED,
                    decided_by=deciders[role],
                    decided_at=request.decided_at,
                    band_id=band.pk,
                    comment=sta.approver_comments,
                )
            )
    bulk_insert(ApprovalDecision, decisions)
    plan.made["sta_ids"] = [s.pk for s in stas]
    plan.note(f"{len(stas):,} single tender actions, {len(requests):,} approval requests")
