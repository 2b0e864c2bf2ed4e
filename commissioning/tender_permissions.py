"""Who may see and run tenders, and what an evaluator may see: predicates (allowed, reason) and
the querysets they give (the same rule for the 404 and the list).

Office staff see tenders; commissioning officers run them. An evaluator sees only their own panel
places, a bid only once they have declared no conflict on that tender, and only their own scores:
the matrix of everyone's scores is the officers' page, from moderation on. Providers see none.
"""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.roles import STAFF_ROLES, Role

from .models import Bid, PanelMember, Tender, TenderState

NOT_SIGNED_IN = "Sign in to do this."
CANNOT_VIEW = "Only office staff can see tenders."
NOT_OFFICER = "Only commissioning officers can run tenders."
OWN_DRAFT = "You drafted this tender: another officer must approve it for publication."
NOT_EVALUATOR = "Only evaluators have evaluations."
NOT_LEAD = "Only the tender's lead officer, {name}, can moderate and award it."
MODERATION_STATES = (TenderState.MODERATION, TenderState.AWARDED)
SCORING_STATES = (TenderState.EVALUATION, TenderState.MODERATION, TenderState.AWARDED)

Verdict = tuple[bool, str]


def _signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_view_tenders(user) -> Verdict:
    if not _signed_in(user):
        return False, NOT_SIGNED_IN
    if not user.has_role(*STAFF_ROLES):
        return False, CANNOT_VIEW
    return True, ""


def can_manage_tenders(user) -> Verdict:
    if not _signed_in(user):
        return False, NOT_SIGNED_IN
    if not user.has_role(Role.OFFICER):
        return False, NOT_OFFICER
    return True, ""


def can_approve_publication(user, tender: Tender) -> Verdict:
    allowed, reason = can_manage_tenders(user)
    if allowed and tender.created_by_id == user.pk:
        return False, OWN_DRAFT
    return allowed, reason


def can_moderate_tender(user, tender: Tender) -> Verdict:
    """The issue reserves moderation (and so the award that follows it) to the tender's lead
    officer: another officer may read the matrix and the result but not change them."""
    allowed, reason = can_manage_tenders(user)
    if allowed and tender.lead_officer_id != user.pk:
        lead = tender.lead_officer
        return False, NOT_LEAD.format(name=lead.get_full_name() or lead.username)
    return allowed, reason


can_award_tender = can_moderate_tender


def can_evaluate(user) -> Verdict:
    if not _signed_in(user):
        return False, NOT_SIGNED_IN
    if not user.has_role(Role.EVALUATOR):
        return False, NOT_EVALUATOR
    return True, ""


def tenders_visible_to(user) -> QuerySet[Tender]:
    if can_view_tenders(user)[0]:
        return Tender.objects.all()
    return Tender.objects.none()


def panel_places_of(user) -> QuerySet[PanelMember]:
    """The evaluator's own panel places (nobody else's)."""
    if not can_evaluate(user)[0]:
        return PanelMember.objects.none()
    return PanelMember.objects.filter(evaluator=user)


def bids_visible_to(user) -> QuerySet[Bid]:
    """Office staff: every bid. An evaluator: bids of tenders in evaluation or later on which
    they have declared no conflict. Anyone else: none."""
    if can_view_tenders(user)[0]:
        return Bid.objects.all()
    if not can_evaluate(user)[0]:
        return Bid.objects.none()
    return Bid.objects.filter(
        tender__panel__evaluator=user,
        tender__panel__status=PanelMember.Status.DECLARED,
        tender__state__in=SCORING_STATES,
    )


def can_see_all_scores(user, tender: Tender) -> Verdict:
    """The moderation matrix: officers, once the tender is in moderation (or awarded)."""
    allowed, reason = can_manage_tenders(user)
    if not allowed:
        return allowed, reason
    if tender.state not in MODERATION_STATES:
        return False, "Everyone's scores are shown once the tender is in moderation."
    return True, ""
