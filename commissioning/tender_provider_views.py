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

from providers.selectors import organisation_of

from . import tender_provider_selectors as selectors
from .models import Tender
from .tender_permissions import can_ask_clarification, can_view_published_tenders
from .tender_provider_forms import BidderTenderFilterForm
from .tender_views import require


def bidder_tender(request, pk: int) -> Tender:
    """The tender if this bidder may open it; 404 for one never published."""
    require(can_view_published_tenders(request.user))
    try:
        return selectors.tender_for_bidder(pk, user=request.user)
    except Tender.DoesNotExist:
        raise Http404 from None


@login_required
def bidder_tender_list(request):
    require(can_view_published_tenders(request.user))
    form = BidderTenderFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    sort = request.GET.get("sort", selectors.BIDDER_DEFAULT_SORT)
    filters = selectors.BidderFilters(
        stream_id=data["stream"].pk if data.get("stream") else None,
        only_ours=bool(data.get("only_ours")),
        sort=sort if sort in selectors.BIDDER_SORTS else selectors.BIDDER_DEFAULT_SORT,
    )
    now = timezone.now()
    tenders = selectors.tenders_for_bidder(
        user=request.user,
        organisation=organisation_of(request.user),
        filters=filters,
        now=now,
    )
    page_obj = Paginator(tenders, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    for tender in page_obj.object_list:
        tender.bidder_status = selectors.bidder_status(tender, now)
    return render(
        request,
        "commissioning/bidder_tender_list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "default_sort": selectors.BIDDER_DEFAULT_SORT,
            "filters_applied": any(data.values()) if data else False,
        },
    )


@login_required
def bidder_tender_detail(request, pk: int):
    tender = bidder_tender(request, pk)
    organisation = organisation_of(request.user)
    now = timezone.now()
    return render(
        request,
        "commissioning/bidder_tender_detail.html",
        {
            "tender": tender,
            "status": selectors.bidder_status(tender, now),
            "questions": tender.question_rows(),
            "clarifications": list(
                selectors.clarifications_for_bidder(tender, organisation=organisation)
            ),
            "organisation": organisation,
            "our_bid": selectors.our_bid(tender, organisation=organisation),
            "can_ask": can_ask_clarification(request.user, tender, now=now)[0],
        },
    )
