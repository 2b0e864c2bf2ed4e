"""Grant pages: the filtered list and the detail with its lifecycle actions (creating and editing
are in grant_forms)."""

from __future__ import annotations

import functools
import hashlib

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F, Value, prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_http_methods

from accounts.permissions import role_required
from accounts.roles import Role
from approvals.fragments import fragment_context
from approvals.models import DecisionNotice
from approvals.states import DecisionNoticeState
from audit.selectors import history_for
from audit.transitions import may_attempt
from core.converters import parse_id
from core.financial_years import FinancialYear
from core.pagination import paginator_with_count
from core.text import has_control_characters

from .. import permissions, services
from ..forms import (
    ReasonForm,
)
from ..funding_sums import CACHE_SECONDS, cached_for_funding_version, funding_version
from ..models import FundingStream, Grant, GrantState, PlanTheme
from ..selectors import (
    GRANT_SORTS,
    grant_prefetches,
    grants_visible_to,
    payments_to_date,
    with_page_version,
)
from ..selectors import grant_list as select_grants
from ..services.payments import PAYABLE_STATES

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


_FILTER_NAMES = {"stream": "funding stream", "theme": "theme", "recipient": "recipient"}


def _filter_id(request, name: str) -> int | None:
    """An id filter from the query string; a value that is not one is dropped, and said so."""
    raw = request.GET.get(name, "")
    number = parse_id(raw)
    if raw and number is None:
        messages.error(request, f"Choose a {_FILTER_NAMES[name]} from the list.")
    return number


def _search(request) -> str:
    text = request.GET.get("q", "").strip()
    if has_control_characters(text) or len(text) > 200:
        messages.error(request, "Search for up to 200 letters, numbers or spaces.")
        return ""
    return text


def _recipient_name(request) -> str:
    text = request.GET.get("recipient_name", "").strip()
    if has_control_characters(text):
        messages.error(request, "Search for a recipient using letters, numbers or spaces.")
        return ""
    return text[:200]


def _state(request) -> str:
    state = request.GET.get("state", "")
    if state and state not in GrantState.values:
        messages.error(request, "Choose a status from the list.")
        return ""
    return state


def _filter_options() -> tuple[list[dict], list[dict]]:
    """The funding streams (by name) and plan themes (in plan order) the filters offer: one query
    of their ids and names."""
    streams = FundingStream.objects.order_by().annotate(kind=Value(0), rank=Value(0))
    themes = PlanTheme.objects.order_by().annotate(kind=Value(1), rank=F("order"))
    rows = sorted(
        streams.values_list("kind", "rank", "name", "pk").union(
            themes.values_list("kind", "rank", "name", "pk"), all=True
        )
    )
    options: tuple[list[dict], list[dict]] = ([], [])
    for kind, _, name, pk in rows:
        options[kind].append({"pk": pk, "name": name})
    return options


def _provider_only(user) -> bool:
    return user.is_provider_user and not user.has_role(*STAFF)


@role_required(*STAFF, Role.PROVIDER)
def grant_list(request):
    if _provider_only(request.user):
        return _provider_grant_list(request)
    params = request.GET
    year = None
    if params.get("year"):
        try:
            year = FinancialYear.from_label(params["year"])
        except ValueError:
            messages.error(request, "Choose a financial year from the list, like 2025/26.")
    sort = params.get("sort", "-created_at")
    if sort not in GRANT_SORTS:
        sort = "-created_at"
    grants = select_grants(
        search=_search(request),
        stream_id=_filter_id(request, "stream"),
        year=year,
        theme_id=_filter_id(request, "theme"),
        state=_state(request),
        recipient_id=_filter_id(request, "recipient"),
        recipient_name=_recipient_name(request),
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
    partial = request.headers.get("HX-Request") and not request.headers.get(
        "HX-History-Restore-Request"
    )
    streams, themes = ([], []) if partial else _filter_options()
    # The filter panel is a function of its options and the query string: kept in the cache.
    filter_key = f"{streams}:{themes}:{years}:{sorted(params.lists())}"
    template = "grants/partials/grant_results.html" if partial else "grants/grant_list.html"
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
            "streams": streams,
            "themes": themes,
            "filter_key": hashlib.sha256(filter_key.encode()).hexdigest(),
            "states": GrantState.choices,
            "years": years,
            "default_sort": "-created_at",
            "filters_applied": filters_applied,
            "can_create": permissions.can_manage_grants(request.user)[0],
        },
    )


def _provider_grant_list(request):
    """A provider user's read-only list of their own organisation's grants."""
    grants = grants_visible_to(request.user).order_by("-award__start_date", "-pk")
    page = Paginator(grants, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "grants/provider_grant_list.html",
        {"page_obj": page, "grants": page.object_list},
    )


