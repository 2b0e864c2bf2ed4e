"""Clarification pages: a bidder asks a question about a published tender before its
clarification deadline, and a commissioning officer answers a bidder's question (rewording it if
it would identify them). Recording a question that came another way, with its answer, is
tender_views.tender_clarify; both go through tender_services.clarifications."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from . import tender_services as services
from .errors import CommissioningError
from .models import Clarification
from .tender_forms import ClarificationForm
from .tender_permissions import can_ask_clarification
from .tender_provider_forms import ClarificationQuestionForm
from .tender_provider_views import bidder_tender
from .tender_views import action_page, managed_tender

ASKED = (
    "Your question has been sent. Its answer will appear on this page for every bidder; your "
    "organisation's name is not shown to them."
)


@login_required
@require_http_methods(["GET", "POST"])
def bidder_ask_clarification(request, pk: int):
    tender = bidder_tender(request, pk)
    if request.method == "GET":
        allowed, reason = can_ask_clarification(request.user, tender)
        if not allowed:
            messages.error(request, reason)
            return redirect("commissioning:bidder_tender_detail", pk=tender.pk)
    form = ClarificationQuestionForm(request.POST or None, initial={"request_key": uuid.uuid4()})
    if request.method == "POST" and form.is_valid():
        try:
            services.ask_clarification(
                tender=tender,
                question=form.cleaned_data["question"],
                asked_by=request.user,
                request_key=form.cleaned_data.get("request_key"),
            )
        except CommissioningError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, ASKED)
            return redirect("commissioning:bidder_tender_detail", pk=tender.pk)
    return render(
        request,
        "commissioning/bidder_clarification_form.html",
        {"tender": tender, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def tender_answer_clarification(request, pk: int, clarification_pk: int):
    tender = managed_tender(request, pk)
    asked = get_object_or_404(
        Clarification.objects.select_related("asked_by_organisation"),
        pk=clarification_pk,
        tender=tender,
        asked_by_organisation__isnull=False,
    )
    form = ClarificationForm(request.POST or None, initial={"question": asked.question})
    asked_on = timezone.localtime(asked.asked_at)
    form.fields["question"].help_text = (
        f"Asked by {asked.asked_by_organisation} on {asked_on:%-d %B %Y at %H:%M}. Every bidder "
        "will see the question and your answer, without the name: reword it if it would "
        "identify them."
    )
    return action_page(
        request,
        tender,
        form,
        title="Answer a bidder's question",
        call=lambda d: services.answer_clarification(
            tender=tender,
            question=d["question"],
            answer=d["answer"],
            answered_by=request.user,
            asked=asked,
        ),
        success="Answer saved: every bidder sees the question and the answer.",
    )
