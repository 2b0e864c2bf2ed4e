"""Approval queue pages: what waits for me (oldest first), what I decided, one request and its
decision form. Each view checks the role (403) and the page is the same few queries at any size."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import cache, partial

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_POST

from audit.selectors import history_for
from core.pagination import paginator_with_count
from core.working_days import working_days_between

from ..fragments import cached_count, fragment_context, render_with_csrf
from . import selectors
from .errors import ApprovalError
from .forms import DecisionForm, QueueFilterForm
from .models import ApprovalRequest
from .permissions import can_decide_on_page, can_view_approval_requests
from .services import decide_approval_request


def _require(verdict: tuple[bool, str]) -> None:
    if not verdict[0]:
        raise PermissionDenied(verdict[1])


def _queue(request, *, title: str, which: str):
    user = request.user
    _require(can_view_approval_requests(user))
    form = QueueFilterForm(request.GET or None)
    kind = form.cleaned_data.get("kind", "") if form.is_valid() else ""
    default = selectors.DEFAULT_SORT if which == "waiting" else "-requested_at"
    sort = request.GET.get("sort", default)
    today = timezone.localdate()
    version = selectors.queue_version()

    def page():  # built only when the cached table has expired (or a test reads it)
        if which == "waiting":
            requests = selectors.waiting_for(user=user, kind=kind, sort=sort)
            count = partial(selectors.waiting_count, user=user, kind=kind, version=version)
        else:
            requests = selectors.decided_by(user=user, kind=kind, sort=sort)
            count = partial(
                cached_count, f"queue:{user.pk}:decided:{kind}", version, requests.count
            )
        paginator = paginator_with_count(requests, settings.PAGE_SIZE, count=count)
        return paginator.get_page(request.GET.get("page"))

    page_obj = SimpleLazyObject(page)

    def rows() -> list[dict]:  # read only when the cached table has expired
        found = []
        for item in page_obj.object_list:
            mine = [d for d in item.decisions_list() if d.decided_by_id == user.pk]
            submitted = timezone.localdate(item.requested_at)
            found.append(
                {
                    "request": item,
                    "my_decision": mine[0] if mine else None,
                    "age": working_days_between(submitted, today),
                }
            )
        return found

    # The table (its count, rows and pagination) is cached per user, queue, query string, day
    # (ages) and version of the requests: on a hit the page builds no query for it at all.
    query = sorted(request.GET.lists())
    key = f"{user.pk}:{which}:{query}:{today}:{version}"
    return render(
        request,
        "approvals/queue.html",
        {
            "title": title,
            "which": which,
            "form": form,
            "page_obj": page_obj,
            "rows": SimpleLazyObject(rows),
            "results_key": hashlib.sha256(key.encode()).hexdigest(),
            # the filter panel shows only the query string (the kinds are fixed choices)
            "filter_key": hashlib.sha256(repr(query).encode()).hexdigest(),
            "results_seconds": selectors.QUEUE_CACHE_SECONDS,
            "default_sort": default,
            "filtered": bool(kind),
        },
    )


@login_required
def waiting(request):
    return _queue(request, title="Waiting for me", which="waiting")


@login_required
def decided(request):
    return _queue(request, title="Decided by me", which="decided")


def _visible(request, pk: int) -> ApprovalRequest:
    _require(can_view_approval_requests(request.user))
    try:
        return selectors.approval_request(pk=pk)
    except ApprovalRequest.DoesNotExist as exc:
        raise Http404("No such approval request") from exc


def _detail_context(user, read: Callable[[], ApprovalRequest], *, verdict=None) -> dict:
    """What the page's body shows, read (`read()`, once) only when the body is rendered."""
    read = cache(read)
    if verdict is None:
        verdict = SimpleLazyObject(lambda: can_decide_on_page(user, read()))
    return {
        "item": SimpleLazyObject(read),
        "decisions": SimpleLazyObject(lambda: read().decisions_list()),
        "can_decide": SimpleLazyObject(lambda: verdict[0]),
        "decide_reason": SimpleLazyObject(lambda: verdict[1]),
        "entries": SimpleLazyObject(lambda: history_for(read())),
    }


@login_required
def request_detail(request, pk: int):
    """The body is cached per version of the request (approval_request_summary: its state,
    decisions, notice, history and bands) and per reader (who they are, their roles and whether
    they wrote it: all the decision form's verdict depends on). A hit reads one row."""
    user = request.user
    _require(can_view_approval_requests(user))
    try:
        summary = selectors.approval_request_summary(pk=pk, reader=user)
    except ApprovalRequest.DoesNotExist as exc:
        raise Http404("No such approval request") from exc
    facts = (pk, summary.state, summary.decided_at, summary.page_version)
    reader = (user.pk, sorted(user.role_set), summary.reader_wrote_it)
    return render_with_csrf(
        request,
        "approvals/request_detail.html",
        {
            "summary": summary,
            "form": DecisionForm(),
            **_detail_context(user, partial(selectors.approval_request, pk=pk, reader=user)),
            **fragment_context(facts, reader),
        },
    )


def _render_errors(request, item: ApprovalRequest, form: DecisionForm):
    """The page again with the decision form's errors (never cached)."""
    return render_with_csrf(
        request,
        "approvals/request_detail.html",
        {
            "summary": item,
            "form": form,
            **_detail_context(
                request.user, lambda: item, verdict=can_decide_on_page(request.user, item)
            ),
            **fragment_context(cacheable=False),
        },
    )


@login_required
@require_POST
def decide(request, pk: int):
    item = _visible(request, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _render_errors(request, item, form)
    try:
        item = decide_approval_request(
            request=item,
            decided_by=request.user,
            outcome=form.cleaned_data["outcome"],
            comment=form.cleaned_data["comment"],
        )
    except ApprovalError as exc:
        if exc.field_errors:
            for field, errors in exc.field_errors.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
            return _render_errors(request, _visible(request, pk), form)
        messages.error(request, exc.message)
        return redirect("approval_queue:detail", pk=pk)
    if item.is_pending:
        still = " and the ".join(item.get_pending_role_labels())
        messages.success(
            request, f"Your approval of “{item.title}” is recorded. It now needs the {still}."
        )
    else:
        messages.success(
            request,
            f"Your decision on “{item.title}” is recorded: {item.get_state_display().lower()}.",
        )
    return redirect("approval_queue:waiting")
