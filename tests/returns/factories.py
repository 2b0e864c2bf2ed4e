"""Outcome-return test helpers that follow the lifecycle: an active grant, its schedule, a return
filled in, submitted, sent back or accepted (always through the services)."""

from __future__ import annotations

from datetime import date

from grants.models import Grant, GrantState
from returns import services
from returns.models import OutcomeReturn
from tests.grants.factories import FundingStreamFactory, make_grant


def active_grant(officer, *, recipient=None, total="10000.00", start=date(2025, 4, 1), **kwargs):
    """A grant made by the grants services, then marked active (its approval is not under test)."""
    kwargs.setdefault("end", date(2026, 3, 31))
    grant = make_grant(
        officer,
        stream=kwargs.pop("stream", None) or FundingStreamFactory(),
        recipient=recipient,
        total=total,
        start=start,
        **kwargs,
    )
    Grant.objects.filter(pk=grant.pk).update(state=GrantState.ACTIVE)
    return Grant.objects.get(pk=grant.pk)


def scheduled(officer, **kwargs) -> list[OutcomeReturn]:
    return services.generate_schedule(grant=active_grant(officer, **kwargs))


def fill(r: OutcomeReturn, user, *, value: str = "12", activity: str = "Weekly drop-ins"):
    r = OutcomeReturn.objects.get(pk=r.pk)
    content = services.DraftContent(
        activity=activity,
        impact="Most people felt safer.",
        outputs={o.pk: value for o in r.outputs.all()},
    )
    return services.save_draft(outcome_return=r, content=content, version=r.version, edited_by=user)


def submitted(r: OutcomeReturn, user) -> OutcomeReturn:
    r = fill(r, user)
    return services.submit_return(
        outcome_return=r, version=r.version, submitted_by=user, confirmed=True
    )


MEASURES = (("People supported", "people", "40"), ("Repeat referrals", "", "5"))


def let_contract(officer, *, measures=MEASURES, reference="C-0001", **kwargs):
    """A contract drafted with outcome measures, approved and let through the services; its
    schedule made as the activation event's subscriber would (generate_schedule is idempotent)."""
    from commissioning.contract_services import (
        activate_contract,
        create_contract,
        request_contract_approval,
    )
    from commissioning.models import OutcomeMeasure
    from tests.commissioning.contract_factories import approved, contract_details

    contract = create_contract(
        details=contract_details(reference=reference, **kwargs), created_by=officer
    )
    for metric, unit, target in measures:
        direction = OutcomeMeasure.Direction.AT_MOST if metric.startswith("Repeat") else "at_least"
        contract.measures.create(metric=metric, unit=unit, target=target, direction=direction)
    contract = request_contract_approval(contract=contract, requested_by=officer)
    approved(contract.approval_request)
    return activate_contract(contract=contract, activated_by=officer)


def contract_scheduled(officer, **kwargs) -> list[OutcomeReturn]:
    return services.generate_schedule(contract=let_contract(officer, **kwargs))
