"""Bid pages for office staff and declared evaluators: the bid with its answers and documents,
attaching a document that came with it, and marking it not compliant (with a reason)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from documents.selectors import documents_for

from . import tender_services as services
from .errors import CommissioningError
from .models import Bid, TenderState
from .tender_forms import BidDocumentForm, NonCompliantForm
from .tender_permissions import bids_visible_to, can_manage_tenders, can_view_tenders
from .tender_views import action_page, managed_tender


@login_required
@require_http_methods(["GET", "POST"])
def bid_non_compliant(request, pk: int, bid_pk: int):
    tender = managed_tender(request, pk)
    bid = get_object_or_404(
        Bid.objects.select_related("tender", "bidder"), pk=bid_pk, tender=tender
    )
    return action_page(
        request,
        tender,
        NonCompliantForm(request.POST or None),
        title=f"Mark the bid from {bid.bidder} as not compliant",
        call=lambda d: services.mark_bid_non_compliant(
            bid=bid, reason=d["reason"], marked_by=request.user
        ),
        success="The bid is marked not compliant and excluded from the ranking.",
    )


@login_required
def bid_detail(request, pk: int, bid_pk: int):
    """A bid with its answers: office staff, or an evaluator who has declared on this tender."""
    bid = get_object_or_404(
        bids_visible_to(request.user).select_related("tender", "bidder"), pk=bid_pk, tender_id=pk
    )
    return _bid_page(request, bid, BidDocumentForm())


def _bid_page(request, bid, form):
    answers = bid.answers.select_related("question").order_by("question__number")
    can_attach = can_manage_tenders(request.user)[0] and bid.tender.state == TenderState.PUBLISHED
    return render(
        request,
        "commissioning/bid_detail.html",
        {"bid": bid, "tender": bid.tender, "answers": answers,
         "staff": can_view_tenders(request.user)[0], "documents": documents_for(bid),
         "form": form if can_attach else None,
         "can_mark": can_manage_tenders(request.user)[0] and bid.compliant
         and bid.tender.state in (TenderState.CLOSED, TenderState.EVALUATION,
                                  TenderState.MODERATION)},
        status=400 if form.errors else 200,
    )  # fmt: skip


@login_required
@require_POST
def bid_add_document(request, pk: int, bid_pk: int):
    managed_tender(request, pk)
    bid = get_object_or_404(Bid.objects.select_related("tender", "bidder"), pk=bid_pk, tender_id=pk)
    form = BidDocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            document = services.attach_bid_document(
                bid=bid, file=form.cleaned_data["document"], uploaded_by=request.user
            )
        except CommissioningError as exc:
            form.add_error("document", exc.message)
        else:
            messages.success(request, f"{document.name} added to the bid.")
            return redirect(bid)
    return _bid_page(request, bid, form)
