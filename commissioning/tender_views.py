"""Tender pages for office staff: the list (filters, sort, pagination), drafting a tender, the
tender with its timeline, questions, clarifications, bids and panel, and one form or button per
step of its lifecycle. Bids are in bid_views.py; moderation, the result and the award in
moderation_views.py; the evaluators' pages in evaluation_views.py."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_http_methods, require_POST

from audit.selectors import history_for

from . import tender_selectors as selectors
from . import tender_services as services
from .errors import CommissioningError
from .models import Tender, TenderState
from .models.tenders import OPEN_STATES
from .tender_cache import CACHE_SECONDS, fragment_key
from .tender_forms import (
    BidForm,
    CancelForm,
    ClarificationForm,
    PanelForm,
    PublishForm,
    QuestionForm,
    TenderFilterForm,
    TenderForm,
)
from .tender_permissions import (
    can_approve_publication,
    can_manage_tenders,
    can_see_all_scores,
    can_view_tenders,
)


def require(verdict: tuple[bool, str]) -> None:
    if not verdict[0]:
        raise PermissionDenied(verdict[1])


def visible_tender(request, pk: int, *, read=selectors.tender_for_detail) -> Tender:
    require(can_view_tenders(request.user))
    try:
        return read(pk, user=request.user)
    except Tender.DoesNotExist:
        raise Http404 from None


def managed_tender(request, pk: int, *, read=selectors.tender_for_detail) -> Tender:
    tender = visible_tender(request, pk, read=read)
    require(can_manage_tenders(request.user))
    return tender


def action_page(request, tender, form, *, title: str, call, success: str, template=None):
    """Show `form`; on a valid POST run `call(cleaned_data)`, turning a refusal into a form error."""
    if request.method == "POST" and form.is_valid():
        try:
            call(form.cleaned_data)
        except CommissioningError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, success)
            return redirect(tender)
    return render(
        request,
        template or "commissioning/tender_action.html",
        {"tender": tender, "form": form, "title": title},
        status=400 if form.errors else 200,
    )


@login_required
def tender_list(request):
    require(can_view_tenders(request.user))

    def results() -> dict:  # read only when the cached filters and table have expired
        form = TenderFilterForm(request.GET or None)
        data = form.cleaned_data if form.is_valid() else {}
        sort = request.GET.get("sort", selectors.DEFAULT_SORT)
        filters = selectors.TenderFilters(
            state=data.get("state") or "",
            stream_id=data["stream"].pk if data.get("stream") else None,
            deadline_from=data.get("deadline_from"),
            deadline_to=data.get("deadline_to"),
            sort=sort if sort in selectors.SORTS else selectors.DEFAULT_SORT,
        )
        tenders = selectors.tenders_for_list(user=request.user, filters=filters)
        return {
            "form": form,
            "page_obj": Paginator(tenders, settings.PAGE_SIZE).get_page(request.GET.get("page")),
            "filters_applied": any(data.values()) if data else False,
        }

    found = SimpleLazyObject(results)
    return render(
        request,
        "commissioning/tender_list.html",
        {
            "form": SimpleLazyObject(lambda: found["form"]),
            "page_obj": SimpleLazyObject(lambda: found["page_obj"]),
            "filters_applied": SimpleLazyObject(lambda: found["filters_applied"]),
            "results_key": fragment_key(request),
            "results_seconds": CACHE_SECONDS,
            "default_sort": selectors.DEFAULT_SORT,
            "can_create": can_manage_tenders(request.user)[0],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def tender_create(request):
    require(can_manage_tenders(request.user))
    form = TenderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            tender = services.create_tender(
                details=services.TenderDetails(
                    **{
                        name: d[name]
                        for name in (
                            "project", "reference", "title", "description", "stream", "funding_envelope",
                            "quality_weight", "price_weight", "minimum_quality",
                            "clarification_deadline", "submission_deadline", "contract_start",
                            "initial_months", "option_months",
                        )
                    }
                ),
                created_by=request.user,
            )  # fmt: skip
        except CommissioningError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "Tender drafted: now add its method-statement questions.")
            return redirect(tender)
    return render(
        request,
        "commissioning/tender_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_required
def tender_detail(request, pk: int):
    """The tender's records (summary, questions, clarifications, bids, panel, history) are kept
    per user and version of the tender data (tender_cache) and read only when that has expired;
    the header, the buttons and the forms are drawn afresh each time."""
    tender = visible_tender(request, pk, read=selectors.tender_alone)
    manage = can_manage_tenders(request.user)[0]
    detail = SimpleLazyObject(lambda: selectors.tender_for_detail(pk, user=request.user))
    return render(
        request,
        "commissioning/tender_detail.html",
        {
            "tender": tender,
            "detail": detail,
            "questions": SimpleLazyObject(lambda: detail.question_rows()),
            "weight_errors": SimpleLazyObject(lambda: detail.weight_errors()),
            "bids": SimpleLazyObject(lambda: selectors.bids_of(tender)),
            "panel": SimpleLazyObject(lambda: selectors.panel_of(tender)),
            "progress": SimpleLazyObject(lambda: selectors.evaluation_progress(tender)),
            "entries": SimpleLazyObject(lambda: history_for(tender)),
            "records_key": fragment_key(request),
            "records_seconds": CACHE_SECONDS,
            "can_manage": manage,
            "can_approve": can_approve_publication(request.user, tender)[0],
            "can_see_scores": can_see_all_scores(request.user, tender)[0],
            "question_form": QuestionForm() if manage else None,
            "states": TenderState,
            "can_cancel": tender.state in OPEN_STATES,
        },
    )


@login_required
@require_POST
def tender_add_question(request, pk: int):
    tender = managed_tender(request, pk)
    form = QuestionForm(request.POST)
    return action_page(
        request,
        tender,
        form,
        title="Add a method-statement question",
        call=lambda d: services.add_question(
            tender=tender, text_=d["text"], weight=d["weight"], added_by=request.user
        ),
        success="Question added.",
    )


def _step(request, pk: int, call, success: str):
    tender = managed_tender(request, pk)
    try:
        call(tender)
    except CommissioningError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect(tender)


@login_required
@require_POST
def tender_approve(request, pk: int):
    return _step(
        request,
        pk,
        lambda t: services.approve_tender_for_publication(tender=t, approved_by=request.user),
        "Tender approved for publication.",
    )


@login_required
@require_POST
def tender_close(request, pk: int):
    return _step(
        request,
        pk,
        lambda t: services.close_tender(tender=t, closed_by=request.user),
        "Tender closed: no more bids.",
    )


@login_required
@require_POST
def tender_start_evaluation(request, pk: int):
    return _step(
        request,
        pk,
        lambda t: services.start_evaluation(tender=t, started_by=request.user),
        "Evaluation started: the panel can declare and score.",
    )


@login_required
@require_POST
def tender_start_moderation(request, pk: int):
    return _step(
        request,
        pk,
        lambda t: services.start_moderation(tender=t, started_by=request.user),
        "Moderation started: everyone's scores are shown in the matrix.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def tender_publish(request, pk: int):
    tender = managed_tender(request, pk)
    return action_page(
        request,
        tender,
        PublishForm(request.POST or None),
        title="Publish the tender",
        call=lambda d: services.publish_tender(
            tender=tender,
            publication_reference=d["publication_reference"],
            published_by=request.user,
        ),
        success="Tender published.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def tender_clarify(request, pk: int):
    tender = managed_tender(request, pk)
    return action_page(
        request,
        tender,
        ClarificationForm(request.POST or None, initial={"request_key": uuid.uuid4()}),
        title="Record a clarification",
        call=lambda d: services.answer_clarification(
            tender=tender,
            question=d["question"],
            answer=d["answer"],
            answered_by=request.user,
            request_key=d.get("request_key"),
        ),
        success="Clarification recorded: every bidder sees it.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def tender_record_bid(request, pk: int):
    tender = managed_tender(request, pk)
    questions = tender.question_rows()
    return action_page(
        request,
        tender,
        BidForm(request.POST or None, questions=questions),
        title="Record a bid",
        call=lambda d: services.record_bid(
            tender=tender,
            bidder=d["bidder"],
            whole_life_price=d["whole_life_price"],
            annual_price=d["annual_price"],
            answers={q.pk: d.get(f"answer_{q.pk}", "") for q in questions},
            recorded_by=request.user,
        ),
        success="Bid recorded with the time it was received.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def tender_add_evaluator(request, pk: int):
    tender = managed_tender(request, pk)
    return action_page(
        request,
        tender,
        PanelForm(request.POST or None),
        title="Add an evaluator to the panel",
        call=lambda d: services.assign_evaluator(
            tender=tender,
            evaluator=d["evaluator"],
            organisation=d["organisation"],
            assigned_by=request.user,
        ),
        success="Evaluator added to the panel.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def tender_cancel(request, pk: int):
    tender = managed_tender(request, pk)
    return action_page(
        request,
        tender,
        CancelForm(request.POST or None),
        title="Cancel the tender",
        call=lambda d: services.cancel_tender(
            tender=tender, reason=d["reason"], cancelled_by=request.user
        ),
        success="Tender cancelled.",
    )
