"""Scale seeder for outcome returns (see core/scale.py): the schedule of every active or closed seeded
grant and every let seeded contract (returns.rules with the settings in force, from the award's
start to its current end), each return in the state its dates make likely, with one output
snapshot and, once submitted, its submitted version. Written in bulk: no history.

Size: `--returns` caps the total (default 60,000). The schedules of the default 50,000 grants and
1,000 contracts hold roughly that many returns, so 500,000 (issue 15's figure) would need more or
longer awards than the grants seeder makes; each return costs three bulk-inserted rows at most.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from commissioning.models import Contract, ContractState
from core.scale import ScalePlan, bulk_insert
from grants.models import Grant, GrantState

from . import rules
from .models import OutcomeReturn, ReturnOutput, ReturnSettings, ReturnState, ReturnSubmission
from .selectors import settings_in_force
from .versioning import changed

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


@dataclass(frozen=True)
class _Money:
    start_date: dt.date
    end_date: dt.date
    total: object
    recipient_id: int


MONEY = ("award__start_date", "award__end_date", "award__total", "award__recipient_id")


def _awards(plan: ScalePlan):
    """(award key, money) of each let seeded contract, then each active or closed grant (contracts
    first: a few thousand returns that a small --returns must not crowd out). Plain values, not
    model instances: tens of thousands of them."""
    contracts = (
        Contract.objects.filter(pk__in=plan.made.get("contract_ids", []), award__isnull=False)
        .exclude(state=ContractState.DRAFT)
        .order_by("pk")
        .values_list("pk", *MONEY)
    )
    for pk, *money in contracts.iterator(chunk_size=5000):
        yield {"contract_id": pk}, _Money(*money)
    grants = (
        Grant.objects.filter(
            pk__in=plan.made.get("grant_ids", []), state__in=[GrantState.ACTIVE, GrantState.CLOSED]
        )
        .order_by("pk")
        .values_list("pk", *MONEY)
    )
    for pk, *money in grants.iterator(chunk_size=5000):
        yield {"grant_id": pk}, _Money(*money)


def _settings_by_start():
    """settings_in_force for many start dates with one query (the same choice: the latest start on
    or before the day, else the earliest)."""
    found = sorted(ReturnSettings.objects.all(), key=lambda c: c.effective_from)
    if not found:
        return settings_in_force  # raises its own LookupError

    def pick(day: dt.date):
        return next((c for c in reversed(found) if c.effective_from <= day), found[0])

    return pick


def _rows(plan: ScalePlan, limit: int) -> list[OutcomeReturn]:
    officer = plan.users["officer"]
    in_force = _settings_by_start()
    zone = timezone.get_current_timezone()
    rows = []
    for key, award in _awards(plan):
        config = in_force(award.start_date)
        light = rules.is_light_return(award.total, light_up_to=config.light_return_up_to)
        for p in rules.return_periods(
            award.start_date,
            award.end_date,
            months=config.period_months,
            due_after_days=config.due_after_days,
        ):
            if len(rows) >= limit:
                return rows
            state = _state(plan, p.due, p.ends)
            submitted = state in (S.SUBMITTED, S.RESUBMITTED, S.CHANGES_REQUESTED, S.ACCEPTED)
            reviewed = state in (S.ACCEPTED, S.CHANGES_REQUESTED)
            late_days = plan.rng.choice((-20, -5, 0, 3, 15))
            when = dt.datetime.combine(
                p.due + dt.timedelta(days=late_days), dt.time(12), tzinfo=zone
            )
            rows.append(
                OutcomeReturn(
                    **key,
                    provider_id=award.recipient_id,
                    period_number=p.number,
                    period_start=p.starts,
                    period_end=p.ends,
                    due_date=p.due,
                    light=light,
                    state=state,
                    activity="Sessions delivered as agreed." if state != S.NOT_STARTED else "",
                    submitted_at=when if submitted else None,
                    reviewed_at=when + dt.timedelta(days=14) if reviewed else None,
                    reviewed_by_id=officer.pk if reviewed else None,
                )
            )
    return rows


def seed(plan: ScalePlan) -> None:
    provider = plan.users["provider"]
    rows = _rows(plan, plan.sizes["returns"])
    returns = bulk_insert(OutcomeReturn, rows)
    bulk_insert(
        ReturnOutput,
        (
            ReturnOutput(
                outcome_return_id=r.pk,
                measure_key="grant_activity:scale" if r.grant_id else "outcome_measure:scale",
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
    changed()  # bulk inserts send no signals: a running server's cached pages move on
    on_contracts = sum(1 for r in returns if r.contract_id)
    plan.note(f"{len(returns)} outcome returns ({on_contracts} on contracts) with an output each")
