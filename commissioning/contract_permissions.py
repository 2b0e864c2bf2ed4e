"""Who may see and manage contracts: predicates (allowed, reason), and the one visibility rule.

Office staff see every contract; a provider user sees only their own organisation's contracts,
read-only (404 on others). Commissioning officers manage them; approving is the engine's.
"""

from __future__ import annotations

from accounts.roles import STAFF_ROLES, Role
from providers.selectors import organisation_of

NOT_SIGNED_IN = "Sign in to do this."
CANNOT_VIEW = "Only office staff and the contract's provider can see contracts."
NOT_OFFICER = "Only commissioning officers can change contracts."

Verdict = tuple[bool, str]


def _signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_view_contracts(user) -> Verdict:
    if not _signed_in(user):
        return False, NOT_SIGNED_IN
    if user.has_role(*STAFF_ROLES) or user.has_role(Role.PROVIDER):
        return True, ""
    return False, CANNOT_VIEW


def visible_provider_id(user) -> int | None:
    """None for office staff (every contract); a provider user's organisation id otherwise (0 when
    they have none, which matches nothing)."""
    if user.has_role(*STAFF_ROLES):
        return None
    organisation = organisation_of(user)
    return organisation.pk if organisation else 0


def can_view_contract(user, contract) -> Verdict:
    allowed, reason = can_view_contracts(user)
    if not allowed:
        return allowed, reason
    provider_id = visible_provider_id(user)
    if provider_id is not None and contract.provider_id != provider_id:
        return False, CANNOT_VIEW
    return True, ""


def can_manage_contracts(user) -> Verdict:
    if not _signed_in(user):
        return False, NOT_SIGNED_IN
    if not user.has_role(Role.OFFICER):
        return False, NOT_OFFICER
    return True, ""


def can_manage_contract(user, contract) -> Verdict:
    return can_manage_contracts(user)


NOT_FINANCE = "Only a finance approver can record payments."
ACTED_ON_CONTRACT = (
    "You drafted or changed this contract, so someone else in finance must record its payments "
    "(segregation of duties)."
)
PAYMENT_EVENT = "payment_recorded"
NOT_PAYABLE = "Payments are recorded only on a contract that has been let, with its funding set."


def can_record_contract_payment(user, contract) -> Verdict:
    """Finance records payments, but never on a contract they drafted or acted on at any step
    (its history names every actor; recording payments is not acting on it)."""
    from auditlog.models import LogEntry

    if not _signed_in(user):
        return False, NOT_SIGNED_IN
    if not user.has_role(Role.FINANCE):
        return False, NOT_FINANCE
    if contract.state == "draft" or contract.award_id is None:
        return False, NOT_PAYABLE
    acted = (
        LogEntry.objects.get_for_object(contract)
        .filter(actor_id=user.pk)
        .exclude(additional_data__event=PAYMENT_EVENT)
        .exists()
    )
    if contract.created_by_id == user.pk or acted:
        return False, ACTED_ON_CONTRACT
    return True, ""
