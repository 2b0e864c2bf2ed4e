"""Drafting a contract (the N plus M rule checked), sending its award for approval, letting it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from approvals.engine.models import ApprovalKind, ApprovalState
from audit.events import acting_as, record_event
from grants.services import ShareInput
from grants.services.awards import (
    commit_contract_award,
    save_contract_award,
)

from .. import contract_terms
from ..contract_permissions import can_manage_contract, can_manage_contracts
from ..contract_terms import OptionStatus
from ..errors import CommissioningError
from ..events import ContractEvent
from ..models import (
    Contract,
    ContractOrigin,
    ContractState,
    ExtensionOption,
)
from .common import (
    ALREADY_REQUESTED,
    NOT_ACTIVE,
    REFERENCE_TAKEN,
    _check_value,
    _grants,
    _locked,
    _request,
    _require,
    _transition,
)


@dataclass(frozen=True)
class ContractDetails:
    """What an officer writes when drafting a contract."""

    reference: str
    provider: object
    title: str
    start_date: date
    initial_months: int
    annual_value: Decimal
    commissioner_notice_months: int
    provider_notice_months: int
    option_months: tuple[int, ...] = ()
    shares: tuple[ShareInput, ...] = ()
    origin: str = ContractOrigin.TENDER
    single_tender_action: object | None = None


def create_contract(
    *, details: ContractDetails, created_by, request_key: uuid.UUID | str | None = None
) -> Contract:
    """An officer drafts a contract (or an approved STA does). The N plus M rule is checked here;
    the award holds the initial term's money. The same `request_key` twice returns the first."""
    if created_by is not None:
        _require(can_manage_contracts(created_by))
    errors = contract_terms.term_errors(details.initial_months, details.option_months)
    if errors:
        raise CommissioningError(errors[0], field="option_months")
    _check_value(details.annual_value)
    key = uuid.UUID(str(request_key)) if request_key else None
    if key is not None and (found := Contract.objects.filter(request_key=key).first()):
        return found
    with transaction.atomic(), acting_as(created_by):
        contract = Contract(
            reference=details.reference,
            provider=details.provider,
            title=details.title,
            origin=details.origin,
            single_tender_action=details.single_tender_action,
            annual_value=details.annual_value,
            start_date=details.start_date,
            initial_months=details.initial_months,
            commissioner_notice_months=details.commissioner_notice_months,
            provider_notice_months=details.provider_notice_months,
            created_by=created_by,
            request_key=key,
        )
        try:
            contract.full_clean(exclude=["award", "approval_request", "state", "created_by"])
        except ValidationError as exc:
            field, messages = next(iter(exc.message_dict.items()))
            if field == "reference" and Contract.objects.filter(reference=contract.reference):
                messages = [REFERENCE_TAKEN.format(reference=contract.reference)]
            target = None if field == "__all__" else field
            raise CommissioningError(messages[0], field=target) from exc
        try:
            with transaction.atomic():
                contract.save()
        except IntegrityError as exc:
            if key is not None:
                return Contract.objects.get(request_key=key)
            raise CommissioningError(REFERENCE_TAKEN.format(reference=details.reference)) from exc
        ExtensionOption.objects.bulk_create(
            ExtensionOption(contract=contract, sequence=n, months=m)
            for n, m in enumerate(details.option_months, start=1)
        )
        if details.shares:
            contract.award = _grants(
                save_contract_award,
                award=None,
                recipient=contract.provider,
                total=contract_terms.term_value(contract.annual_value, contract.initial_months),
                start_date=contract.start_date,
                end_date=contract_terms.term_end(contract.start_date, contract.initial_months),
                shares=details.shares,
            )
            contract.save(update_fields=["award"])
        record_event(
            ContractEvent.CREATED, actor=created_by, target=contract, message=contract.term_text()
        )
    return contract


def whole_life_value(contract: Contract) -> Decimal:
    """Every month of the initial term and every option still open or taken."""
    months = contract.initial_months + sum(
        o.months
        for o in contract.option_rows()
        if o.status in (OptionStatus.PENDING, OptionStatus.EXERCISED)
    )
    return contract_terms.term_value(contract.annual_value, months)


def request_contract_approval(*, contract: Contract, requested_by) -> Contract:
    """An officer sends a draft contract's award (its whole-life value) for approval per the bands."""
    with transaction.atomic(), acting_as(requested_by):
        locked = _locked(contract)
        _require(can_manage_contract(requested_by, locked))
        if locked.state != ContractState.DRAFT:
            raise CommissioningError(NOT_ACTIVE.format(what="sent", state="not a draft"))
        current = locked.approval_request
        if current is not None and current.state in (ApprovalState.PENDING, ApprovalState.APPROVED):
            raise CommissioningError(
                ALREADY_REQUESTED.format(state=current.get_state_display().lower())
            )
        if locked.award_id is None:
            raise CommissioningError(
                "Say who pays for the contract before sending it for approval."
            )
        locked.approval_request = _request(
            ApprovalKind.CONTRACT_AWARD,
            value=whole_life_value(locked),
            title=f"{locked.reference}: {locked.title} with {locked.provider}",
            contract=locked,
            requested_by=requested_by,
        )
        locked.save(update_fields=["approval_request"])
        record_event(
            ContractEvent.APPROVAL_REQUESTED,
            actor=requested_by,
            target=locked,
            message=locked.approval_request.reason,
        )
    return locked


def activate_contract(*, contract: Contract, activated_by) -> Contract:
    """An officer lets an approved contract: its commitments now count against stream budgets."""
    with transaction.atomic(), acting_as(activated_by):
        locked = _locked(contract)
        _require(can_manage_contract(activated_by, locked))
        _transition(
            locked, "activate", actor=activated_by, event=ContractEvent.ACTIVATED, message=""
        )
        _grants(commit_contract_award, award=locked.award)
    return locked
