"""Ending a contract: early by break notice from either party or by de-commissioning with a risk
assessment agreed with the provider (pending options lapse; later commitments are released), or
at the end of its term (the hourly sweep, commissioning/tasks.py)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from audit.events import acting_as
from audit.transitions import perform_transitions
from grants.services.awards import (
    move_contract_award_end,
)

from .. import contract_terms
from ..contract_permissions import can_manage_contract
from ..contract_terms import OptionStatus
from ..errors import CommissioningError
from ..events import ContractEvent
from ..models import (
    BreakNotice,
    Contract,
    ContractState,
    DecommissioningDecision,
    ExtensionOption,
    Party,
)
from .common import (
    _current_end,
    _grants,
    _lapse_pending,
    _locked,
    _require,
    _require_active,
    _text,
    _transition,
)


def give_break_notice(
    *,
    contract: Contract,
    party: str,
    given_on: date,
    given_by: str,
    reason: str,
    recorded_by,
    stated_end: date | None = None,
) -> BreakNotice:
    """Either party gives notice under the break clause: the contract ends on the notice date plus
    that party's notice period (or a later stated date); pending options lapse and commitments
    after the end are released."""
    if party not in Party.values:
        raise CommissioningError("Choose who gave notice", field="party")
    given_by, reason = _text(given_by, "given_by")[:200], _text(reason, "reason")
    if not isinstance(given_on, date):
        raise CommissioningError("Enter the date notice was given", field="given_on")
    with transaction.atomic(), acting_as(recorded_by):
        locked = _locked(contract)
        _require(can_manage_contract(recorded_by, locked))
        _require_active(locked, "ended by a break clause")
        if given_on < locked.start_date:
            raise CommissioningError(
                "Notice cannot be given before the contract starts", field="given_on"
            )
        months = (
            locked.provider_notice_months
            if party == Party.PROVIDER
            else locked.commissioner_notice_months
        )
        ends_on = contract_terms.break_end(given_on, months, stated_end)
        current_end = _current_end(locked)
        if ends_on >= current_end:
            raise CommissioningError(
                f"The notice would end the contract on {ends_on:%-d %B %Y}, on or after its "
                f"current end ({current_end:%-d %B %Y}): let it end then instead.",
                field="stated_end",
            )
        notice = BreakNotice.objects.create(
            contract=locked,
            party=party,
            given_on=given_on,
            given_by=given_by,
            reason=reason,
            stated_end=stated_end,
            ends_on=ends_on,
            recorded_by=recorded_by,
        )
        _lapse_pending(locked)
        _grants(move_contract_award_end, award=locked.award, end_date=ends_on)
        _transition(
            locked,
            "terminate",
            actor=recorded_by,
            event=ContractEvent.BREAK_NOTICE,
            message=f"{notice.get_party_display()} gave notice on {given_on:%-d %B %Y}: "
            f"ends {ends_on:%-d %B %Y}. {reason}",
            ends_on=ends_on,
        )
    return notice


def decommission_contract(
    *,
    contract: Contract,
    reason: str,
    risks_to_service_users: str,
    mitigation: str,
    exit_plan: str,
    provider_agreed_by: str,
    provider_agreed_on: date,
    ends_on: date,
    decided_by,
    today: date | None = None,
) -> DecommissioningDecision:
    """An officer de-commissions a contract with a risk assessment agreed with the provider: it
    ends on `ends_on`, pending options lapse and later commitments are released."""
    texts = {
        name: _text(value, name)
        for name, value in [
            ("reason", reason),
            ("risks_to_service_users", risks_to_service_users),
            ("mitigation", mitigation),
            ("exit_plan", exit_plan),
            ("provider_agreed_by", provider_agreed_by),
        ]
    }
    today = today or timezone.localdate()
    if not isinstance(provider_agreed_on, date) or provider_agreed_on > today:
        raise CommissioningError(
            "Enter the date the provider agreed: today or earlier", field="provider_agreed_on"
        )
    if not isinstance(ends_on, date) or ends_on < today:
        raise CommissioningError("Enter an end date today or later", field="ends_on")
    with transaction.atomic(), acting_as(decided_by):
        locked = _locked(contract)
        _require(can_manage_contract(decided_by, locked))
        _require_active(locked, "de-commissioned")
        current_end = _current_end(locked)
        if ends_on >= current_end:
            raise CommissioningError(
                f"Choose an end before the contract's current end ({current_end:%-d %B %Y})",
                field="ends_on",
            )
        texts["provider_agreed_by"] = texts["provider_agreed_by"][:200]
        decision = DecommissioningDecision.objects.create(
            contract=locked,
            provider_agreed_on=provider_agreed_on,
            ends_on=ends_on,
            decided_by=decided_by,
            **texts,
        )
        _lapse_pending(locked)
        _grants(move_contract_award_end, award=locked.award, end_date=ends_on)
        _transition(
            locked,
            "decommission",
            actor=decided_by,
            event=ContractEvent.DECOMMISSIONED,
            message=f"Ends {ends_on:%-d %B %Y}. {texts['reason']}",
            ends_on=ends_on,
        )
    return decision


SWEEP_BATCH = 500


def end_expired_contracts(*, today: date | None = None) -> int:
    """The sweep: every active contract whose current end has passed ends, its pending
    options lapsing with it (an option not exercised by the end can no longer be). In batches,
    each in one transaction with its rows locked (a contract being changed at that moment is
    left for the next run); running it twice changes nothing. Returns how many ended."""

    today = today or timezone.localdate()
    ended = 0
    while True:
        with transaction.atomic():
            batch = list(
                Contract.objects.select_for_update(of=("self",), skip_locked=True)
                .filter(state=ContractState.ACTIVE, award__end_date__lt=today)
                .order_by("pk")[:SWEEP_BATCH]
            )
            if not batch:
                return ended
            ExtensionOption.objects.filter(contract__in=batch, status=OptionStatus.PENDING).update(
                status=OptionStatus.LAPSED, decided_at=timezone.now(), updated_at=timezone.now()
            )
            perform_transitions(
                batch,
                "end",
                actor=None,
                event=ContractEvent.ENDED,
                message="The term ran out with no further option exercised.",
                check_permission=False,
            )
            ended += len(batch)
