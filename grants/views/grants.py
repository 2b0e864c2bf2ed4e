"""Grant pages: the filtered list, the detail with its lifecycle actions, create and edit."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.permissions import role_required
from accounts.roles import Role
from audit.selectors import history_for
from audit.transitions import may_attempt
from core.financial_years import FinancialYear
from core.pagination import paginator_with_count

from .. import permissions, services
from ..forms import ActivityFormSet, BudgetOverrideForm, GrantForm, ShareFormSet, grant_details
from ..funding_sums import CACHE_SECONDS, cached_for_funding_version, funding_version
from ..models import FundingStream, Grant, GrantState, PlanTheme
from ..selectors import GRANT_SORTS, grants_with_details
from ..selectors import grant_list as select_grants

STAFF = (Role.OFFICER, Role.FINANCE, Role.COMMISSIONER, Role.ADMINISTRATOR)

# action -> button label; who may is the transition's permission
ACTIONS = {
    "submit": "Submit for decision",
    "return_to_draft": "Return to draft",
    "reject": "Reject",
    "activate": "Mark as active",
    "close": "Close grant",
    "withdraw": "Withdraw grant",
}


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@role_required(*STAFF)
def grant_list(request):
    params = request.GET
    year = None
    if params.get("year"):
        try:
            year = FinancialYear.from_label(params["year"])
        except ValueError:
            messages.error(request, f"“{params['year']}” is not a financial year like 2025/26.")
    sort = params.get("sort", "-created_at")
    if sort not in GRANT_SORTS:
        sort = "-created_at"
    grants = select_grants(
        search=params.get("q", "").strip(),
        stream_id=_int(params.get("stream")),
        year=year,
        theme_id=_int(params.get("theme")),
        state=params.get("state", "") if params.get("state") in GrantState.values else "",
        recipient_id=_int(params.get("recipient")),
        recipient_name=params.get("recipient_name", "").strip()[:200],
        sort=sort,
    )
    version = funding_version()
    filters = sorted((k, v) for k, v in params.lists() if k not in ("page", "sort"))
    paginator = paginator_with_count(  # an exact COUNT(*) of 50,000 grants costs more than a page
        grants,
        settings.PAGE_SIZE,
        count=lambda: cached_for_funding_version(
            f"grant-count:{filters}", grants.count, version=version
        ),
    )
    page = paginator.get_page(params.get("page"))
    this_year = FinancialYear.containing(timezone.localdate())
    years = [FinancialYear(this_year.start_year + offset).label for offset in range(-2, 3)]
    filters_applied = any(
        params.get(k)
        for k in ("q", "stream", "year", "theme", "state", "recipient", "recipient_name")
    )
    template = (
        "grants/partials/grant_results.html"
        if request.headers.get("HX-Request")
        and not request.headers.get("HX-History-Restore-Request")
        else "grants/grant_list.html"
    )
    return render(
        request,
        template,
        {
            "page_obj": page,
            # The results table is cached per version of the data and exact query string.
            "results_key": hashlib.sha256(
                f"{version}:{sorted(params.lists())}".encode()
            ).hexdigest(),
            "results_seconds": CACHE_SECONDS,
            "grants": page.object_list,
            "streams": FundingStream.objects.only("pk", "name"),
            "themes": PlanTheme.objects.all(),
            "states": GrantState.choices,
            "years": years,
            "default_sort": "-created_at",
            "filters_applied": filters_applied,
            "can_create": permissions.can_manage_grants(request.user)[0],
        },
    )


@role_required(*STAFF)
def grant_detail(request, pk: int):
    grant = get_object_or_404(grants_with_details(), pk=pk)
    award = grant.award
    user = request.user
    commitments = list(award.commitments.select_related("stream").order_by("financial_year"))
    shortfalls = services.budget_shortfalls(award=award) if grant.state == GrantState.DRAFT else []
    can_override = (
        permissions.can_override_budget(user, award)[0] and grant.created_by_id != user.pk
    )
    context = {
        "grant": grant,
        "award": award,
        "commitments": commitments,
        "conditions": grant.conditions.all(),
        "activities": grant.activities.all(),
        "overrides": award.budget_overrides.select_related("stream", "approved_by"),
        "shortfalls": shortfalls,
        "subsidy_warning": services.subsidy_warning(
            recipient=award.recipient,
            total=award.total,
            start_date=award.start_date,
            exclude_award_id=award.pk,
        )
        if grant.state in (GrantState.DRAFT, GrantState.AWAITING_DECISION)
        else "",
        "actions": _available_actions(grant, user),
        "can_edit": grant.state == GrantState.DRAFT and permissions.can_manage_grants(user)[0],
        "can_draft_notice": (
            grant.state == GrantState.DRAFT
            and permissions.can_manage_grants(user)[0]
            and (grant.decision_notice is None or grant.decision_notice.state == "withdrawn")
        ),
        "override_form": BudgetOverrideForm(award=award) if shortfalls and can_override else None,
        "history": history_for(grant),
    }
    return render(request, "grants/grant_detail.html", context)


def _available_actions(grant: Grant, user) -> list[tuple[str, str]]:
    names = {"submit": "submit_for_decision"}
    return [
        (action, label)
        for action, label in ACTIONS.items()
        if may_attempt(grant, names.get(action, action), user)
    ]


@role_required(Role.OFFICER)
def grant_create(request):
    return _grant_form(request, grant=None)


@role_required(Role.OFFICER)
def grant_edit(request, pk: int):
    grant = get_object_or_404(grants_with_details(), pk=pk)
    if grant.state != GrantState.DRAFT:
        messages.error(request, "Only a draft grant can be changed. Return it to draft first.")
        return redirect(grant)
    return _grant_form(request, grant=grant)


def _initial(grant: Grant | None, request) -> tuple[dict, list[dict], list[dict]]:
    if grant is None:
        stream = _int(request.GET.get("stream"))
        return {}, ([{"funder": f"s{stream}"}] if stream else []), []
    award = grant.award
    initial = {
        "title": grant.title,
        "recipient": award.recipient,
        "purpose": grant.purpose,
        "start_date": award.start_date,
        "end_date": award.end_date,
        "total": award.total,
        "themes": list(grant.themes.all()),
        "conditions": "\n".join(c.text for c in grant.conditions.all()),
    }
    shares = [
        {"funder": f"s{s.stream_id}" if s.stream_id else f"p{s.partner_id}", "amount": s.amount}
        for s in award.shares.all()
    ]
    activities = [
        {"description": a.description, "target": a.target} for a in grant.activities.all()
    ]
    return initial, shares, activities


def _grant_form(request, *, grant: Grant | None):
    initial, share_initial, activity_initial = _initial(grant, request)
    if request.method == "POST":
        form = GrantForm(request.POST)
        shares = ShareFormSet(request.POST, prefix="shares")
        activities = ActivityFormSet(request.POST, prefix="activities")
        if form.is_valid() and shares.is_valid() and activities.is_valid():
            details = grant_details(form, shares, activities)
            try:
                if grant is None:
                    grant = services.create_grant(details=details, created_by=request.user)
                    messages.success(request, f"Grant {grant.reference} saved as a draft.")
                else:
                    services.update_grant(grant=grant, details=details, edited_by=request.user)
                    messages.success(request, f"Grant {grant.reference} updated.")
                return redirect(grant)
            except services.GrantError as exc:
                target = exc.field if exc.field in form.fields else None
                form.add_error(target, str(exc))
    else:
        form = GrantForm(initial=initial)
        shares = ShareFormSet(initial=share_initial, prefix="shares")
        activities = ActivityFormSet(initial=activity_initial, prefix="activities")
    return render(
        request,
        "grants/grant_form.html",
        {"form": form, "shares": shares, "activities": activities, "grant": grant},
    )


@require_POST
@role_required(Role.OFFICER)
def grant_draft_notice(request, pk: int):
    grant = get_object_or_404(Grant, pk=pk)
    try:
        notice = services.draft_decision_notice_for_grant(grant=grant, drafted_by=request.user)
    except services.GrantError as exc:
        messages.error(request, str(exc))
        return redirect(grant)
    messages.success(
        request,
        "Decision notice drafted. Check its wording, then submit the grant for decision.",
    )
    return redirect(reverse("approvals:notice_detail", args=[notice.pk]))


@require_POST
@role_required(*STAFF)
def grant_action(request, pk: int, action: str):
    grant = get_object_or_404(Grant, pk=pk)
    if action not in ACTIONS:
        messages.error(request, "That is not something you can do to a grant.")
        return redirect(grant)
    try:
        if action == "submit":
            services.submit_grant_for_decision(grant=grant, submitted_by=request.user)
        else:
            services.change_grant_state(
                grant=grant,
                action=action,
                actor=request.user,
                reason=request.POST.get("reason", "").strip(),
            )
    except services.GrantError as exc:
        messages.error(request, str(exc))
    else:
        grant.refresh_from_db()
        messages.success(
            request, f"Grant {grant.reference} is now {grant.get_state_display().lower()}."
        )
    return redirect(grant)


@require_POST
@role_required(Role.FINANCE)
def grant_override(request, pk: int):
    grant = get_object_or_404(Grant.objects.select_related("award"), pk=pk)
    form = BudgetOverrideForm(request.POST, award=grant.award)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                services.record_budget_override(
                    grant=grant,
                    stream=data["stream"],
                    year=data["financial_year"],
                    amount=data["amount"],
                    reason=data["reason"],
                    approved_by=request.user,
                )
        except services.GrantError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Budget override recorded.")
    else:
        for errors in form.errors.values():
            messages.error(request, errors[0])
    return redirect(grant)
