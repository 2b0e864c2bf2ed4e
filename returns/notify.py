"""Who hears about a return's review, through the notifications app (subscribers to return events):
the award's officer when the provider submits or resubmits, the provider's users when the officer
asks for changes (with the comment) or accepts. Idempotent: each key names the return, the event
and the audit entry that recorded it, so a redelivered event creates nothing new.
"""

from __future__ import annotations

from audit.subscribers import Event

from .events import ReturnEvent

SUBMITTED_KIND = "return_submitted"
REVIEWED_KIND = "return_reviewed"


def register_kinds() -> None:
    from notifications.kinds import register_kind

    register_kind(SUBMITTED_KIND, "Outcome returns submitted for your review")
    register_kind(REVIEWED_KIND, "Reviews of your outcome returns")


def award_officer_id(outcome_return) -> int | None:
    """The officer who looks after the award (who drafted the grant or contract)."""
    award = outcome_return.award_object
    return getattr(award, "created_by_id", None)


def _items(event: Event):
    from providers.models import ProviderUser

    from .models import OutcomeReturn

    r = (
        OutcomeReturn.objects.select_related("grant", "contract", "provider")
        .filter(pk=event.target_pk)
        .first()
    )
    if r is None:
        return []
    what = f"{r.award_reference} return {r.period_number} ({r.period_label})"
    base = {"link": r.get_absolute_url(), "about_date": r.due_date}
    if event.name in (ReturnEvent.SUBMITTED, ReturnEvent.RESUBMITTED):
        officer = award_officer_id(r)
        again = " again" if event.name == ReturnEvent.RESUBMITTED else ""
        recipients = [officer] if officer and officer != event.actor_id else []
        kind = SUBMITTED_KIND
        subject = f"{r.provider.name} submitted {what}{again}"
        body = "It is waiting in the review queue."
    else:
        recipients = list(
            ProviderUser.objects.filter(
                organisation_id=r.provider_id, user__is_active=True
            ).values_list("user_id", flat=True)
        )
        kind = REVIEWED_KIND
        if event.name == ReturnEvent.CHANGES_REQUESTED:
            subject = f"Changes requested to {what}"
            body = f"The office asks: {event.message}"
        else:
            subject = f"{what[:1].upper()}{what[1:]} has been accepted"
            body = ""
    return [
        dict(
            base,
            recipient_id=user_id,
            kind=kind,
            subject=subject[:200],
            body=body,
            key=f"{event.name}:{r.pk}:{event.entry_id}:{user_id}",
        )
        for user_id in recipients
    ]


def notify_review(event: Event) -> None:
    """Submitted or resubmitted: the award's officer; changes requested or accepted: the provider."""
    from notifications.services import NotificationInput, notify_many

    items = _items(event)
    if items:
        notify_many(items=[NotificationInput(**item) for item in items])


REVIEW_EVENTS = (
    ReturnEvent.SUBMITTED,
    ReturnEvent.RESUBMITTED,
    ReturnEvent.CHANGES_REQUESTED,
    ReturnEvent.ACCEPTED,
)
