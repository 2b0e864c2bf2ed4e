"""Scale seeder for budget overrides (called from grants/scale.py): draft grants' overrides as the
services would have written them, each with its approval request of kind "budget override" under
the band in force that day (most waiting in the finance queue, some already agreed by finance,
never by the requester). Written in bulk, so no history entries.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.urls import reverse

from approvals.engine import rules as band_rules
from approvals.engine.models import (
    ApprovalBand,
    ApprovalDecision,
    ApprovalKind,
    ApprovalRequest,
    ApprovalState,
)
from core.financial_years import FinancialYear
from core.money import format_gbp
from core.scale import ScalePlan, bulk_insert

from .models import BudgetOverride, Commitment, GrantState

LONDON = ZoneInfo("Europe/London")
AGREED_SHARE = 0.3  # the rest wait for a finance approver


def seed_overrides(plan: ScalePlan) -> None:
    rng, count = plan.rng, plan.sizes.get("overrides", 0)
    if not count:
        return
    officer, finance = plan.users["officer"], plan.users["finance"]
    bands = [b.as_rule() for b in ApprovalBand.objects.filter(kind=ApprovalKind.BUDGET_OVERRIDE)]
    rows = (
        Commitment.objects.filter(award__grant__state=GrantState.DRAFT)
        .exclude(award__budget_overrides__isnull=False)  # the demo's own
        .values_list(
            "award_id",
            "stream_id",
            "stream__name",
            "financial_year",
            "award__grant__pk",
            "award__grant__reference",
        )
        .order_by("award_id", "stream_id", "financial_year")
        .distinct()[:count]
    )
    made = []
    for i, (award_id, stream_id, stream_name, year, grant_id, reference) in enumerate(rows):
        amount = Decimal(str(round(100 + 19_900 * rng.random(), 2))).quantize(Decimal("0.01"))
        at = dt.datetime.combine(
            plan.today - dt.timedelta(days=rng.randint(0, 60)), dt.time(9 + i % 8), tzinfo=LONDON
        )
        band = band_rules.band_for(
            bands, kind=ApprovalKind.BUDGET_OVERRIDE, value=amount, on=at.date()
        )
        agreed = rng.random() < AGREED_SHARE
        label = FinancialYear(year).label
        request = ApprovalRequest(
            kind=ApprovalKind.BUDGET_OVERRIDE,
            value=amount,
            title=f"Budget override for grant {reference}: {stream_name} {label}, up to "
            f"{format_gbp(amount)} over budget",
            subject_url=reverse("grants:grant_detail", args=[grant_id]),
            requested_by=officer,
            requested_at=at,
            band_date=at.date(),
            band_id=band.pk,
            first_role=band.roles[0],
            second_role=band.roles[1] if len(band.roles) > 1 else "",
            reason=band_rules.who_must_approve(band, value=amount, kind_label="Budget override"),
            state=ApprovalState.APPROVED if agreed else ApprovalState.PENDING,
            decided_at=at + dt.timedelta(days=1) if agreed else None,
        )
        override = BudgetOverride(
            award_id=award_id,
            stream_id=stream_id,
            financial_year=year,
            amount=amount,
            reason="Year-end underspend elsewhere in the stream",
            approved_by=finance if agreed else None,
            approved_at=request.decided_at,
        )
        made.append((request, override, band))
    bulk_insert(ApprovalRequest, [r for r, _, _ in made])
    for request, override, _ in made:
        override.approval_request_id = request.pk
    bulk_insert(BudgetOverride, [o for _, o, _ in made])
    bulk_insert(
        ApprovalDecision,
        [
            ApprovalDecision(
                request_id=r.pk,
                role=band.roles[0],
                outcome="approved",
                decided_by=finance,
                decided_at=r.decided_at,
                band_id=band.pk,
            )
            for r, _, band in made
            if r.state == ApprovalState.APPROVED
        ],
    )
    agreed = sum(o.approved_by_id is not None for _, o, _ in made)
    plan.note(f"{len(made)} budget overrides ({agreed} agreed by finance)")
