"""Grant pages that lead to a decision: drafting, joining and redrafting its decision notice, and
an officer's request for a budget override (decided in the approvals queue)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.permissions import role_required
from accounts.roles import Role
from approvals.models import DecisionNotice
from core.converters import parse_id

from .. import permissions, services
from ..forms import BudgetOverrideForm, override_initial
from ..models import Grant


@require_POST
@role_required(Role.OFFICER)
def grant_draft_notice(request, pk: int):
    grant = get_object_or_404(Grant, pk=pk)
    try:
        notice = services.draft_decision_notice_for_grant(grant=grant, drafted_by=request.user)
    except services.NoticeAlreadyDrafted as exc:  # a double click or a colleague came first
        messages.info(request, str(exc))
        return redirect(exc.notice)
    except services.GrantError as exc:
        messages.error(request, str(exc))
        return redirect(grant)
    messages.success(
        request,
        "Decision notice drafted. Check its wording, then submit the grant for decision.",
    )
    return redirect(reverse("approvals:notice_detail", args=[notice.pk]))


@require_POST
@role_required(Role.OFFICER)
def grant_add_to_notice(request, pk: int):
    grant = get_object_or_404(Grant, pk=pk)
    notice = DecisionNotice.objects.filter(pk=parse_id(request.POST.get("notice"))).first()
    if notice is None:
        messages.error(request, "Choose the draft decision notice to add this grant to.")
        return redirect(grant)
    try:
        services.add_grant_to_decision_notice(grant=grant, notice=notice, added_by=request.user)
    except services.NoticeAlreadyDrafted as exc:
        messages.info(request, str(exc))
        return redirect(exc.notice)
    except services.GrantError as exc:
        messages.error(request, str(exc))
        return redirect(grant)
    messages.success(request, f"Grant {grant.reference} added; the decision notice was redrafted.")
    return redirect(notice)


@require_POST
@role_required(Role.OFFICER)
def grant_redraft_notice(request, pk: int):
    """Bind the grant's open notice again to what its grants say now (after a change)."""
    grant = get_object_or_404(Grant.objects.select_related("decision_notice"), pk=pk)
    if grant.decision_notice is None:
        messages.error(request, "This grant has no decision notice to redraft.")
        return redirect(grant)
    try:
        notice = services.redraft_decision_notice(
            notice=grant.decision_notice, redrafted_by=request.user
        )
    except services.GrantError as exc:
        messages.error(request, str(exc))
        return redirect(grant)
    messages.success(request, "Decision notice redrafted from what its grants say now.")
    return redirect(notice)


@require_http_methods(["GET", "POST"])
@role_required(Role.OFFICER)
def grant_override(request, pk: int):
    """An officer asks for a budget override: a normal form page, pre-filled with the stream, year
    and shortfall the system knows. A finance approver decides it from the approvals queue."""
    grant = get_object_or_404(Grant.objects.select_related("award", "decision_notice"), pk=pk)
    award = grant.award
    allowed, reason = permissions.can_request_budget_override(request.user, grant)
    if not allowed:
        messages.error(request, reason)
        return redirect(grant)
    shortfalls = services.budget_shortfalls(award=award)
    form = BudgetOverrideForm(
        request.POST or None, award=award, initial=override_initial(shortfalls, award)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.request_budget_override(
                grant=grant,
                stream=data["stream"],
                year=data["financial_year"],
                amount=data["amount"],
                reason=data["reason"],
                requested_by=request.user,
                request_key=data.get("request_key"),
            )
        except services.OverrideAlreadyRecorded as exc:  # the loser of a race sees the winner's
            messages.info(request, str(exc))
            return redirect(grant)
        except services.GrantError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(
                request, "Budget override asked for: it waits for a finance approver's decision."
            )
            return redirect(grant)
    return render(
        request,
        "grants/override_form.html",
        {"form": form, "grant": grant, "award": award, "shortfalls": shortfalls},
    )
