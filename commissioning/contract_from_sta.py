"""What an approved Single Tender Action does to contracts (an approvals engine outcome handler for
STAs, run after the STA itself has followed the decision, in the same transaction): one for a new
contract drafts that contract; one for an extension adds the option it approved to the active
contract with its reference."""

from __future__ import annotations

from decimal import Decimal

from approvals.engine.models import ApprovalState
from audit.events import record_event

from . import contract_selectors, contract_terms
from .contract_services import ContractDetails, create_contract
from .events import ContractEvent
from .models import (
    Contract,
    ContractOrigin,
    ContractState,
    ExtensionOption,
    SingleTenderAction,
    StaKind,
)


def act_on_approved_sta(*, request, decided_by, comment: str) -> None:
    if request.state != ApprovalState.APPROVED:
        return
    sta = (
        SingleTenderAction.objects.select_related("supplier", "award")
        .filter(approval_request_id=request.pk)
        .first()
    )
    if sta is None:
        return
    if sta.kind == StaKind.EXTENSION:
        _add_option(sta, decided_by)
    elif not Contract.objects.filter(single_tender_action=sta).exists():
        _draft_contract(sta)


def _draft_contract(sta: SingleTenderAction) -> Contract:
    months = min(
        contract_terms.months_between(sta.start_date, sta.end_date), contract_terms.MAX_TERM_MONTHS
    )
    notice = contract_selectors.policy_on(sta.start_date).default_notice_months
    contract = create_contract(
        details=ContractDetails(
            reference=f"{sta.reference}-C",
            provider=sta.supplier,
            title=sta.service,
            start_date=sta.start_date,
            initial_months=months,
            annual_value=(sta.whole_life_value * 12 / months).quantize(Decimal("0.01")),
            commissioner_notice_months=notice,
            provider_notice_months=notice,
            origin=ContractOrigin.STA,
            single_tender_action=sta,
        ),
        created_by=sta.created_by,
    )
    if sta.award_id:
        contract.award = sta.award
        contract.save(update_fields=["award"])
    return contract


def _add_option(sta: SingleTenderAction, decided_by) -> None:
    contract = (
        Contract.objects.select_for_update(of=("self",))
        .filter(reference=sta.existing_contract_reference.strip(), state=ContractState.ACTIVE)
        .first()
    )
    if contract is None:  # a contract kept outside the service: nothing to add it to
        return
    last = contract.options.order_by("-sequence").values_list("sequence", flat=True).first() or 0
    option = ExtensionOption.objects.create(
        contract=contract,
        sequence=last + 1,
        months=contract_terms.months_between(sta.start_date, sta.end_date),
        single_tender_action=sta,
        approval_request=sta.approval_request,
    )
    record_event(
        ContractEvent.OPTION_ADDED,
        actor=decided_by,
        target=contract,
        message=f"{sta.reference} approved option {option.sequence} "
        f"({contract_terms.describe_months(option.months)})",
    )
