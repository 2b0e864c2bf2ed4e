"""Changing a draft contract's term before it is sent for approval: the initial term, the
extension options (the N plus M rule checked) and each party's break notice. The award's money
follows the initial term, shared between the funders in the same proportions."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from approvals.engine.models import ApprovalState
from audit.events import acting_as, record_event
from grants.rules import split_proportionally
from grants.services import ShareInput
from grants.services.awards import save_contract_award

from .. import contract_terms
from ..contract_permissions import can_manage_contract
from ..errors import CommissioningError
from ..events import ContractEvent
from ..models import Contract, ContractState, ExtensionOption
from .common import _grants, _locked, _require
from .contracts import whole_life_value
from .draft_money import check_approved_figure

NOT_DRAFT = "Only a draft contract's term can be changed: this one is {state}."
SENT = (
    "The award has been sent for approval on its current term ({state}): the approval holds "
    "those terms, so they cannot be changed now."
)
NOTICE = "Enter the {who} break notice as a whole number of months from 1 to 60"


def _notice(months, who: str, field: str) -> int:
    if not isinstance(months, int) or isinstance(months, bool) or not 1 <= months <= 60:
        raise CommissioningError(NOTICE.format(who=who), field=field)
    return months


def change_draft_terms(
    *,
    contract: Contract,
    initial_months: int,
    option_months: Sequence[int],
    commissioner_notice_months: int,
    provider_notice_months: int,
    edited_by,
) -> Contract:
    """An officer sets a draft's term, options and break notice. Refused once the award is
    pending or approved, or when a longer term would take a contract drafted from an approved
    STA past the value it approved (a decision binds the facts it decided); the award's total
    and its commitments follow a changed initial term."""
    if not isinstance(initial_months, int) or any(not isinstance(m, int) for m in option_months):
        raise CommissioningError("Enter the term in whole months", field="initial_months")
    errors = contract_terms.term_errors(initial_months, option_months)
    if errors:
        raise CommissioningError(errors[0], field="option_months")
    _notice(commissioner_notice_months, "Commissioner's", "commissioner_notice_months")
    _notice(provider_notice_months, "provider's", "provider_notice_months")
    with transaction.atomic(), acting_as(edited_by):
        locked = _locked(contract)
        _require(can_manage_contract(edited_by, locked))
        if locked.state != ContractState.DRAFT:
            raise CommissioningError(NOT_DRAFT.format(state=locked.get_state_display().lower()))
        request = locked.approval_request
        if request is not None and request.state in (ApprovalState.PENDING, ApprovalState.APPROVED):
            raise CommissioningError(SENT.format(state=request.get_state_display().lower()))
        before, before_value = locked.term_text(), whole_life_value(locked)
        changed_term = locked.initial_months != initial_months
        ExtensionOption.objects.filter(contract=locked).delete()
        ExtensionOption.objects.bulk_create(
            ExtensionOption(contract=locked, sequence=n, months=m)
            for n, m in enumerate(option_months, start=1)
        )
        locked.initial_months = initial_months
        locked.commissioner_notice_months = commissioner_notice_months
        locked.provider_notice_months = provider_notice_months
        locked.save(
            update_fields=[
                "initial_months", "commissioner_notice_months", "provider_notice_months",
            ]
        )  # fmt: skip
        if whole_life_value(locked) > before_value:  # a decision binds the value it approved
            check_approved_figure(locked)
        if changed_term and locked.award_id is not None:
            shares = list(locked.award.shares.all())
            total = contract_terms.term_value(locked.annual_value, initial_months)
            amounts = split_proportionally(total, [s.amount for s in shares])
            _grants(
                save_contract_award,
                award=locked.award,
                recipient=locked.provider,
                total=total,
                start_date=locked.start_date,
                end_date=contract_terms.term_end(locked.start_date, initial_months),
                shares=[
                    ShareInput(amount=a, stream=s.stream, partner=s.partner)
                    for s, a in zip(shares, amounts, strict=True)
                ],
            )
        record_event(
            ContractEvent.TERMS_CHANGED,
            actor=edited_by,
            target=locked,
            message=f"{before} → {locked.term_text()}; break notice: Commissioner "
            f"{commissioner_notice_months} months, provider {provider_notice_months} months.",
        )
    return locked
