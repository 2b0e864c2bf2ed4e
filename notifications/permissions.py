"""Who may see what here: everyone their own notifications; administrators the operations page."""

from __future__ import annotations

from accounts.roles import Role

NOT_ADMINISTRATOR = "Only administrators can see the notifications operations page."


def can_run_operations(user) -> tuple[bool, str]:
    if user.is_authenticated and user.has_role(Role.ADMINISTRATOR):
        return True, ""
    return False, NOT_ADMINISTRATOR
