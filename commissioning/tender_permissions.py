"""Who may see and run tenders, and what an evaluator may see: predicates (allowed, reason) and
the querysets they give (the same rule for the 404 and the list).

Office staff see tenders; commissioning officers run them. An evaluator sees only their own panel
places, a bid only once they have declared no conflict on that tender, and only their own scores:
the matrix of everyone's scores is the officers' page, from moderation on. Only the tender's lead
officer moderates and awards.

A provider user (acting for an organisation) sees a tender once it is published: it is public to
bidders. Never a draft, one approved but not yet published, or one cancelled before publication
(404), and never anyone's bid but their organisation's. They may ask a clarification question
while the tender is published and its clarification deadline has not passed (to the second).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.roles import STAFF_ROLES, Role
from providers.selectors import organisation_of

from .models import Bid, PanelMember, Tender, TenderState
from .rules import clarification_is_late

NOT_SIGNED_IN = "Sign in to do this."
CANNOT_VIEW = "Only office staff can see tenders."
NOT_OFFICER = "Only commissioning officers can run tenders."
OWN_DRAFT = "You drafted this tender: another officer must approve it for publication."
NOT_EVALUATOR = "Only evaluators have evaluations."
NOT_LEAD = "Only the tender's lead officer, {name}, can moderate and award it."
NOT_A_BIDDER = "Only provider users acting for an organisation can see tenders open for bids."
NOT_OPEN = "Questions can be asked only while the tender is open for bids."
CLARIFICATIONS_CLOSED = (
    "The clarification deadline ({deadline}) has passed: questions can no longer be asked. "
    "Any answers already given are shown on the tender."
)
PUBLISHED_STATES = (
    TenderState.PUBLISHED,
    TenderState.CLOSED,
    TenderState.EVALUATION,
    TenderState.MODERATION,
    TenderState.AWARDED,
)
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


def can_view_published_tenders(user) -> Verdict:
    if not _signed_in(user):
        return False, NOT_SIGNED_IN
    if not user.has_role(Role.PROVIDER) or organisation_of(user) is None:
        return False, NOT_A_BIDDER
    return True, ""


def tenders_published_to(user) -> QuerySet[Tender]:
    """The tenders a bidder may open: every one that has been published (a cancelled one only if
    it was cancelled after publication). The object check and the bidder's list both start here."""
    if not can_view_published_tenders(user)[0]:
        return Tender.objects.none()
    return Tender.objects.filter(
        Q(state__in=PUBLISHED_STATES) | Q(state=TenderState.CANCELLED, published_at__isnull=False)
    )


def can_ask_clarification(user, tender: Tender, *, now=None) -> Verdict:
    allowed, reason = can_view_published_tenders(user)
    if not allowed:
        return allowed, reason
    if tender.state != TenderState.PUBLISHED:
        return False, NOT_OPEN
    if clarification_is_late(now or timezone.now(), tender.clarification_deadline):
        deadline = timezone.localtime(tender.clarification_deadline)
        return False, CLARIFICATIONS_CLOSED.format(deadline=f"{deadline:%-d %B %Y, %H:%M:%S}")
    return True, ""


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
