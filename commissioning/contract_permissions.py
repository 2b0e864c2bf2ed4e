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
