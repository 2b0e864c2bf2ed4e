"""Who may see, draft, edit, sign and withdraw decision notices: predicates returning (allowed, reason).

Used as the django-fsm `permission=` of the transitions, by the services before they write, by the
views as their one gate and by the templates to show or explain an action.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from accounts.roles import Role

from . import hooks
from .states import OPEN_STATES, DecisionNoticeState

if TYPE_CHECKING:
    from .models import DecisionNotice

# Office roles that read decision notices (providers and external evaluators do not).
VIEWING_ROLES = (Role.OFFICER, Role.COMMISSIONER, Role.FINANCE, Role.ADMINISTRATOR)
DRAFTING_ROLES = (Role.OFFICER,)
SIGNING_ROLES = (Role.COMMISSIONER,)
WITHDRAWING_ROLES = (Role.OFFICER,)

NOT_SIGNED_IN = "Sign in to do this."
CANNOT_VIEW = "Only office staff can see decision notices before they are published."
CANNOT_DRAFT = "Only commissioning officers can draft decision notices."
CANNOT_EDIT_ROLE = "Only commissioning officers can change a draft decision notice."
NOT_A_DRAFT_SIGNED = "This decision notice has already been signed as {number}."
NOT_A_DRAFT_WITHDRAWN = "This decision notice has been withdrawn."
NOT_COMMISSIONER = "Only the Commissioner can sign decision notices."
DRAFTER_CANNOT_SIGN = (
    "You drafted this decision notice, so someone else must sign it (segregation of duties)."
)
EDITOR_CANNOT_SIGN = "You changed this draft, so someone else must sign it (segregation of duties)."
INCOMPLETE = "Add a title, the decision and the reasons before it can be signed."
CANNOT_WITHDRAW_ROLE = "Only commissioning officers can withdraw a draft decision notice."
SENT_BACK = (
    "The Commissioner sent this decision notice back to its drafter; it can be signed once an "
    "officer has changed it."
)
CANNOT_SEND_BACK_ROLE = "Only the Commissioner can send a decision notice back."
DRAFTER_CANNOT_SEND_BACK = "You wrote this decision notice, so you cannot send it back."

Verdict = tuple[bool, str]


def _signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _not_draft_reason(notice: DecisionNotice) -> str:
    if notice.state == DecisionNoticeState.SIGNED:
        return NOT_A_DRAFT_SIGNED.format(number=notice.number)
    if notice.state == DecisionNoticeState.RETURNED:
        return SENT_BACK
    return NOT_A_DRAFT_WITHDRAWN


def can_view_decision_notices(user) -> Verdict:
    """The office's decision notices, drafts included (signed ones are public anyway)."""
    if not _signed_in(user):
        return False, NOT_SIGNED_IN
    if not user.has_role(*VIEWING_ROLES):
        return False, CANNOT_VIEW
    return True, ""


def can_draft_decision_notice(user) -> Verdict:
    if not _signed_in(user):
        return False, NOT_SIGNED_IN
    if not user.has_role(*DRAFTING_ROLES):
        return False, CANNOT_DRAFT
    return True, ""


def can_edit_decision_notice(user, notice: DecisionNotice) -> Verdict:
    """Any commissioning officer may improve a draft; nobody may change a signed notice."""
    if not _signed_in(user):
        return False, NOT_SIGNED_IN
    if not user.has_role(*DRAFTING_ROLES):
        return False, CANNOT_EDIT_ROLE
    if notice.state not in OPEN_STATES:
        return False, _not_draft_reason(notice)
    return True, ""


def can_sign_decision_notice(user, notice: DecisionNotice) -> Verdict:
    """A commissioner-role user signs a complete draft that they neither drafted nor edited.

    Segregation of duties (brief: nobody signs what they drafted) holds for superusers too, and
    over the whole record: the apps whose items the notice decides add their own refusals (an item
    no longer awaiting this decision, changed since the notice bound it, or created, edited or
    overridden by this user) through `hooks.signing_blockers`.
    """
    if not _signed_in(user):
        return False, NOT_SIGNED_IN
    if notice.state != DecisionNoticeState.DRAFT:
        return False, _not_draft_reason(notice)
    # Authorship first, so the drafter is told why they cannot sign whatever their roles.
    if user.pk == notice.drafted_by_id:
        return False, DRAFTER_CANNOT_SIGN
    if notice.drafted_or_edited_by(user):
        return False, EDITOR_CANNOT_SIGN
    if not user.has_role(*SIGNING_ROLES):
        return False, NOT_COMMISSIONER
    if not notice.is_complete():
        return False, INCOMPLETE
    blockers = hooks.signing_blockers(notice=notice, user=user)
    if blockers:
        return False, " ".join(blockers)
    return True, ""


def can_send_back_decision_notice(user, notice: DecisionNotice) -> Verdict:
    """A commissioner-role user who did not write the draft sends it back with comments."""
    if not _signed_in(user):
        return False, NOT_SIGNED_IN
    if not user.has_role(*SIGNING_ROLES):
        return False, CANNOT_SEND_BACK_ROLE
    if notice.state != DecisionNoticeState.DRAFT:
        return False, _not_draft_reason(notice)
    if notice.drafted_or_edited_by(user):
        return False, DRAFTER_CANNOT_SEND_BACK
    return True, ""


def can_withdraw_decision_notice(user, notice: DecisionNotice) -> Verdict:
    if not _signed_in(user):
        return False, NOT_SIGNED_IN
    if not user.has_role(*WITHDRAWING_ROLES):
        return False, CANNOT_WITHDRAW_ROLE
    if notice.state not in OPEN_STATES:
        return False, _not_draft_reason(notice)
    return True, ""
