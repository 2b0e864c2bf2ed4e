"""Who may decide an approval request, and who may see the queues: predicates (allowed, reason)."""

from __future__ import annotations

from django.utils import timezone

from accounts.roles import Role

from . import rules
from .models import ApprovalRequest, ApprovalState

APPROVER_ROLES = (Role.FINANCE, Role.CHIEF_EXECUTIVE, Role.COMMISSIONER)
VIEWING_ROLES = (*APPROVER_ROLES, Role.OFFICER, Role.ADMINISTRATOR)

NOT_SIGNED_IN = "Sign in to do this."
CANNOT_VIEW = "Only office staff can see approval requests."
ALREADY_DECIDED = "This was already {outcome} by {name} at {when}."
REQUESTER_CANNOT = (
    "You asked for this approval, so someone else must decide it (segregation of duties)."
)
ALREADY_DECIDED_BY_YOU = (
    "You have already approved this as the {role}; the other role must be a different person."
)
AUTHOR_CANNOT = (
    "You wrote or changed what this asks to approve, so someone else must decide it "
    "(segregation of duties)."
)
NOTICE_DECIDES = (
    "This is approved by the Commissioner signing its decision notice, not from this page."
)
WRONG_ROLE = "Only {roles} can decide this request."

Verdict = tuple[bool, str]


def _signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M on %-d %B %Y")


def already_decided_message(request: ApprovalRequest) -> str:
    """ "This was already approved by Fiona Fraser at 14:02 on 2 December 2026."."""
    decisions = request.decisions_list()
    closing = [d for d in decisions if d.outcome != "approved"] or decisions
    if not closing:
        return ALREADY_DECIDED.format(
            outcome=request.get_state_display().lower(),
            name="someone",
            when=_when(request.decided_at),
        )
    last = closing[-1]
    return ALREADY_DECIDED.format(
        outcome=last.get_outcome_display().lower(),
        name=last.decided_by,
        when=_when(last.decided_at),
    )


def can_view_approval_requests(user) -> Verdict:
    if not _signed_in(user):
        return False, NOT_SIGNED_IN
    if not user.has_role(*VIEWING_ROLES):
        return False, CANNOT_VIEW
    return True, ""


def role_to_decide_as(user, request: ApprovalRequest) -> str | None:
    """The first still-undecided role of the request that `user` holds, if any."""
    return next((r for r in request.pending_roles() if user.has_role(r)), None)


def can_decide_approval_request(user, request: ApprovalRequest) -> Verdict:
    """A holder of a still-undecided required role, who did not ask for it and has not already
    decided it in another role (brief: segregation of duties; two-role bands need two people)."""
    if not _signed_in(user):
        return False, NOT_SIGNED_IN
    if request.state != ApprovalState.PENDING:
        return False, already_decided_message(request)
    if user.pk == request.requested_by_id:
        return False, REQUESTER_CANNOT
    if request.written_by(user):
        return False, AUTHOR_CANNOT
    mine = [d for d in request.decisions_list() if d.decided_by_id == user.pk]
    if mine:
        return False, ALREADY_DECIDED_BY_YOU.format(role=rules.role_label(mine[0].role))
    if role_to_decide_as(user, request) is None:
        roles = " or ".join(f"the {rules.role_label(r)}" for r in request.pending_roles())
        return False, WRONG_ROLE.format(roles=roles or "the approvers")
    return True, ""


def can_decide_on_page(user, request: ApprovalRequest) -> Verdict:
    """The queue's approve/reject/return buttons: notice-routed requests are decided by signing."""
    if request.needs_decision_notice and request.state == ApprovalState.PENDING:
        return False, NOTICE_DECIDES
    return can_decide_approval_request(user, request)
