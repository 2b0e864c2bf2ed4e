"""Reactions to other apps' events: when the Commissioner signs a decision notice, the providers
whose grants it decides are told (a notification row per provider user, committed after the
signing; the notifications app e-mails it)."""

from __future__ import annotations

from audit.subscribers import Event

DECISION_KIND = "grant_decision"


def tell_providers_of_signed_notice(event: Event) -> int:
    """Idempotent: the key names the notice, its signing date and the recipient."""
    from django.urls import reverse
    from django.utils import timezone

    from approvals.models import DecisionNotice
    from notifications.services import NotificationInput, notify_many
    from notifications.sweeps import key
    from providers.selectors import provider_user_ids

    from .models import Grant

    notice = DecisionNotice.objects.filter(pk=event.target_pk, signed_at__isnull=False).first()
    if notice is None:
        return 0
    grants = list(
        Grant.objects.filter(decision_notice=notice).values(
            "pk", "reference", "title", "award__recipient_id"
        )
    )
    users = provider_user_ids(g["award__recipient_id"] for g in grants)
    signed = timezone.localdate(notice.signed_at)
    return notify_many(
        items=[
            NotificationInput(
                recipient_id=user_id,
                kind=DECISION_KIND,
                subject=f"Grant {g['reference']} approved: decision {notice.number} signed "
                f"on {signed:%-d %B %Y}",
                key=key("notice.signed", "notice", notice.pk, signed, user_id, f"grant{g['pk']}"),
                link=reverse("grants:grant_detail", args=[g["pk"]]),
                about_date=signed,
            )
            for g in grants
            for user_id in users.get(g["award__recipient_id"], [])
        ]
    )
