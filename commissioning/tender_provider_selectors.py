"""Reads for the bidders' tender pages, each in a fixed number of queries: the tenders open for
bids (and closed ones the organisation bid on), one published tender, the clarifications a bidder
may read, and their own organisation's bid. Never another bidder's bid or anyone's scores."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet

from providers.models import ProviderUser

from .models import Bid, Clarification, Tender, TenderState
from .rules import received_to_the_second
from .tender_cache import with_tender_version
from .tender_permissions import tenders_published_to
from .tender_selectors import SORTS

BIDDER_SORTS = {key: SORTS[key] for key in ("deadline", "-deadline", "reference", "-reference",
                                            "envelope", "-envelope")}  # fmt: skip
BIDDER_DEFAULT_SORT = "deadline"  # the soonest deadline first


@dataclass(frozen=True)
class BidderFilters:
    stream_id: int | None = None
    only_ours: bool = False
    sort: str = BIDDER_DEFAULT_SORT


def _our_bid(organisation) -> Exists:
    return Exists(Bid.objects.filter(tender=OuterRef("pk"), bidder=organisation))


def tenders_for_bidder(*, user, organisation, filters: BidderFilters, now: datetime):
    """Published tenders still open for bids (to the second, as bids are), and any tender the
    organisation bid on, each marked `our_bid`."""
    open_now = Q(state=TenderState.PUBLISHED, submission_deadline__gte=received_to_the_second(now))
    tenders = (
        tenders_published_to(user)
        .select_related("stream")
        .annotate(our_bid=_our_bid(organisation))
        .filter(Q(our_bid=True) if filters.only_ours else open_now | Q(our_bid=True))
    )
    if filters.stream_id:
        tenders = tenders.filter(stream_id=filters.stream_id)
    return tenders.order_by(*BIDDER_SORTS.get(filters.sort, BIDDER_SORTS[BIDDER_DEFAULT_SORT]))


def bidder_membership(user, *, open_at: datetime | None = None) -> ProviderUser | None:
    """The provider user's membership with its organisation in one query (organisation_of()
    reads them in two), and, given `open_at`, the version of the tender data then
    (tender_cache.with_tender_version) in the same query: the list's cache key."""
    memberships = ProviderUser.objects.select_related("organisation").filter(user=user)
    if open_at is not None:
        memberships = with_tender_version(memberships, open_at=open_at)
    return memberships.first()


def tender_for_bidder(pk: int, *, user, versioned: bool = False) -> Tender:
    """One tender a bidder may open (Tender.DoesNotExist otherwise: the view's 404), with the
    tender data's version read in the same query if `versioned` (the page's cache key). Its
    funding stream is read only if shown (the tender page's cached records hold it)."""
    tenders = tenders_published_to(user)
    return (with_tender_version(tenders) if versioned else tenders).get(pk=pk)


def clarifications_for_bidder(tender: Tender, *, organisation) -> QuerySet[Clarification]:
    """Every answered clarification, and the organisation's own questions still waiting."""
    return tender.clarifications.filter(
        Q(answered_at__isnull=False) | Q(asked_by_organisation=organisation)
    ).order_by("asked_at", "pk")


def our_bid(tender: Tender, *, organisation) -> Bid | None:
    return Bid.objects.filter(tender=tender, bidder=organisation).first()


def bidder_status(tender: Tender, now: datetime) -> str:
    """What a bidder is told of where the tender is (not the panel's internal steps)."""
    if tender.state == TenderState.PUBLISHED and received_to_the_second(now) <= (
        tender.submission_deadline
    ):
        return "Open for bids"
    if tender.state == TenderState.AWARDED:
        return "Awarded"
    if tender.state == TenderState.CANCELLED:
        return "Cancelled"
    return "Closed for bids"
