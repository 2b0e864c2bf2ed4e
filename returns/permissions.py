"""Who may see, edit and review outcome returns: one visibility rule, and (allowed, reason) predicates.

`return_scope` is the only place that decides which returns a user may see; the list filter
(`selectors.returns_visible_to`) and the object check (`can_view_return`) both read it.
"""

from __future__ import annotations

from dataclasses import dataclass

from accounts.roles import Role
from providers.selectors import organisation_of

OFFICE_ROLES = (Role.OFFICER, Role.FINANCE, Role.COMMISSIONER, Role.ADMINISTRATOR)
NOT_THEIR_PROVIDER = "Only a user of the provider that holds this award can change its return."
NOT_OFFICER = "Only a commissioning officer can review returns."
EDITED_IT = "You changed this return, so another officer must review it."


@dataclass(frozen=True)
class ReturnScope:
    everything: bool = False
    provider_id: int | None = (
        None  # a provider user's organisation; None with everything=False: none
    )


def return_scope(user) -> ReturnScope:
    """Office staff see every return; a provider user only their organisation's; others none."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ReturnScope()
    if user.has_role(*OFFICE_ROLES):
        return ReturnScope(everything=True)
    if user.has_role(Role.PROVIDER):
        org = organisation_of(user)
        if org is not None:
            return ReturnScope(provider_id=org.pk)
    return ReturnScope()


def can_view_return(user, outcome_return) -> tuple[bool, str]:
    scope = return_scope(user)
    if scope.everything or (
        scope.provider_id is not None and scope.provider_id == outcome_return.provider_id
    ):
        return True, ""
    return False, "You cannot see this return."


def can_edit_return(user, outcome_return) -> tuple[bool, str]:
    """The provider completes its own returns (office staff never write them)."""
    if not user.has_role(Role.PROVIDER):
        return False, NOT_THEIR_PROVIDER
    org = organisation_of(user)
    if org is not None and org.pk == outcome_return.provider_id:
        return True, ""
    return False, NOT_THEIR_PROVIDER


def can_review_return(user, outcome_return) -> tuple[bool, str]:
    """An officer reviews; nobody reviews a return they edited (segregation of duties)."""
    if not user.has_role(Role.OFFICER):
        return False, NOT_OFFICER
    if outcome_return.pk and _edited_by(outcome_return, user):
        return False, EDITED_IT
    return True, ""


def _edited_by(outcome_return, user) -> bool:
    """Whether the user changed the return (from the editors a page already read, if any)."""
    known = getattr(outcome_return, "known_editor_ids", None)
    if known is not None:
        return user.pk in known
    return outcome_return.editors.filter(pk=user.pk).exists()


def can_review_returns(user) -> tuple[bool, str]:
    """The review queue and compliance pages."""
    if user.has_role(Role.OFFICER, Role.ADMINISTRATOR, Role.COMMISSIONER, Role.FINANCE):
        return True, ""
    return False, NOT_OFFICER
