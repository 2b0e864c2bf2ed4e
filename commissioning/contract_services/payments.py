"""Finance records a payment against a contract's commitments, through grants' public award API
(grants/services/payments.py: never past a year's commitment, one payment per form key)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from django.db import transaction

from audit.events import acting_as
from grants.models import Commitment, Payment
from grants.services.payments import record_award_payment

from ..contract_permissions import can_record_contract_payment
from ..models import Contract
from .common import _grants, _locked, _require


def record_contract_payment(
    *,
    contract: Contract,
    commitment: Commitment,
    paid_on: date,
    amount: Decimal,
    reference: str,
    recorded_by,
    request_key: uuid.UUID | str | None = None,
) -> Payment:
    """A finance approver who has not acted on the contract records a payment against one of its
    years' commitments: a let contract, or one that has ended (services delivered before the end
    are paid after it). The contract row is locked first, as for every contract change."""
    with transaction.atomic(), acting_as(recorded_by):
        locked = _locked(contract)
        _require(can_record_contract_payment(recorded_by, locked))
        return _grants(
            record_award_payment,
            award=locked.award,
            commitment=commitment,
            paid_on=paid_on,
            amount=amount,
            reference=reference,
            recorded_by=recorded_by,
            request_key=request_key,
            owner=locked,
        )
