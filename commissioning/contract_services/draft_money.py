"""Correcting a draft contract's money before it is sent for approval: its annual value (and so
its whole-life value) and who pays for it (shares per funding stream or partner), with the
commitments per financial year recomputed in the same transaction through grants' public award
API. A contract drafted from an approved STA or a tender award is never raised above the figure
that decision approved: a decision binds the facts it decided."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from approvals.engine.models import ApprovalState
from audit.events import acting_as, record_event
from core.money import MoneyFormatError, format_gbp, parse_pounds
from grants.rules import shares_shortfall
from grants.services import ShareInput
from grants.services.awards import save_contract_award

from .. import contract_terms
from ..contract_permissions import can_manage_contract
from ..errors import CommissioningError
from ..events import ContractEvent
from ..models import Contract, ContractOrigin, ContractState, Tender
from .common import _check_value, _grants, _locked, _require
from .contracts import whole_life_value

MAX_SHARES = 20  # as many funders as the grant and STA forms take
NOT_DRAFT = "Only a draft contract's value and funding can be changed: this one is {state}."
SENT = (
    "The award has been sent for approval at its current value ({state}): the approval holds "
    "that value, so it cannot be changed now."
)
STALE = (
    "Someone changed this contract's term, value or funding after you opened the page. Open it "
    "again to see their changes, then make yours."
)
ENTER_VALUE = "Enter the annual value in pounds and pence, like 40,000.00"
NOT_POSITIVE = "Enter an annual value more than £0"
NO_FUNDER = "Say which funding stream or partner pays for the contract"
SHARE_NOT_POSITIVE = "Enter an amount more than £0 for each funder"
TOO_MANY = f"A contract can have up to {MAX_SHARES} funders"
SHARES_GAP = (
    "The funding shares add up to {shares}, but the initial term is worth {total} "
    "({annual} a year for {months}): make them add up to {total}"
)
OVER_APPROVED = (
    "{figure}: at {annual} a year over its term and options this contract would be worth "
    "{value}. Keep it within {approved} (a lower annual value or a shorter term), or get a new "
    "STA approved."
)
OVER_BID = "{figure}: the annual value cannot be more than {approved}."


def money_fingerprint(contract: Contract) -> str:
    """What a draft's money rested on when a form was opened (annual value, term, options, the
    award's total and shares): a save from a page opened before any change is refused."""
    shares = contract.award.shares.all() if contract.award_id else []
    parts = [
        f"{contract.annual_value:.2f}",
        str(contract.initial_months),
        ",".join(str(o.months) for o in contract.option_rows()),
        f"{contract.award.total:.2f}" if contract.award_id else "",
        *sorted(f"{s.stream_id}:{s.partner_id}:{s.amount:.2f}" for s in shares),
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def _annual(value: object) -> Decimal:
    if value is None or isinstance(value, float | bool) or not isinstance(value, Decimal | int):
        raise CommissioningError(ENTER_VALUE, field="annual_value")
    try:
        amount = parse_pounds(value)
    except MoneyFormatError as exc:
        raise CommissioningError(exc.message, field="annual_value") from None
    if amount <= 0:
        raise CommissioningError(NOT_POSITIVE, field="annual_value")
    _check_value(amount)
    return amount


def _shares(shares: Sequence[ShareInput]) -> list[ShareInput]:
    rows = list(shares or ())
    if not rows:
        raise CommissioningError(NO_FUNDER, field="shares")
    if len(rows) > MAX_SHARES:
        raise CommissioningError(TOO_MANY, field="shares")
    cleaned = []
    for row in rows:
        if not isinstance(row, ShareInput) or isinstance(row.amount, float | bool):
            raise CommissioningError(SHARE_NOT_POSITIVE, field="shares")
        try:
            amount = parse_pounds(row.amount)
        except MoneyFormatError as exc:
            raise CommissioningError(exc.message, field="shares") from None
        if amount <= 0:
            raise CommissioningError(SHARE_NOT_POSITIVE, field="shares")
        cleaned.append(ShareInput(amount=amount, stream=row.stream, partner=row.partner))
    return cleaned


def _key(stream_id, partner_id, amount: Decimal) -> tuple:
    return (stream_id or 0, partner_id or 0, amount)


def _unchanged(contract: Contract, annual: Decimal, shares: list[ShareInput]) -> bool:
    """The money is already what was sent (a double click, a retry): nothing to do."""
    if contract.annual_value != annual or contract.award_id is None:
        return False
    now = sorted(_key(s.stream_id, s.partner_id, s.amount) for s in contract.award.shares.all())
    sent = sorted(
        _key(getattr(s.stream, "pk", None), getattr(s.partner, "pk", None), s.amount)
        for s in shares
    )
    return now == sent


@dataclass(frozen=True)
class ApprovedFigure:
    """What the decision a contract came from approved: an STA's whole-life value, or the
    winning bid's annual price (`whole_life` False)."""

    amount: Decimal
    whole_life: bool
    text: str


def approved_figure(contract: Contract) -> ApprovedFigure | None:
    """The figure binding a contract drafted from an approved STA or a tender award (None for
    one an officer drafted or imported)."""
    if contract.origin == ContractOrigin.STA and contract.single_tender_action_id:
        sta = contract.single_tender_action
        amount = sta.approval_request.value if sta.approval_request_id else sta.whole_life_value
        return ApprovedFigure(
            amount, True, f"{sta.reference} approved a whole-life value of {format_gbp(amount)}"
        )
    tender = Tender.objects.filter(contract=contract).select_related("awarded_bid__bidder").first()
    if tender is not None and tender.awarded_bid_id:
        bid = tender.awarded_bid
        return ApprovedFigure(
            bid.annual_price,
            False,
            f"The tender award accepted {bid.bidder}'s price of {format_gbp(bid.annual_price)} "
            "a year",
        )
    return None


def check_approved_figure(contract: Contract) -> None:
    """A draft's raised value (the change already made on `contract`, in the caller's
    transaction) within what was decided. Callers check only a rise: an STA's value split into
    months may round a penny over it, and keeping the value as drafted is not raising it."""
    figure = approved_figure(contract)
    if figure is None:
        return
    annual = contract.annual_value
    if figure.whole_life:
        value = whole_life_value(contract)
        if value > figure.amount:
            raise CommissioningError(
                OVER_APPROVED.format(
                    figure=figure.text,
                    annual=format_gbp(annual),
                    value=format_gbp(value),
                    approved=format_gbp(figure.amount),
                ),
                field="annual_value",
            )
    elif annual > figure.amount:
        raise CommissioningError(
            OVER_BID.format(figure=figure.text, approved=format_gbp(figure.amount)),
            field="annual_value",
        )


def change_draft_money(
    *,
    contract: Contract,
    annual_value: Decimal,
    shares: Sequence[ShareInput],
    edited_by,
    opened_at: str | None = None,
) -> Contract:
    """An officer corrects a draft's annual value and its funding shares; the shares must add up
    to the initial term's value, as an award's always do, and its commitments per financial year
    follow. Refused once the award is pending or approved, above an approved STA's or tender
    award's figure, or when `opened_at` (the money_fingerprint the form was opened with) no
    longer matches. Sending what is already saved changes nothing (a double post is harmless)."""
    annual = _annual(annual_value)
    rows = _shares(shares)
    with transaction.atomic(), acting_as(edited_by):
        locked = _locked(contract)
        _require(can_manage_contract(edited_by, locked))
        if locked.state != ContractState.DRAFT:
            raise CommissioningError(NOT_DRAFT.format(state=locked.get_state_display().lower()))
        request = locked.approval_request
        if request is not None and request.state in (ApprovalState.PENDING, ApprovalState.APPROVED):
            raise CommissioningError(SENT.format(state=request.get_state_display().lower()))
        if _unchanged(locked, annual, rows):
            return locked
        if opened_at is not None and opened_at != money_fingerprint(locked):
            raise CommissioningError(STALE)
        before_annual, before_life = locked.annual_value, whole_life_value(locked)
        locked.annual_value = annual
        if annual > before_annual:
            check_approved_figure(locked)
        total = contract_terms.term_value(annual, locked.initial_months)
        gap = shares_shortfall(total, [s.amount for s in rows])
        if gap:
            raise CommissioningError(
                SHARES_GAP.format(
                    shares=format_gbp(total - gap),
                    total=format_gbp(total),
                    annual=format_gbp(annual),
                    months=contract_terms.describe_months(locked.initial_months),
                ),
                field="shares",
            )
        locked.save(update_fields=["annual_value"])
        award = _grants(
            save_contract_award,
            award=locked.award,
            recipient=locked.provider,
            total=total,
            start_date=locked.start_date,
            end_date=contract_terms.term_end(locked.start_date, locked.initial_months),
            shares=rows,
        )
        if locked.award_id is None:
            locked.award = award
            locked.save(update_fields=["award"])
        funders = "; ".join(f"{s.stream or s.partner} {format_gbp(s.amount)}" for s in rows)
        record_event(
            ContractEvent.MONEY_CHANGED,
            actor=edited_by,
            target=locked,
            message=f"Annual value {format_gbp(before_annual)} → {format_gbp(annual)}; "
            f"whole-life value {format_gbp(before_life)} → "
            f"{format_gbp(whole_life_value(locked))}. Who pays: {funders}.",
        )
    return locked
