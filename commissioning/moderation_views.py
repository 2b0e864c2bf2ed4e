"""Moderation and result pages for commissioning officers: the matrix of everyone's scores
(bids × questions × evaluators), the moderation form per bid, the ranked result, the award, and
the evaluation as a formula-safe XLSX."""

from __future__ import annotations

import tablib
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_http_methods

from core.spreadsheets import neutralise_dataset

from . import tender_selectors as selectors
from . import tender_services as services
from .errors import CommissioningError
from .models import Bid, ScoreDescriptor, TenderState
from .tender_cache import CACHE_SECONDS, fragment_key
from .tender_forms import AwardForm, ModerationForm
from .tender_permissions import can_award_tender, can_moderate_tender, can_see_all_scores
from .tender_views import action_page, managed_tender, require

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _moderation_tender(request, pk: int):
    tender = managed_tender(request, pk, read=selectors.tender_alone)
    require(can_see_all_scores(request.user, tender))
    return tender


@login_required
def moderation_matrix(request, pk: int):
    tender = _moderation_tender(request, pk)
    # The matrix is read only when its cached table has expired (tender_cache).
    matrix = SimpleLazyObject(lambda: selectors.moderation_matrix(tender))
    return render(
        request,
        "commissioning/moderation_matrix.html",
        {
            "tender": tender,
            "members": SimpleLazyObject(lambda: matrix[0]),
            "rows": SimpleLazyObject(lambda: matrix[1]),
            "results_key": fragment_key(request),
            "results_seconds": CACHE_SECONDS,
            "open": tender.state == TenderState.MODERATION
            and not tender.proposed_bid_id
            and can_moderate_tender(request.user, tender)[0],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def moderate_bid(request, pk: int, bid_pk: int):
    tender = _moderation_tender(request, pk)
    require(can_moderate_tender(request.user, tender))
    bid = get_object_or_404(
        Bid.objects.select_related("bidder", "tender"), pk=bid_pk, tender=tender
    )
    questions = tender.question_rows()
    current = {m.question_id: (m.score, m.rationale) for m in bid.moderated.all()}
    form = ModerationForm(
        request.POST or None,
        questions=questions,
        descriptors=ScoreDescriptor.objects.all(),
        initial_scores=current,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.moderate_bid(bid=bid, scores=form.scores(), moderated_by=request.user)
        except CommissioningError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"Moderated scores recorded for {bid.bidder}.")
            return redirect("commissioning:moderation_matrix", pk=tender.pk)
    members, rows = selectors.moderation_matrix(tender)
    row = next(r for r in rows if r.bid.pk == bid.pk)
    return render(
        request,
        "commissioning/moderate_bid.html",
        {"tender": tender, "bid": bid, "form": form, "members": members, "row": row},
        status=400 if form.errors else 200,
    )


def _results(tender):
    bids = selectors.bids_with_moderation(tender)
    return services.ranked_result(tender, bids)


@login_required
def tender_result(request, pk: int):
    tender = _moderation_tender(request, pk)
    return render(
        request,
        "commissioning/tender_result.html",
        {
            "tender": tender,
            # Worked out only when the cached table has expired (tender_cache).
            "results": SimpleLazyObject(lambda: _results(tender)),
            "results_key": fragment_key(request),
            "results_seconds": CACHE_SECONDS,
            "can_award": tender.state == TenderState.MODERATION
            and not tender.proposed_bid_id
            and can_award_tender(request.user, tender)[0],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def tender_award(request, pk: int):
    tender = _moderation_tender(request, pk)
    require(can_award_tender(request.user, tender))
    results = _results(tender) or []
    bids = {str(r.bid.pk): r.bid for r in results}
    form = AwardForm(request.POST or None, results=results)
    if results and results[0].rank == 1 and not request.POST:
        form.initial["bid"] = str(results[0].bid.pk)

    def call(d):
        tender_after = services.award_tender(
            tender=tender,
            bid=bids[d["bid"]],
            awarded_by=request.user,
            reason=d["reason"],
            measures=d["measures"],
        )
        if tender_after.state != TenderState.AWARDED:
            messages.info(request, "The award off the top-ranked bid has gone for approval.")

    return action_page(
        request,
        tender,
        form,
        title="Award the contract",
        call=call,
        success="Award recorded.",
    )


@login_required
def tender_export(request, pk: int):
    """The evaluation (every score, the moderated scores, the result) as a formula-safe XLSX."""
    tender = _moderation_tender(request, pk)
    members, rows = selectors.moderation_matrix(tender)
    scores = tablib.Dataset(
        headers=[
            "Bidder", "Question", "Weight (%)",
            *[f"{m.evaluator.get_full_name() or m.evaluator.username} ({m.organisation})"
              for m in members],
            "Moderated", "Rationale",
        ],
        title="Scores",
    )  # fmt: skip
    for row in rows:
        for cell in row.cells:
            scores.append(
                [
                    str(row.bid.bidder), f"Q{cell.question.number}", cell.question.weight,
                    *[s.score if s else "" for s in cell.scores],
                    cell.moderated.score if cell.moderated else "",
                    cell.moderated.rationale if cell.moderated else "",
                ]
            )  # fmt: skip
    result = tablib.Dataset(
        headers=["Bidder", "Whole-life price (£)", "Quality", "Price", "Total", "Rank", "Note"],
        title="Result",
    )
    for r in _results(tender) or []:
        note = r.excluded_reason or ("Tied" if r.tied else "")
        result.append(
            [str(r.bid.bidder), r.bid.whole_life_price, r.quality, r.price, r.total,
             r.rank or "", note]
        )  # fmt: skip
    book = tablib.Databook([neutralise_dataset(scores), neutralise_dataset(result)])
    response = HttpResponse(book.export("xlsx"), content_type=XLSX)
    name = "".join(c for c in tender.reference if c.isalnum() or c in "-_") or "tender"
    response["Content-Disposition"] = f'attachment; filename="{name}-evaluation.xlsx"'
    return response
