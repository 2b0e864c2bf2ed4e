"""Who may see, draft, change and submit Single Tender Actions: predicates (allowed, reason).

Approving is not here: the approvals engine decides who approves (bands), and the STA follows.
"""

from __future__ import annotations

from accounts.roles import STAFF_ROLES, Role

NOT_SIGNED_IN = "Sign in to do this."
CANNOT_VIEW = "Only office staff can see single tender actions."
NOT_OFFICER = "Only commissioning officers can draft and submit single tender actions."
NOT_EDITABLE = "This STA is {state}: only a draft or one returned for changes can be changed."

Verdict = tuple[bool, str]


def _signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_view_stas(user) -> Verdict:
    if not _signed_in(user):
        return False, NOT_SIGNED_IN
    if not user.has_role(*STAFF_ROLES):
        return False, CANNOT_VIEW
    return True, ""


def can_draft_sta(user) -> Verdict:
    if not _signed_in(user):
        return False, NOT_SIGNED_IN
    if not user.has_role(Role.OFFICER):
        return False, NOT_OFFICER
    return True, ""


def can_edit_sta(user, sta) -> Verdict:
    allowed, reason = can_draft_sta(user)
    if not allowed:
        return allowed, reason
    if not sta.is_editable:
        return False, NOT_EDITABLE.format(state=sta.get_state_display().lower())
    return True, ""


def can_submit_sta(user, sta) -> Verdict:
    return can_edit_sta(user, sta)
