"""What follows an approved contract extension, in a Celery task after the decision commits: the
officer who asked is told the option may now be exercised, and by when. Idempotent (one key per
option and decision), set-based, and caught up periodically if the broker lost the hand-over."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from approvals.engine.models import ApprovalState
from core.enqueue import enqueue_after_commit
from notifications.services import NotificationInput, notify_many
from notifications.sweeps import key

from .contract_selectors import lead_months_by_start
from .models import ExtensionOption
from .reminders import KIND


def enqueue_on_approval(*, request, decided_by, comment: str) -> None:
    """The engine's outcome handler for contract extensions."""
    if request.state == ApprovalState.APPROVED:
        from .tasks import tell_extensions_approved

        enqueue_after_commit(tell_extensions_approved, [request.pk])


def tell_extensions_approved(*, request_ids: list[int]) -> int:
    """Tell each approved option's requester; returns how many notifications were new."""
    options = list(
        ExtensionOption.objects.filter(
            approval_request_id__in=request_ids, approval_request__state=ApprovalState.APPROVED
        )
        .select_related("contract", "approval_request")
        .prefetch_related("contract__options")
    )
    leads = lead_months_by_start([o.contract.start_date for o in options])
    items = []
    for option in options:
        contract, request = option.contract, option.approval_request
        if contract.start_date not in leads:
            continue
        window = contract.timeline(lead_months=leads[contract.start_date]).options[
            option.sequence - 1
        ]
        decided = timezone.localdate(request.decided_at)
        items.append(
            NotificationInput(
                recipient_id=request.requested_by_id,
                kind=KIND,
                subject=f"{contract.reference}: extension option {option.sequence} approved; "
                f"exercise it by {window.deadline:%-d %B %Y}",
                key=key(
                    "extension.approved", "option", option.pk, decided, request.requested_by_id
                ),
                link=contract.get_absolute_url(),
                about_date=window.deadline,
            )
        )
    return notify_many(items=items)


def approved_since(since: datetime) -> list[int]:
    """Extension requests approved since `since` (the catch-up's work list, one query)."""
    return list(
        ExtensionOption.objects.filter(
            approval_request__state=ApprovalState.APPROVED,
            approval_request__decided_at__gte=since,
        ).values_list("approval_request_id", flat=True)
    )
