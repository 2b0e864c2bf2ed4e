"""Making and remaking an award's return schedule (rules.reschedule: submitted returns untouched).

An award is a grant or a contract; both carry their money and dates on a `grants.Award` (start,
end, total), so one routine serves both: `generate_schedule(grant=...)` or
`generate_schedule(contract=...)`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from audit.events import acting_as, record_event
from commissioning.models import Contract, ContractState
from grants.models import Grant, GrantState

from .. import rules
from ..events import ReturnEvent
from ..measures import Measure, contract_measures, grant_measures, measures_for_return
from ..models import (
    OutcomeReturn,
    ReturnOutput,
)
from ..selectors import settings_in_force
from ..versioning import changed
from .common import (
    NOT_ACTIVE,
    NOT_LET,
    ReturnError,
)


@dataclass(frozen=True)
class _Award:
    owner: Grant | Contract
    key: dict  # {"grant": grant} or {"contract": contract}
    money: object  # grants.Award: start_date, end_date, total, recipient
    measures: list[Measure]


def _lock(grant: Grant | None, contract: Contract | None) -> _Award:
    if (grant is None) == (contract is None):
        raise ValueError("Schedule a grant or a contract")
    if grant is not None:
        grant = (
            Grant.objects.select_for_update(of=("self",))
            .select_related("award")
            .prefetch_related("activities")
            .get(pk=grant.pk)
        )
        if grant.state not in (GrantState.ACTIVE, GrantState.CLOSED):
            raise ReturnError(NOT_ACTIVE)
        return _Award(grant, {"grant": grant}, grant.award, grant_measures(grant))
    contract = (
        Contract.objects.select_for_update(of=("self",))
        .select_related("award")
        .prefetch_related("measures")
        .get(pk=contract.pk)
    )
    if contract.state == ContractState.DRAFT or contract.award is None:
        raise ReturnError(NOT_LET)
    return _Award(contract, {"contract": contract}, contract.award, contract_measures(contract))


def generate_schedule(
    *, grant: Grant | None = None, contract: Contract | None = None, actor=None
) -> list[OutcomeReturn]:
    """Make (or bring up to date) an active award's returns from its start and end.

    Called when the grant or contract becomes active and whenever its end date moves (an
    extension, a break, de-commissioning): future returns are added, removed or reshaped
    (rules.reschedule); a return submitted at least once is never touched. Safe to call again: a
    second call changes nothing.
    """
    with transaction.atomic(), acting_as(actor):
        award = _lock(grant, contract)
        money = award.money
        config = settings_in_force(money.start_date)
        periods = rules.return_periods(
            money.start_date,
            money.end_date,
            months=config.period_months,
            due_after_days=config.due_after_days,
        )
        existing = {
            r.period_number: r
            for r in OutcomeReturn.objects.select_for_update().filter(**award.key)
        }
        change = rules.reschedule(
            periods,
            {
                n: (
                    rules.ReturnPeriod(n, r.period_start, r.period_end, r.due_date),
                    r.was_submitted,
                )
                for n, r in existing.items()
            },
        )
        if change.remove:
            OutcomeReturn.objects.filter(**award.key, period_number__in=change.remove).delete()
        for period in change.reshape:
            r = existing[period.number]
            r.period_start, r.period_end, r.due_date = period.starts, period.ends, period.due
            r.save(update_fields=["period_start", "period_end", "due_date"])
        light = rules.is_light_return(money.total, light_up_to=config.light_return_up_to)
        added = OutcomeReturn.objects.bulk_create(
            OutcomeReturn(
                **award.key,
                provider_id=money.recipient_id,
                period_number=p.number,
                period_start=p.starts,
                period_end=p.ends,
                due_date=p.due,
                light=light,
            )
            for p in change.add
        )
        measures = measures_for_return(award.measures, light=light)
        ReturnOutput.objects.bulk_create(
            ReturnOutput(
                outcome_return=r,
                measure_key=m.key,
                label=m.label,
                unit=m.unit,
                target=m.target,
                position=i,
            )
            for r in added
            for i, m in enumerate(measures)
        )
        if change.add or change.remove or change.reshape:
            changed()  # bulk_create sends no signals: the pages' cached views must move on
            record_event(
                ReturnEvent.SCHEDULED,
                actor=actor,
                target=award.owner,
                message=(
                    f"Outcome returns: {len(change.add)} added, {len(change.remove)} removed, "
                    f"{len(change.reshape)} moved"
                ),
            )
    return list(OutcomeReturn.objects.filter(**award.key).order_by("period_number"))
