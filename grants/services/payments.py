"""Recording payments against a grant's commitments: finance, in the service, never past the
year's commitment, one payment per form however often it is posted."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from audit.events import acting_as, record_event
from core.money import format_gbp

from .. import permissions, rules
from ..models import Commitment, Grant, GrantState, Payment
from .common import GrantError, _full_clean, _require

PAYABLE_STATES = (GrantState.APPROVED, GrantState.ACTIVE)
NOT_PAYABLE = "Payments are recorded only on approved or active grants; this one is {state}."
REFERENCE_REQUIRED = "Enter the payment reference, such as the invoice or remittance number"
FUTURE_DATE = "Enter the date the payment was made: it cannot be in the future"
WRONG_GRANT = "Choose one of this grant's commitments"


def record_payment(
    *,
    grant: Grant,
    commitment: Commitment,
    paid_on: date,
    amount: Decimal,
    reference: str,
    recorded_by,
    request_key: uuid.UUID | str | None = None,
) -> Payment:
    """A finance approver records a payment made against one year's commitment of a grant.

    The commitment row is locked while the year's payments are added up, so two payments
    recorded at once cannot together pass the commitment.
    """
    _require(permissions.can_record_payment(recorded_by, grant))
    reference = " ".join((reference or "").replace("\x00", "").split())
    if not reference:
        raise GrantError(REFERENCE_REQUIRED, field="reference")
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise GrantError("Enter an amount more than £0", field="amount")
    if paid_on > timezone.localdate():
        raise GrantError(FUTURE_DATE, field="paid_on")
    key = uuid.UUID(str(request_key)) if request_key else None
    with transaction.atomic(), acting_as(recorded_by):
        if key is not None:
            existing = Payment.objects.filter(request_key=key).first()
            if existing is not None:
                return existing
        locked = Grant.objects.select_for_update().get(pk=grant.pk)
        if locked.state not in PAYABLE_STATES:
            raise GrantError(NOT_PAYABLE.format(state=locked.get_state_display().lower()))
        try:
            line = Commitment.objects.select_for_update().get(
                pk=commitment.pk, award_id=locked.award_id
            )
        except Commitment.DoesNotExist as exc:
            raise GrantError(WRONG_GRANT, field="commitment") from exc
        paid = line.payments.aggregate(total=Sum("amount"))["total"] or Decimal("0.00")
        refusal = rules.payment_refusal(committed=line.amount, paid=paid, amount=amount)
        if refusal:
            raise GrantError(refusal, field="amount")
        payment = Payment(
            commitment=line,
            paid_on=paid_on,
            amount=amount,
            reference=reference[:100],
            recorded_by=recorded_by,
            recorded_at=timezone.now(),
            request_key=key,
        )
        _full_clean(payment)
        try:
            with transaction.atomic():
                payment.save()
        except IntegrityError:
            if key is not None:
                return Payment.objects.get(request_key=key)
            raise
        record_event(
            "payment_recorded",
            actor=recorded_by,
            target=locked,
            message=(
                f"{format_gbp(amount)} paid on {paid_on:%-d %B %Y} against {line.stream} "
                f"{line.year.label} (reference {reference})."
            ),
        )
    return payment
