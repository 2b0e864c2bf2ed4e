"""Extension options: the provider's agreement, approval, exercising in order by the deadline
(the end and the commitments move together), declining (later options lapse)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from approvals.engine.models import ApprovalKind, ApprovalState
from audit.events import acting_as, record_event
from grants.services.awards import (
    move_contract_award_end,
)

from .. import contract_selectors, contract_terms
from ..contract_permissions import can_manage_contract
from ..contract_terms import OptionStatus
from ..errors import CommissioningError
from ..events import ContractEvent
from ..models import (
    Contract,
    ExtensionOption,
)
from .common import (
    ALREADY_REQUESTED,
    NO_AGREEMENT,
    NOT_APPROVED,
    OUT_OF_ORDER,
    PAST_DEADLINE,
    _grants,
    _lapse_pending,
    _locked,
    _request,
    _require,
    _require_active,
    _require_pending,
    _text,
)


def _locked_option(option: ExtensionOption) -> tuple[Contract, ExtensionOption]:
    contract = _locked(option.contract)
    locked = (
        ExtensionOption.objects.select_for_update(of=("self",))
        .select_related("approval_request", "single_tender_action")
        .get(pk=option.pk)
    )
    return contract, locked


def record_provider_agreement(
    *, option: ExtensionOption, agreed_by: str, agreed_on: date, recorded_by
) -> ExtensionOption:
    """An officer records who agreed to the extension for the provider, and when."""
    name = _text(agreed_by, "provider_agreed_by")[:200]
    if not isinstance(agreed_on, date) or agreed_on > timezone.localdate():
        raise CommissioningError(
            "Enter the date the provider agreed: today or earlier", field="agreed_on"
        )
    with transaction.atomic(), acting_as(recorded_by):
        contract, locked = _locked_option(option)
        _require(can_manage_contract(recorded_by, contract))
        _require_active(contract, "extended")
        _require_pending(locked)
        locked.provider_agreed_by, locked.provider_agreed_on = name, agreed_on
        locked.agreement_recorded_by = recorded_by
        locked.save(
            update_fields=["provider_agreed_by", "provider_agreed_on", "agreement_recorded_by"]
        )
        record_event(
            ContractEvent.AGREEMENT_RECORDED,
            actor=recorded_by,
            target=contract,
            message=f"Option {locked.sequence}: {name} agreed on {agreed_on:%-d %B %Y}",
        )
    return locked


def option_value(contract: Contract, option: ExtensionOption) -> Decimal:
    """What exercising the option adds: its months at the annual value, or what its STA approved."""
    if option.single_tender_action_id:
        return option.single_tender_action.whole_life_value
    return contract_terms.term_value(contract.annual_value, option.months)


def request_extension_approval(*, option: ExtensionOption, requested_by) -> ExtensionOption:
    """An officer sends an option's value for approval per the contract extension bands."""
    with transaction.atomic(), acting_as(requested_by):
        contract, locked = _locked_option(option)
        _require(can_manage_contract(requested_by, contract))
        _require_active(contract, "extended")
        _require_pending(locked)
        current = locked.approval_request
        if current is not None and current.state in (ApprovalState.PENDING, ApprovalState.APPROVED):
            raise CommissioningError(
                ALREADY_REQUESTED.format(state=current.get_state_display().lower())
            )
        locked.approval_request = _request(
            ApprovalKind.CONTRACT_EXTENSION,
            value=option_value(contract, locked),
            title=f"{contract.reference}: extension option {locked.sequence} "
            f"({contract_terms.describe_months(locked.months)}) with {contract.provider}",
            contract=contract,
            requested_by=requested_by,
        )
        locked.save(update_fields=["approval_request"])
        record_event(
            ContractEvent.EXTENSION_REQUESTED,
            actor=requested_by,
            target=contract,
            message=locked.approval_request.reason,
        )
    return locked


def _window(contract: Contract, option: ExtensionOption) -> contract_terms.OptionWindow:
    try:
        lead = contract_selectors.lead_months_for(contract)
    except ValueError as exc:
        raise CommissioningError(str(exc)) from exc
    timeline = contract.timeline(lead_months=lead)
    upcoming = timeline.next_option()
    if upcoming is None or upcoming.number != option.sequence:
        raise CommissioningError(OUT_OF_ORDER.format(n=upcoming.number if upcoming else 1))
    return upcoming


def exercise_extension(
    *, option: ExtensionOption, exercised_by, today: date | None = None
) -> ExtensionOption:
    """Exercise the next option: in order, by its deadline (an option an STA added has none), only
    while active, with the provider's agreement and an approval for this option's value. The end
    date and the commitments per financial year change in the same transaction."""
    today = today or timezone.localdate()
    with transaction.atomic(), acting_as(exercised_by):
        contract, locked = _locked_option(option)
        _require(can_manage_contract(exercised_by, contract))
        _require_active(contract, "extended")
        _require_pending(locked)
        window = _window(contract, locked)
        if locked.single_tender_action_id is None and today > window.deadline:
            raise CommissioningError(
                PAST_DEADLINE.format(n=locked.sequence, deadline=f"{window.deadline:%-d %B %Y}")
            )
        if not locked.provider_agreed:
            raise CommissioningError(NO_AGREEMENT)
        approval = locked.approval_request
        value = option_value(contract, locked)
        if approval is None or approval.state != ApprovalState.APPROVED or approval.value != value:
            raise CommissioningError(NOT_APPROVED)
        _grants(move_contract_award_end, award=contract.award, end_date=window.ends, added=value)
        locked.status = OptionStatus.EXERCISED
        locked.decided_at, locked.decided_by = timezone.now(), exercised_by
        locked.save(update_fields=["status", "decided_at", "decided_by"])
        record_event(
            ContractEvent.EXTENDED,
            actor=exercised_by,
            target=contract,
            message=f"Option {locked.sequence} exercised: the contract now ends on "
            f"{window.ends:%-d %B %Y}",
        )
    return locked


def decline_extension(*, option: ExtensionOption, declined_by, reason: str) -> ExtensionOption:
    """Decline an option: it and every later option lapse (options are taken in order)."""
    reason = _text(reason, "reason")
    with transaction.atomic(), acting_as(declined_by):
        contract, locked = _locked_option(option)
        _require(can_manage_contract(declined_by, contract))
        _require_active(contract, "changed")
        _require_pending(locked)
        locked.status = OptionStatus.DECLINED
        locked.decided_at, locked.decided_by, locked.reason = timezone.now(), declined_by, reason
        locked.save(update_fields=["status", "decided_at", "decided_by", "reason"])
        lapsed = _lapse_pending(contract, after=locked.sequence)
        suffix = f"; {lapsed} later option(s) lapsed" if lapsed else ""
        record_event(
            ContractEvent.OPTION_DECLINED,
            actor=declined_by,
            target=contract,
            message=f"Option {locked.sequence} declined{suffix}. {reason}",
        )
    return locked
