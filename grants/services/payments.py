"""Recording payments against an award's commitments (the money side of a grant or a contract):
finance, in the service, never past the year's commitment, one payment per form however often it
is posted. `record_award_payment` is the public API other apps call (commissioning's contracts);
`record_payment` is the grant's use of it."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, models, transaction
from django.db.models import Sum
from django.utils import timezone

from audit.events import acting_as, record_event
from core.money import format_gbp

from .. import permissions, rules
from ..models import Award, Commitment, Grant, GrantState, Payment
from .common import GrantError, _full_clean, _require

PAYABLE_STATES = (GrantState.APPROVED, GrantState.ACTIVE)
NOT_PAYABLE = "Payments are recorded only on approved or active grants; this one is {state}."
REFERENCE_REQUIRED = "Enter the payment reference, such as the invoice or remittance number"
FUTURE_DATE = "Enter the date the payment was made: it cannot be in the future"
WRONG_GRANT = "Choose one of this grant's commitments"
WRONG_OWNER = "Choose one of this {owner}'s commitments"
PAYMENT_RECORDED = "payment_recorded"


def _clean_input(*, paid_on: date, amount: Decimal, reference: str) -> str:
    """The payment's own checks (whoever calls); returns the reference, tidied."""
    reference = " ".join((reference or "").replace("\x00", "").split())
    if not reference:
        raise GrantError(REFERENCE_REQUIRED, field="reference")
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise GrantError("Enter an amount more than £0", field="amount")
    if not isinstance(paid_on, date) or paid_on > timezone.localdate():
        raise GrantError(FUTURE_DATE, field="paid_on")
    return reference


def _key(request_key) -> uuid.UUID | None:
    return uuid.UUID(str(request_key)) if request_key else None


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
    """A finance approver records a payment made against one year's commitment of a grant."""
    _require(permissions.can_record_payment(recorded_by, grant))
    _clean_input(paid_on=paid_on, amount=amount, reference=reference)
    key = _key(request_key)
    with transaction.atomic(), acting_as(recorded_by):
        if key is not None and (existing := Payment.objects.filter(request_key=key).first()):
            return existing
        locked = Grant.objects.select_for_update().get(pk=grant.pk)
        if locked.state not in PAYABLE_STATES:
            raise GrantError(NOT_PAYABLE.format(state=locked.get_state_display().lower()))
        return record_award_payment(
            award=locked.award,
            commitment=commitment,
            paid_on=paid_on,
            amount=amount,
            reference=reference,
            recorded_by=recorded_by,
            request_key=key,
            owner=locked,
        )


def record_award_payment(
    *,
    award: Award,
    commitment: Commitment,
    paid_on: date,
    amount: Decimal,
    reference: str,
    recorded_by,
    owner: models.Model,
    request_key: uuid.UUID | str | None = None,
) -> Payment:
    """Record a payment against one year's commitment of an award (grants' public API).

    `owner` is the grant or contract whose history records the payment; the caller has checked
    that its owner may be paid now (and holds its row lock). The commitment row is locked while
    the year's payments are added up, so two payments recorded at once cannot together pass the
    commitment. The same `request_key` twice returns the first payment.
    """
    _require(permissions.can_record_payment(recorded_by))
    reference = _clean_input(paid_on=paid_on, amount=amount, reference=reference)
    key = _key(request_key)
    with transaction.atomic(), acting_as(recorded_by):
        if key is not None and (existing := Payment.objects.filter(request_key=key).first()):
            return existing
        try:
            line = Commitment.objects.select_for_update().get(pk=commitment.pk, award_id=award.pk)
        except Commitment.DoesNotExist as exc:
            wrong = WRONG_OWNER.format(owner=owner._meta.verbose_name)
            raise GrantError(wrong, field="commitment") from exc
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
            PAYMENT_RECORDED,
            actor=recorded_by,
            target=owner,
            message=(
                f"{format_gbp(amount)} paid on {paid_on:%-d %B %Y} against {line.stream} "
                f"{line.year.label} (reference {reference})."
            ),
        )
    return payment