@role_required(*STAFF, Role.PROVIDER)
def grant_detail(request, pk: int):
    # One visibility rule: another organisation's grant is a 404, never a 403 that confirms it.
    grants = with_page_version(grants_visible_to(request.user)).prefetch_related(None)
    grant = get_object_or_404(grants, pk=pk)
    award = grant.award
    user = request.user
    if _provider_only(user):
        prefetch_related_objects([grant], *grant_prefetches())
        return render(
            request,
            "grants/provider_grant_detail.html",
            {
                "grant": grant,
                "award": award,
                "conditions": grant.conditions.all(),
                "activities": grant.activities.all(),
                "payments": payments_to_date(award=award),
            },
        )

    @functools.cache
    def commitments() -> list:  # read only when the cached part has expired, or for shortfalls
        return list(
            award.commitments.select_related("stream")
            .prefetch_related("payments")
            .order_by("financial_year")
        )

    def lazy(compute):
        return SimpleLazyObject(compute)

    shortfalls = services.budget_shortfalls(award=award) if grant.state == GrantState.DRAFT else []
    can_override = permissions.can_request_budget_override(user, grant)[0]
    notice = grant.decision_notice
    notice_open = notice is not None and notice.is_open
    context = {
        "grant": grant,
        "award": award,
        "commitments": lazy(commitments),
        "shares": lazy(lambda: list(award.shares.select_related("stream", "partner"))),
        "themes": lazy(lambda: list(grant.themes.all())),
        "conditions": grant.conditions.all(),
        "activities": grant.activities.all(),
        "overrides": award.budget_overrides.select_related(
            "stream", "approved_by", "approval_request"
        ).prefetch_related("approval_request__decisions__decided_by"),
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
        "can_record_payment": grant.state in PAYABLE_STATES
        and permissions.can_record_payment(user, grant)[0],
        "can_edit": grant.state == GrantState.DRAFT and permissions.can_manage_grants(user)[0],
        "can_draft_notice": (
            grant.state == GrantState.DRAFT
            and permissions.can_manage_grants(user)[0]
            and (notice is None or notice.state == DecisionNoticeState.WITHDRAWN)
        ),
        "open_notices": _open_grant_notices(grant, user),
        "notice_blockers": (services.notice_signing_blockers(notice=notice) if notice_open else []),
        "can_redraft_notice": notice_open and permissions.can_manage_grants(user)[0],
        "can_override": bool(shortfalls) and can_override,
        "history": lazy(lambda: history_for(grant)),
    }
    # The summary, funding, conditions and history are cached per version of the grant, its
    # award (total, dates, recipient), its notice and what else they show (selectors.
    # with_page_version); the buttons above them stay live. Nothing per user is cached but
    # the payment link, which is in the key.
    recipient, notice_facts = award.recipient, notice and (notice.pk, notice.updated_at)
    context |= fragment_context(
        grant.pk,
        grant.updated_at,
        grant.version,
        grant.state,
        (award.pk, award.total, award.start_date, award.end_date, award.kind),
        (recipient.pk, getattr(recipient, "updated_at", None)),
        notice_facts,
        grant.page_version,
        context["can_record_payment"],
    )
    return render(request, "grants/grant_detail.html", context)


def _open_grant_notices(grant: Grant, user) -> list:
    """Open notices deciding other grants, which this draft grant could join."""
    notice = grant.decision_notice
    if grant.state != GrantState.DRAFT or not permissions.can_manage_grants(user)[0]:
        return []
    if notice is not None and notice.state != DecisionNoticeState.WITHDRAWN:
        return []
    return list(
        DecisionNotice.objects.filter(
            state__in=[DecisionNoticeState.DRAFT, DecisionNoticeState.RETURNED],
            grants__isnull=False,
        )
        .distinct()
        .order_by("-drafted_at")[:20]
    )


def _available_actions(grant: Grant, user) -> list[tuple[str, str]]:
    names = {"submit": "submit_for_decision"}
    return [
        (action, label)
        for action, label in ACTIONS.items()
        if may_attempt(grant, names.get(action, action), user)
    ]


CONFIRMATIONS = {
    "reject": (
        "Reject this grant",
        "Why is the grant rejected?",
        "A rejected grant is final: its money stops counting against the budgets. If it was the "
        "last grant under its draft decision notice, the notice is withdrawn too.",
    ),
    "withdraw": (
        "Withdraw this grant",
        "Why is the grant withdrawn?",
        "A withdrawn grant is final: its money stops counting against the budgets. If it was the "
        "last grant under its draft decision notice, the notice is withdrawn too.",
    ),
    "close": (
        "Close this grant",
        "Why is the grant being closed?",
        "Close a grant when delivery and reporting are complete. This cannot be undone.",
    ),
}


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def grant_action(request, pk: int, action: str):
    grant = get_object_or_404(Grant, pk=pk)
    if action not in ACTIONS:
        messages.error(request, "That is not something you can do to a grant.")
        return redirect(grant)
    if action in services.ACTIONS_NEEDING_A_REASON:
        return _confirm_grant_action(request, grant, action)
    if request.method != "POST":
        return redirect(grant)
    try:
        if action == "submit":
            services.submit_grant_for_decision(grant=grant, submitted_by=request.user)
        else:
            services.change_grant_state(grant=grant, action=action, actor=request.user)
    except services.GrantError as exc:
        messages.error(request, str(exc))
    else:
        grant.refresh_from_db()
        messages.success(
            request, f"Grant {grant.reference} is now {grant.get_state_display().lower()}."
        )
    return redirect(grant)


def _confirm_grant_action(request, grant: Grant, action: str):
    """Final actions go through a page that asks for the reason the history will show."""
    heading, label, explanation = CONFIRMATIONS[action]
    _, _, required = services.grants._SIMPLE_ACTIONS[action]
    form = ReasonForm(request.POST or None, label=label, required_message=required)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_grant_state(
                grant=grant, action=action, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except services.GrantError as exc:
            form.add_error("reason" if exc.field == "reason" else None, str(exc))
        else:
            grant.refresh_from_db()
            messages.success(
                request, f"Grant {grant.reference} is now {grant.get_state_display().lower()}."
            )
            return redirect(grant)
    return render(
        request,
        "grants/confirm_action.html",
        {
            "form": form,
            "heading": heading,
            "caption": f"Grant {grant.reference}: {grant.title}",
            "explanation": explanation,
            "button": heading.split(" this")[0],
            "warning": True,
            "parent_label": f"Grant {grant.reference}",
            "parent_url": grant.get_absolute_url(),
        },
    )
