"""The evaluator's pages: "My evaluations" (their panel places, a page at a time), the
conflict-of-interest and confidentiality declaration, and the score form for one bid. An evaluator
reaches only their own panel places (404 otherwise), sees no bid before declaring, and sees only
their own scores."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_http_methods

from . import tender_selectors as selectors
from . import tender_services as services
from .errors import CommissioningError
from .models import PanelMember, Score, ScoreDescriptor
from .tender_cache import CACHE_SECONDS, fragment_key
from .tender_forms import DeclarationForm, ScoresForm
from .tender_permissions import bids_visible_to, can_evaluate, panel_places_of
from .tender_views import require


def _place(request, member_pk: int) -> PanelMember:
    require(can_evaluate(request.user))
    return get_object_or_404(panel_places_of(request.user).select_related("tender"), pk=member_pk)


@login_required
def my_evaluations(request):
    require(can_evaluate(request.user))
    places = Paginator(selectors.evaluations_with_progress(request.user), settings.PAGE_SIZE)
    return render(
        request,
        "commissioning/my_evaluations.html",
        {
            # Read only when the cached table has expired (tender_cache).
            "page_obj": SimpleLazyObject(lambda: places.get_page(request.GET.get("page"))),
            "results_key": fragment_key(request),
            "results_seconds": CACHE_SECONDS,
        },
    )


@login_required
def evaluation_detail(request, member_pk: int):
    member = _place(request, member_pk)
    bids = []
    if member.may_see_bids:
        scored = set(
            Score.objects.filter(member=member).values_list("bid_id", flat=True).distinct()
        )
        bids = [
            (b, b.pk in scored)
            for b in bids_visible_to(request.user)
            .filter(tender=member.tender)
            .select_related("bidder")
            .order_by("received_at", "pk")
            .distinct()
        ]
    return render(
        request,
        "commissioning/evaluation_detail.html",
        {"member": member, "tender": member.tender, "bids": bids,
         "questions": member.tender.question_rows(),
         "descriptors": ScoreDescriptor.objects.all()},
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_declare(request, member_pk: int):
    member = _place(request, member_pk)
    bidders = member.tender.bids.values("bidder")
    from providers.models import Organisation

    form = DeclarationForm(
        request.POST if request.method == "POST" else None,
        bidders=Organisation.objects.filter(pk__in=bidders).order_by("name"),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            member = services.declare_interests(
                member=member,
                conflicted_bidders=d["conflicted_bidders"],
                details=d["details"],
                confidentiality=d["confidentiality"],
                declared_by=request.user,
            )
        except CommissioningError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            if member.status == PanelMember.Status.CONFLICTED:
                messages.info(request, "Thank you: with that conflict you are off this panel.")
            else:
                messages.success(request, "Declaration recorded: you can now see the bids.")
            return redirect("commissioning:evaluation_detail", member_pk=member.pk)
    return render(
        request,
        "commissioning/evaluation_declare.html",
        {"member": member, "tender": member.tender, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_score(request, member_pk: int, bid_pk: int):
    member = _place(request, member_pk)
    if not member.may_see_bids:
        raise Http404("Declare your interests first.")
    bid = get_object_or_404(
        bids_visible_to(request.user)
        .filter(tender=member.tender)
        .select_related("bidder")
        .distinct(),
        pk=bid_pk,
    )
    questions = member.tender.question_rows()
    mine = {
        s.question_id: (s.score, s.justification)
        for s in Score.objects.filter(member=member, bid=bid)
    }
    form = ScoresForm(
        request.POST or None,
        questions=questions,
        descriptors=ScoreDescriptor.objects.all(),
        initial_scores=mine,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.score_bid(member=member, bid=bid, scores=form.scores(), scored_by=request.user)
        except CommissioningError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"Your scores for {bid.bidder} are saved.")
            return redirect("commissioning:evaluation_detail", member_pk=member.pk)
    answers = {a.question_id: a.text for a in bid.answers.all()}
    return render(
        request,
        "commissioning/evaluation_score.html",
        {"member": member, "tender": member.tender, "bid": bid, "form": form,
         "answers": [(q, answers.get(q.pk, "")) for q in questions]},
        status=400 if form.errors else 200,
    )  # fmt: skip
