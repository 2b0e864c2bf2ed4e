"""Tender pages for bidders (provider users): the tenders open for bids (and closed ones their
organisation bid on) and a published tender with what it shows bidders: the funding envelope, the
quality/price split, the method-statement questions and weights, the deadlines, the external
publication reference and every answered clarification. Asking a question is clarification_views.

A tender that was never published is 404; no other bidder's bid, nor any score, is read here."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from accounts.roles import Role
from providers.models import ProviderUser
from providers.selectors import organisation_of

from . import tender_provider_selectors as selectors
from .models import Tender
from .tender_cache import (
    CACHE_SECONDS,
    bidder_fragment_key,
    tender_version_of,
)
from .tender_permissions import can_ask_clarification, can_view_published_tenders
from .tender_provider_forms import BidderTenderFilterForm
from .tender_views import require


def read_membership(user, *, open_at=None) -> str | None:
    """Reads a provider user's membership and organisation in one query, into Django's cache of
    user.provider_membership (where organisation_of() finds them), with, given `open_at`, the
    version of the tender data (returned): the bidder's pages need them on every request."""
    if not user.has_role(Role.PROVIDER):
        return None
    cached = ProviderUser._meta.get_field("user").remote_field  # user.provider_membership
    if cached.is_cached(user) and open_at is None:
        return None
    membership = selectors.bidder_membership(user, open_at=open_at)
    if membership is None:
        return None
    user.provider_membership = membership
    return tender_version_of(membership) if open_at is not None else None


def bidder_tender(request, pk: int, *, versioned: bool = False) -> Tender:
    """The tender if this bidder may open it; 404 for one never published. `versioned` reads
    the tender data's version with it (tender_cache.with_tender_version)."""
    read_membership(request.user)
    require(can_view_published_tenders(request.user))
    try:
        return selectors.tender_for_bidder(pk, user=request.user, versioned=versioned)
    except Tender.DoesNotExist:
        raise Http404 from None


@login_required
def bidder_tender_list(request):
    """The filters and the table are kept per organisation, query string, version of the tender
    data and next submission deadline (tender_cache) and read only when that has changed."""
    now = timezone.now()
    version = read_membership(request.user, open_at=now)
    require(can_view_published_tenders(request.user))
    organisation = organisation_of(request.user)

    def results() -> dict:  # read only when the cached filters and table have expired
        form = BidderTenderFilterForm(request.GET or None)
        data = form.cleaned_data if form.is_valid() else {}
        sort = request.GET.get("sort", selectors.BIDDER_DEFAULT_SORT)
        filters = selectors.BidderFilters(
            stream_id=data["stream"].pk if data.get("stream") else None,
            only_ours=bool(data.get("only_ours")),
            sort=sort if sort in selectors.BIDDER_SORTS else selectors.BIDDER_DEFAULT_SORT,
        )
        tenders = selectors.tenders_for_bidder(
            user=request.user, organisation=organisation, filters=filters, now=now
        )
        page_obj = Paginator(tenders, settings.PAGE_SIZE).get_page(request.GET.get("page"))
        for tender in page_obj.object_list:
            tender.bidder_status = selectors.bidder_status(tender, now)
        return {
            "form": form,
            "page_obj": page_obj,
            "filters_applied": any(data.values()) if data else False,
        }

    found = SimpleLazyObject(results)
    return render(
        request,
        "commissioning/bidder_tender_list.html",
        {
            "form": SimpleLazyObject(lambda: found["form"]),
            "page_obj": SimpleLazyObject(lambda: found["page_obj"]),
            "filters_applied": SimpleLazyObject(lambda: found["filters_applied"]),
            "results_key": bidder_fragment_key(request, organisation=organisation, version=version),
            "results_seconds": CACHE_SECONDS,
            "default_sort": selectors.BIDDER_DEFAULT_SORT,
        },
    )


@login_required
def bidder_tender_detail(request, pk: int):
    """The tender's records, questions, the organisation's bid and the clarifications are kept
    per organisation and version of the tender data (tender_cache), with the status and whether
    a question may be asked (both follow the clock) drawn afresh and part of the key."""
    tender = bidder_tender(request, pk, versioned=True)
    organisation = organisation_of(request.user)
    now = timezone.now()
    status = selectors.bidder_status(tender, now)
    can_ask = can_ask_clarification(request.user, tender, now=now)[0]
    return render(
        request,
        "commissioning/bidder_tender_detail.html",
        {
            "tender": tender,
            "status": status,
            "questions": SimpleLazyObject(tender.question_rows),
            "clarifications": SimpleLazyObject(
                lambda: list(selectors.clarifications_for_bidder(tender, organisation=organisation))
            ),
            "organisation": organisation,
            "our_bid": SimpleLazyObject(
                lambda: selectors.our_bid(tender, organisation=organisation)
            ),
            "can_ask": can_ask,
            "records_key": bidder_fragment_key(
                request,
                organisation=organisation,
                version=tender_version_of(tender),
                facts=(status, can_ask),
            ),
            "records_seconds": CACHE_SECONDS,
        },
    )
