"""Who may do what with funding streams and grants: predicates returning (allowed, reason).

Segregation of duties over the whole record: nobody decides a grant or agrees its budget override
if they created or changed the grant or drafted or changed its decision notice.
"""

from __future__ import annotations

from accounts.roles import Role

NOT_OFFICER = "Only a commissioning officer can change grants."
NOT_DECIDER = "Only the Commissioner (or Chief Executive) can decide a grant."
NOT_FINANCE = "Only a finance approver can agree to go beyond a stream's budget."
WROTE_GRANT_DECIDE = (
    "You created or changed this grant, so someone else must decide it (segregation of duties)."
)
WROTE_GRANT_OVERRIDE = (
    "You created or changed this grant or its decision notice, so someone else must agree the "
    "override (segregation of duties)."
)
NOT_PROVIDER_OF_GRANT = "You can see only your own organisation's grants."


def took_part_in(user, grant) -> bool:
    """Whether `user` created or changed `grant`, or drafted or changed its decision notice."""
    if grant is None:
        return False
    if grant.created_or_edited_by(user):
        return True
    notice = grant.decision_notice if grant.decision_notice_id else None
    return bool(notice is not None and notice.drafted_or_edited_by(user))


def can_view_grants(user) -> tuple[bool, str]:
    if user.has_role(Role.OFFICER, Role.FINANCE, Role.COMMISSIONER, Role.ADMINISTRATOR):
        return True, ""
    if user.has_role(Role.PROVIDER):
        return True, ""  # their own organisation's only: selectors.grants_visible_to
    return False, "Your role does not give you access to grants."


def can_manage_grants(user, grant=None) -> tuple[bool, str]:
    if user.has_role(Role.OFFICER):
        return True, ""
    return False, NOT_OFFICER


def can_decide_grants(user, grant=None) -> tuple[bool, str]:
    if not user.has_role(Role.COMMISSIONER):
        return False, NOT_DECIDER
    if grant is not None and grant.created_or_edited_by(user):
        return False, WROTE_GRANT_DECIDE
    return True, ""


def can_manage_streams(user, stream=None) -> tuple[bool, str]:
    if user.has_role(Role.OFFICER, Role.ADMINISTRATOR):
        return True, ""
    return False, "Only an officer or administrator can change funding streams."


def can_override_budget(user, award=None) -> tuple[bool, str]:
    if not user.has_role(Role.FINANCE):
        return False, NOT_FINANCE
    grant = getattr(award, "grant", None) if award is not None else None
    if took_part_in(user, grant):
        return False, WROTE_GRANT_OVERRIDE
    return True, ""


def can_request_budget_override(user, grant=None) -> tuple[bool, str]:
    """An officer asks; a finance approver decides it in the approvals queue."""
    if user.has_role(Role.OFFICER):
        return True, ""
    return False, "Only a commissioning officer can ask for a budget override."


def can_record_payment(user, grant=None) -> tuple[bool, str]:
    if user.has_role(Role.FINANCE):
        return True, ""
    return False, "Only a finance approver can record payments."
