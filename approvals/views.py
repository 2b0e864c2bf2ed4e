"""Approvals pages: decision notices and the public transparency page."""

from __future__ import annotations

import hashlib
from io import BytesIO

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_http_methods, require_POST

from accounts.roles import Role
from audit.selectors import history_for
from core.pagination import paginator_with_count

from . import hooks, selectors
from .errors import DecisionNoticeError
from .forms import (
    DecisionNoticeForm,
    NoticeFilterForm,
    SendBackDecisionNoticeForm,
    SignDecisionNoticeForm,
    WithdrawDecisionNoticeForm,
)
from .models import DecisionNotice
from .permissions import (
    can_draft_decision_notice,
    can_edit_decision_notice,
    can_send_back_decision_notice,
    can_sign_decision_notice,
    can_view_decision_notices,
    can_withdraw_decision_notice,
)
from .services import (
    draft_decision_notice,
    send_back_decision_notice,
    sign_decision_notice,
    update_decision_notice,
    withdraw_decision_notice,
)

# The list's table at one version of the notices; edits outside save() (bulk updates of drafts,
# a renamed user) show within this many seconds.
LIST_CACHE_SECONDS = 60

# --- helpers -----------------------------------------------------------------------------------


def _require(verdict: tuple[bool, str]) -> None:
    allowed, reason = verdict
    if not allowed:
        raise PermissionDenied(reason)


def _visible_notice(request, pk: int) -> DecisionNotice:
    """Role first (403), then the object among those the user may see (404)."""
    _require(can_view_decision_notices(request.user))
    return get_object_or_404(
        selectors.notices_visible_to(request.user).prefetch_related("editors"), pk=pk
    )


def _add_errors(form, exc: DecisionNoticeError) -> None:
    placed = False
    for field, field_messages in exc.field_errors.items():
        target = field if field in form.fields else None
        for message in field_messages:
            form.add_error(target, message)
            placed = True
    if not placed:
        form.add_error(None, exc.message)


