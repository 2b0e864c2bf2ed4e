"""What the contract use cases share: messages, guards, the row lock, and turning grants' and
the approvals engine's refusals into CommissioningError."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import timezone

from approvals.engine.errors import ApprovalError
from approvals.engine.services import request_approval
from audit.transitions import TransitionRefused, perform_transition
from grants.services import GrantError

from .. import contract_selectors
from ..contract_terms import OptionStatus
from ..errors import CommissioningError
from ..models import (
    Contract,
    ContractState,
    ExtensionOption,
)

NOT_ACTIVE = "Only an active contract can be {what}: this one is {state}."
NOT_PENDING = "Extension option {n} has already been {status}."
OUT_OF_ORDER = "Options are decided in order: decide extension option {n} first."
PAST_DEADLINE = (
    "The decision deadline for extension option {n} was {deadline}: an STA is needed to extend "
    "the contract now."
)
NO_AGREEMENT = (
    "Record who agreed to the extension for the provider, and when, before exercising it."
)
NOT_APPROVED = "The extension has not been approved yet: send it for approval first."
ALREADY_REQUESTED = "This is already {state}: there is no need to send it again."
REFERENCE_TAKEN = "Another contract already has the reference {reference}"
TEXT_REQUIRED = {
    "reason": "Give the reason",
    "given_by": "Say who gave notice",
    "risks_to_service_users": "Describe the risks to service users",
    "mitigation": "Describe how the risks will be reduced",
    "exit_plan": "Describe the exit plan",
    "provider_agreed_by": "Say who agreed for the provider",
}


def _require(verdict: tuple[bool, str]) -> None:
    if not verdict[0]:
        raise CommissioningError(verdict[1])


def _text(value: str, field: str) -> str:
    cleaned = (value or "").replace("\x00", "").strip()
    if not cleaned:
        raise CommissioningError(TEXT_REQUIRED[field], field=field)
    return cleaned


def _check_value(value) -> None:
    if not isinstance(value, Decimal) or not value.is_finite() or value <= 0:
        raise CommissioningError("Enter an annual value greater than £0", field="annual_value")
    if value >= Decimal(10) ** 11:
        raise CommissioningError("Enter an annual value under £100 billion", field="annual_value")


def _locked(contract: Contract) -> Contract:
    return (
        Contract.objects.select_for_update(of=("self",))
        .select_related("provider", "award", "approval_request")
        .get(pk=contract.pk)
    )


def _transition(contract: Contract, name: str, *, actor, event: str, message: str, **kwargs):
    try:
        perform_transition(contract, name, actor=actor, event=event, message=message, **kwargs)
    except TransitionRefused as exc:
        raise CommissioningError(str(exc)) from exc


def _grants(call, **kwargs):
    try:
        return call(**kwargs)
    except GrantError as exc:
        raise CommissioningError(str(exc), field=exc.field) from exc


def _request(kind: str, *, value: Decimal, title: str, contract: Contract, requested_by):
    try:
        return request_approval(
            kind=kind,
            value=value,
            title=title,
            requested_by=requested_by,
            subject_url=contract.get_absolute_url(),
            notice_text=title,
            authors=[contract.created_by] if contract.created_by_id else [],
        )
    except ApprovalError as exc:
        raise CommissioningError(exc.message) from exc


def _require_active(contract: Contract, what: str) -> None:
    if contract.state != ContractState.ACTIVE:
        raise CommissioningError(
            NOT_ACTIVE.format(what=what, state=contract.get_state_display().lower())
        )


def _require_pending(option: ExtensionOption) -> None:
    if option.status != OptionStatus.PENDING:
        raise CommissioningError(
            NOT_PENDING.format(n=option.sequence, status=option.get_status_display().lower())
        )


def _lapse_pending(contract: Contract, *, after: int = 0) -> int:
    return ExtensionOption.objects.filter(
        contract=contract, status=OptionStatus.PENDING, sequence__gt=after
    ).update(status=OptionStatus.LAPSED, decided_at=timezone.now(), updated_at=timezone.now())


def _current_end(contract: Contract) -> date:
    return contract.timeline(lead_months=contract_selectors.lead_months_for(contract)).current_end
