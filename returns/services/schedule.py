"""Making and remaking an award's return schedule (rules.reschedule: submitted returns untouched)."""

from __future__ import annotations

from django.db import transaction

from audit.events import acting_as, record_event
from grants.models import Grant, GrantState

from .. import rules
from ..events import ReturnEvent
from ..measures import grant_measures, measures_for_return
from ..models import (
    OutcomeReturn,
    ReturnOutput,
)
from ..selectors import settings_in_force
from .common import (
    NOT_ACTIVE,
    ReturnError,
)


def generate_schedule(*, grant: Grant, actor=None) -> list[OutcomeReturn]:
    """Make (or bring up to date) an active grant's returns from its award's start and end.

    Called when the grant becomes active and whenever its end date moves: future returns are
    added, removed or reshaped (rules.reschedule); a return submitted at least once is never
    touched. Safe to call again: a second call changes nothing.
    """
    with transaction.atomic(), acting_as(actor):
        grant = (
            Grant.objects.select_for_update()
            .select_related("award")
            .prefetch_related("activities")
            .get(pk=grant.pk)
        )
        if grant.state not in (GrantState.ACTIVE, GrantState.CLOSED):
            raise ReturnError(NOT_ACTIVE)
        award = grant.award
        config = settings_in_force(award.start_date)
        periods = rules.return_periods(
            award.start_date,
            award.end_date,
            months=config.period_months,
            due_after_days=config.due_after_days,
        )
        existing = {
            r.period_number: r
            for r in OutcomeReturn.objects.select_for_update().filter(grant=grant)
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
            OutcomeReturn.objects.filter(grant=grant, period_number__in=change.remove).delete()
        for period in change.reshape:
            r = existing[period.number]
            r.period_start, r.period_end, r.due_date = period.starts, period.ends, period.due
            r.save(update_fields=["period_start", "period_end", "due_date"])
        light = rules.is_light_return(award.total, light_up_to=config.light_return_up_to)
        added = OutcomeReturn.objects.bulk_create(
            OutcomeReturn(
                grant=grant,
                provider_id=award.recipient_id,
                period_number=p.number,
                period_start=p.starts,
                period_end=p.ends,
                due_date=p.due,
                light=light,
            )
            for p in change.add
        )
        measures = measures_for_return(grant_measures(grant), light=light)
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
            record_event(
                ReturnEvent.SCHEDULED,
                actor=actor,
                target=grant,
                message=(
                    f"Outcome returns: {len(change.add)} added, {len(change.remove)} removed, "
                    f"{len(change.reshape)} moved"
                ),
            )
    return list(OutcomeReturn.objects.filter(grant=grant).order_by("period_number"))
