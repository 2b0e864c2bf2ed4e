"""Demo payments: finance has paid part of each active grant's commitments. Idempotent (each
payment has a fixed form key)."""

from __future__ import annotations

import uuid
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from core.money import PENNY

from .models import Grant, GrantState
from .services.payments import record_payment

_NAMESPACE = uuid.UUID("c1f0a6de-2b7e-4d47-9a0f-5be1d4a3e913")
SHARE_PAID = Decimal("0.25")


def seed_payments(*, users: dict, titles: list[str]) -> None:
    """Pay part of the active demo grants (those titled `titles`; never other data's grants)."""
    finance = users["finance"]
    today = timezone.localdate()
    grants = Grant.objects.filter(state=GrantState.ACTIVE, title__in=titles).select_related("award")
    for grant in grants:
        # Only commitments nothing has been paid on yet: seed_scale's awards bring their own.
        for commitment in grant.award.commitments.filter(payments__isnull=True):
            paid_on = commitment.year.first_day + relativedelta(months=2)
            if paid_on > today:
                continue
            record_payment(
                grant=grant,
                commitment=commitment,
                paid_on=paid_on,
                amount=(commitment.amount * SHARE_PAID).quantize(PENNY),
                reference=f"REM-{grant.pk:04d}-{commitment.financial_year}",
                recorded_by=finance,
                request_key=uuid.uuid5(_NAMESPACE, f"{grant.title}|{commitment.pk}"),
            )