def _pdf_response(request, notice: DecisionNotice) -> HttpResponse:
    from xhtml2pdf import pisa

    html = render_to_string(
        "approvals/notice_pdf.html",
        {"notice": notice, "related_items": hooks.related_items(notice=notice)},
        request=request,
    )
    buffer = BytesIO()
    result = pisa.CreatePDF(html, dest=buffer, encoding="utf-8")
    if result.err:
        raise RuntimeError(f"Could not make the PDF of {notice.number}")
    response = HttpResponse(buffer.getvalue(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{notice.pdf_filename}"'
    return response


# --- office pages ------------------------------------------------------------------------------


@login_required
def notice_list(request):
    user = request.user
    _require(can_view_decision_notices(user))
    visible = selectors.notices_visible_to(user)
    facts = selectors.office_notice_facts()  # office staff see every notice
    form = NoticeFilterForm(request.GET or None, years=facts.years)
    filters = {}
    if form.is_bound:
        form.is_valid()  # a bad value (a stale year link) drops that filter only, and says so
        filters = form.cleaned_data
    sort = request.GET.get("sort", "")
    notices = selectors.filter_notices(
        visible,
        state=filters.get("state") or "",
        year=filters.get("year"),
        search=filters.get("q") or "",
        sort=sort,
    ).defer(*selectors.NOTICE_TEXT)  # the list shows none of a notice's long texts
    filtered = any(filters.get(k) for k in ("q", "state", "year"))
    # The table (rows and pagination) is the same for everyone at one version of the notices and
    # one query string: kept in the cache under both, with a filtered count beside it.
    query = sorted((k, v) for k, v in request.GET.lists() if k != "page")
    list_key = hashlib.sha256(f"{facts.version}:{query}".encode()).hexdigest()
    if filtered:
        count = cache.get_or_set(f"notice-count:{list_key}", notices.count, LIST_CACHE_SECONDS)
    else:
        count = facts.count
    page_obj = paginator_with_count(notices, settings.PAGE_SIZE, count=lambda: count).get_page(
        request.GET.get("page")
    )
    can_draft = can_draft_decision_notice(user)[0]  # the empty table's words depend on it
    awaiting = None
    if user.has_role(Role.COMMISSIONER):
        awaiting = list(selectors.notices_awaiting_signature(for_user=user)[:10])
    return render(
        request,
        "approvals/notice_list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "notices": page_obj.object_list,
            "default_sort": selectors.DEFAULT_SORT,
            "filtered": filtered,
            "awaiting": awaiting,
            "can_draft": can_draft,
            "table_key": f"{list_key}:{page_obj.number}:{can_draft}",
            "table_seconds": LIST_CACHE_SECONDS,
        },
    )


@login_required
def notice_detail(request, pk: int):
    notice = _visible_notice(request, pk)
    user = request.user
    may_sign, sign_reason = can_sign_decision_notice(user, notice)
    # Explain a refusal to those who might expect to sign: commissioners and the notice's authors.
    explain_sign = (
        notice.is_open
        and not may_sign
        and (user.has_role(Role.COMMISSIONER) or notice.drafted_or_edited_by(user))
    )
    return render(
        request,
        "approvals/notice_detail.html",
        {
            "notice": notice,
            "can_sign": may_sign,
            "sign_reason": sign_reason if explain_sign else "",
            "can_edit": can_edit_decision_notice(user, notice)[0],
            "can_withdraw": can_withdraw_decision_notice(user, notice)[0],
            "can_send_back": can_send_back_decision_notice(user, notice)[0],
            "related_items": hooks.related_items(notice=notice),
            "entries": history_for(notice),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def notice_create(request):
    user = request.user
    _require(can_draft_decision_notice(user))
    form = DecisionNoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            notice = draft_decision_notice(
                **form.content(),
                drafted_by=user,
                request_key=form.cleaned_data.get("request_key"),
            )
        except DecisionNoticeError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"Draft decision notice “{notice.title}” saved.")
            return redirect(notice)
    return render(request, "approvals/notice_form.html", {"form": form, "notice": None})


@login_required
@require_http_methods(["GET", "POST"])
def notice_edit(request, pk: int):
    notice = _visible_notice(request, pk)
    _require(can_edit_decision_notice(request.user, notice))
    form = DecisionNoticeForm(request.POST or None, instance=notice)
    if request.method == "POST" and form.is_valid():
        try:
            notice = update_decision_notice(
                notice=notice,
                edited_by=request.user,
                expected_version=form.cleaned_data.get("version"),
                **form.content(),
            )
        except DecisionNoticeError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "Draft decision notice updated.")
            return redirect(notice)
    return render(request, "approvals/notice_form.html", {"form": form, "notice": notice})


def _render_sign_confirm(request, notice, form, refusal: str = ""):
    return render(
        request,
        "approvals/notice_sign_confirm.html",
        {
            "notice": notice,
            "form": form,
            "refusal_errors": [{"href": "", "text": refusal}] if refusal else [],
            "related_items": hooks.related_items(notice=notice),
        },
    )


@login_required
@require_http_methods(["GET"])
def notice_sign_confirm(request, pk: int):
    """The confirmation step before signing: the full text, a declaration and the button."""
    notice = _visible_notice(request, pk)
    if notice.is_signed:
        messages.info(request, f"This decision notice has already been signed as {notice.number}.")
        return redirect(notice)
    _require(can_sign_decision_notice(request.user, notice))
    form = SignDecisionNoticeForm(initial={"version": notice.version})
    return _render_sign_confirm(request, notice, form)


@login_required
@require_POST
def notice_sign(request, pk: int):
    notice = _visible_notice(request, pk)
    form = SignDecisionNoticeForm(request.POST)
    if notice.is_signed:  # a double click or a retry: the first one signed it
        messages.info(request, f"This decision notice has already been signed as {notice.number}.")
        return redirect(notice)
    allowed, reason = can_sign_decision_notice(request.user, notice)
    if not allowed:
        # A concurrent click may have signed it between reading the notice and checking what it
        # decides (the grant is then already decided): that click's result, not a refusal.
        notice = _visible_notice(request, pk)
        if notice.is_signed:
            messages.info(
                request, f"This decision notice has already been signed as {notice.number}."
            )
            return redirect(notice)
        raise PermissionDenied(reason)
    if not form.is_valid():
        return _render_sign_confirm(request, notice, form)
    try:
        notice = sign_decision_notice(
            notice=notice, signed_by=request.user, expected_version=form.cleaned_data["version"]
        )
    except DecisionNoticeError as exc:
        # Read it afresh (refresh_from_db would assign the protected state field): a concurrent
        # click may have signed it, and then this one gets the winner's result.
        notice = _visible_notice(request, pk)
        if notice.is_signed:
            messages.info(request, exc.message)
            return redirect(notice)
        # Show the current text with the reason; the declaration must be ticked again.
        fresh = SignDecisionNoticeForm(initial={"version": notice.version})
        return _render_sign_confirm(request, notice, fresh, refusal=exc.message)
    messages.success(request, f"Decision notice signed: {notice.number}.")
    return redirect(notice)


@login_required
@require_http_methods(["GET", "POST"])
def notice_withdraw(request, pk: int):
    notice = _visible_notice(request, pk)
    _require(can_withdraw_decision_notice(request.user, notice))
    form = WithdrawDecisionNoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            notice = withdraw_decision_notice(
                notice=notice, withdrawn_by=request.user, reason=form.cleaned_data["reason"]
            )
        except DecisionNoticeError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "Draft decision notice withdrawn.")
            return redirect(notice)
    return render(request, "approvals/notice_withdraw.html", {"notice": notice, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def notice_send_back(request, pk: int):
    """The Commissioner sends a draft back to its drafter with comments (a confirmation page)."""
    notice = _visible_notice(request, pk)
    _require(can_send_back_decision_notice(request.user, notice))
    form = SendBackDecisionNoticeForm(request.POST or None, initial={"version": notice.version})
    if request.method == "POST" and form.is_valid():
        try:
            notice = send_back_decision_notice(
                notice=notice,
                sent_back_by=request.user,
                comments=form.cleaned_data["comments"],
                expected_version=form.cleaned_data.get("version"),
            )
        except DecisionNoticeError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request, "Decision notice sent back to its drafter with your comments."
            )
            return redirect(notice)
    return render(request, "approvals/notice_send_back.html", {"notice": notice, "form": form})


@login_required
def notice_print(request, pk: int):
    notice = _visible_notice(request, pk)
    return render(
        request,
        "approvals/notice_print.html",
        {"notice": notice, "related_items": hooks.related_items(notice=notice), "public": False},
    )


@login_required
def notice_pdf(request, pk: int):
    notice = _visible_notice(request, pk)
    if not notice.is_signed:
        raise Http404("Only a signed decision notice has a PDF")
    return _pdf_response(request, notice)


# --- public pages (no login) -------------------------------------------------------------------


def public_notice(request, number: str):
    notice = selectors.public_notice_by_number(number)
    if notice is None:
        raise Http404("No signed decision notice has that number")
    return render(
        request,
        "approvals/public_notice.html",
        {"notice": notice, "related_items": hooks.related_items(notice=notice), "public": True},
    )


def public_notice_pdf(request, number: str):
    notice = selectors.public_notice_by_number(number)
    if notice is None:
        raise Http404("No signed decision notice has that number")
    return _pdf_response(request, notice)
