"""Scale seeder for outcome returns (see core/scale.py): the schedule of every active or closed seeded
grant (returns.rules with the settings in force), each return in the state its dates make likely,
with one output snapshot and, once submitted, its submitted version. Written in bulk: no history.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from core.scale import ScalePlan, bulk_insert
from grants.models import Grant, GrantState

from . import rules
from .models import OutcomeReturn, ReturnOutput, ReturnState, ReturnSubmission
from .selectors import settings_in_force

SIZES = {"returns": 60_000}
S = ReturnState


def _state(plan: ScalePlan, due: dt.date, period_end: dt.date) -> str:
    rng, today = plan.rng, plan.today
    if period_end >= today:
        return S.NOT_STARTED if rng.random() < 0.7 else S.DRAFT
    if due >= today:
        return rng.choices([S.NOT_STARTED, S.DRAFT, S.SUBMITTED], [30, 40, 30])[0]
    if (today - due).days > 120:
        return rng.choices([S.ACCEPTED, S.NOT_STARTED], [95, 5])[0]
    return rng.choices(
        [S.SUBMITTED, S.RESUBMITTED, S.CHANGES_REQUESTED, S.ACCEPTED, S.DRAFT], [30, 10, 10, 40, 10]
    )[0]


def seed(plan: ScalePlan) -> None:
    limit = plan.sizes["returns"]
    grants = (
        Grant.objects.filter(
            pk__in=plan.made.get("grant_ids", []), state__in=[GrantState.ACTIVE, GrantState.CLOSED]
        )
        .select_related("award")
        .order_by("pk")
    )
    provider = plan.users["provider"]
    officer = plan.users["officer"]
    rows = []
    in_force = {}  # start date -> settings: one query per distinct date, not per grant
    for grant in grants.iterator(chunk_size=2000):
        award = grant.award
        if award.start_date not in in_force:
            in_force[award.start_date] = settings_in_force(award.start_date)
        config = in_force[award.start_date]
        light = rules.is_light_return(award.total, light_up_to=config.light_return_up_to)
        for p in rules.return_periods(
            award.start_date,
            award.end_date,
            months=config.period_months,
            due_after_days=config.due_after_days,
        ):
            state = _state(plan, p.due, p.ends)
            submitted = state in (S.SUBMITTED, S.RESUBMITTED, S.CHANGES_REQUESTED, S.ACCEPTED)
            late_days = plan.rng.choice((-20, -5, 0, 3, 15))
            when = dt.datetime.combine(p.due + dt.timedelta(days=late_days), dt.time(12))
            rows.append(
                OutcomeReturn(
                    grant_id=grant.pk,
                    provider_id=award.recipient_id,
                    period_number=p.number,
                    period_start=p.starts,
                    period_end=p.ends,
                    due_date=p.due,
                    light=light,
                    state=state,
                    activity="Sessions delivered as agreed." if state != S.NOT_STARTED else "",
                    submitted_at=timezone.make_aware(when) if submitted else None,
                    reviewed_at=timezone.make_aware(when + dt.timedelta(days=14))
                    if state in (S.ACCEPTED, S.CHANGES_REQUESTED)
                    else None,
                    reviewed_by_id=officer.pk
                    if state in (S.ACCEPTED, S.CHANGES_REQUESTED)
                    else None,
                )
            )
            if len(rows) >= limit:
                break
        if len(rows) >= limit:
            break
    returns = bulk_insert(OutcomeReturn, rows)
    bulk_insert(
        ReturnOutput,
        (
            ReturnOutput(
                outcome_return_id=r.pk,
                measure_key="grant_activity:scale",
                label="People supported",
                target=40,
                value=None if r.state == S.NOT_STARTED else plan.rng.randrange(0, 80),
            )
            for r in returns
        ),
    )
    bulk_insert(
        ReturnSubmission,
        (
            ReturnSubmission(
                outcome_return_id=r.pk,
                number=1,
                submitted_at=r.submitted_at,
                submitted_by_id=provider.pk,
                content={"activity": r.activity, "outputs": [], "star_readings": []},
                outcome=r.state if r.state in (S.ACCEPTED, S.CHANGES_REQUESTED) else "",
            )
            for r in returns
            if r.submitted_at is not None
        ),
    )
    plan.note(f"{len(returns)} outcome returns with an output each")
