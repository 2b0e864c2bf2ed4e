"""Reactions to other apps' events: a grant or contract that becomes active gets its outcome-return
schedule, and a contract whose end date moves (an extension exercised, a break notice,
de-commissioning) gets it remade; and the people a return's review concerns are notified.

Commissioning and grants never import returns: they record events (audit.events) and these
handlers run after the recording transaction commits (audit.subscribers).
"""

from __future__ import annotations

from audit.subscribers import Event


def _actor(event: Event):
    from django.contrib.auth import get_user_model

    if not event.actor_id:
        return None
    return get_user_model().objects.filter(pk=event.actor_id).first()


def schedule_on_activation(event: Event) -> None:
    """After the grant's activation commits, make its returns (the service is idempotent).

    The work is a few inserts, so it runs here rather than in a Celery task; a failure is logged
    by audit.subscribers and the schedule can be made again with `generate_schedule`.
    """
    from grants.models import Grant

    from .services import generate_schedule

    grant = Grant.objects.filter(pk=event.target_pk).first()
    if grant is None:
        return
    generate_schedule(grant=grant, actor=_actor(event))


def schedule_contract(event: Event) -> None:
    """After a contract is let or its end date moves, make or remake its returns: future ones
    added, removed or reshaped, submitted ones never touched (the service is idempotent)."""
    from commissioning.models import Contract

    from .services import generate_schedule

    contract = Contract.objects.filter(pk=event.target_pk).first()
    if contract is None or contract.award_id is None:
        return
    generate_schedule(contract=contract, actor=_actor(event))
