"""Who may do what with funding streams and grants: predicates returning (allowed, reason)."""

from __future__ import annotations

from accounts.roles import Role

NOT_OFFICER = "Only a commissioning officer can change grants."


def can_view_grants(user) -> tuple[bool, str]:
    if user.has_role(Role.OFFICER, Role.FINANCE, Role.COMMISSIONER, Role.ADMINISTRATOR):
        return True, ""
    return False, "Your role does not give you access to grants."


def can_manage_grants(user, grant=None) -> tuple[bool, str]:
    if user.has_role(Role.OFFICER):
        return True, ""
    return False, NOT_OFFICER


def can_decide_grants(user, grant=None) -> tuple[bool, str]:
    if user.has_role(Role.COMMISSIONER):
        return True, ""
    return False, "Only the Commissioner (or Chief Executive) can decide a grant."


def can_manage_streams(user, stream=None) -> tuple[bool, str]:
    if user.has_role(Role.OFFICER, Role.ADMINISTRATOR):
        return True, ""
    return False, "Only an officer or administrator can change funding streams."


def can_override_budget(user, award=None) -> tuple[bool, str]:
    if user.has_role(Role.FINANCE):
        return True, ""
    return False, "Only a finance approver can agree to go beyond a stream's budget."


def can_record_payment(user, grant=None) -> tuple[bool, str]:
    if user.has_role(Role.FINANCE):
        return True, ""
    return False, "Only a finance approver can record payments."
