"""Reactions to other apps' events: a grant that becomes active gets its outcome-return schedule."""

from __future__ import annotations

from audit.subscribers import Event


def schedule_on_activation(event: Event) -> None:
    """After the grant's activation commits, make its returns (the service is idempotent).

    The work is a few inserts, so it runs here rather than in a Celery task; a failure is logged
    by audit.subscribers and the schedule can be made again with `generate_schedule`.
    """
    from django.contrib.auth import get_user_model

    from grants.models import Grant

    from .services import generate_schedule

    grant = Grant.objects.filter(pk=event.target_pk).first()
    if grant is None:
        return
    actor = get_user_model().objects.filter(pk=event.actor_id).first() if event.actor_id else None
    generate_schedule(grant=grant, actor=actor)
