"""Single Tender Action pages: officers draft, change, submit and track them; staff read them."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_http_methods, require_POST

from approvals.engine.errors import ApprovalError
from approvals.engine.services import explain_approval
from approvals.fragments import cached_count, fragment_context, render_with_csrf
from audit.selectors import history_for
from core.forms import STALE_PAGE, rows_with_another, typed_values
from core.pagination import paginator_with_count
from documents.selectors import documents_for

from . import selectors, services
from .errors import CommissioningError
from .forms import MAX_ROWS, EvidenceForm, ShareFormSet, StaForm, StaSubmitForm
from .models import SingleTenderAction, StaState
from .permissions import can_draft_sta, can_edit_sta, can_submit_sta, can_view_stas


def _require(verdict: tuple[bool, str]) -> None:
    if not verdict[0]:
        raise PermissionDenied(verdict[1])


def _visible_sta(request, pk: int, *, for_page: bool = False) -> SingleTenderAction:
    _require(can_view_stas(request.user))
    stas = selectors.stas_visible_to(request.user)
    if for_page:
        stas = selectors.with_page_version(stas)
    return get_object_or_404(stas, pk=pk)


@login_required
def sta_list(request):
    user = request.user
    _require(can_view_stas(user))
    state = request.GET.get("state", "")
    state = state if state in StaState.values else ""
    mine = request.GET.get("mine") == "1"
    sort = request.GET.get("sort", selectors.STA_DEFAULT_SORT)
    version = selectors.sta_list_version()
    whose = user.pk if mine else None

    def page():  # built only when the cached table has expired (or a test reads it)
        stas = selectors.stas_for_list(user=user, state=state, mine=mine, sort=sort)
        paginator = paginator_with_count(
            stas,
            settings.PAGE_SIZE,
            count=lambda: cached_count(f"stas:{state}:{whose}", version, stas.count),
        )
        return paginator.get_page(request.GET.get("page"))

    page_obj = SimpleLazyObject(page)
    return render(
        request,
        "commissioning/sta_list.html",
        {
            "page_obj": page_obj,
            "stas": SimpleLazyObject(lambda: page_obj.object_list),
            "states": StaState.choices,
            "state": state,
            "mine": mine,
            "default_sort": selectors.STA_DEFAULT_SORT,
            "can_draft": can_draft_sta(user)[0],
            **fragment_context(version, sorted(request.GET.lists()), whose),
        },
    )


@login_required
def sta_detail(request, pk: int):
    return _render_detail(request, _visible_sta(request, pk, for_page=True))


def _render_detail(request, sta: SingleTenderAction, evidence_form: EvidenceForm | None = None):
    user = request.user
    approval = sta.approval_request

    def who_must_approve() -> str:
        if approval:
            return approval.reason
        try:
            return explain_approval(kind="sta", value=sta.whole_life_value)
        except ApprovalError as exc:  # a gap in the bands is shown, not a 500
            return exc.message

    can_edit, can_submit = can_edit_sta(user, sta)[0], can_submit_sta(user, sta)[0]
    # The page is cached per version of the STA (every save stamps updated_at), its approval,
    # evidence, history and the rules it quotes, and per what the viewer may do.
    version = (
        sta.pk,
        sta.updated_at,
        sta.version,
        approval and (approval.pk, approval.state),
    )
    lazy = SimpleLazyObject
    return render_with_csrf(
        request,
        "commissioning/sta_detail.html",
        {
            "sta": sta,
            "approval": approval,
            "decisions": lazy(lambda: approval.decisions_list() if approval else []),
            "who_must_approve": lazy(who_must_approve),
            "threshold": lazy(lambda: services.threshold_for_sta(sta)),
            "route": lazy(lambda: services.route_for_sta(sta)),
            "shares": lazy(
                lambda: (
                    list(sta.award.shares.select_related("stream", "partner"))
                    if sta.award_id
                    else []
                )
            ),
            "can_edit": can_edit,
            "can_submit": can_submit,
            "submit_form": lazy(lambda: StaSubmitForm(initial={"version": sta.version})),
            "evidence": lazy(lambda: list(documents_for(sta, purpose=services.EVIDENCE))),
            "evidence_form": evidence_form or lazy(EvidenceForm),
            "entries": lazy(lambda: history_for(sta)),
            **fragment_context(
                version,
                getattr(sta, "page_version", None),
                can_edit,
                can_submit,
                cacheable=evidence_form is None,
            ),
        },
        status=400 if evidence_form is not None and evidence_form.errors else 200,
    )


@login_required
@require_POST
def sta_add_evidence(request, pk: int):
    sta = _visible_sta(request, pk)
    _require(can_edit_sta(request.user, sta))
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            document = services.attach_sta_evidence(
                sta=sta, file=form.cleaned_data["evidence"], uploaded_by=request.user
            )
        except CommissioningError as exc:
            form.add_error("evidence", exc.message)
        else:
            messages.success(request, f"{document.name} added to {sta.reference}.")
            return redirect(sta)
    return _render_detail(request, sta, form)


def _initial(sta: SingleTenderAction) -> tuple[dict, list[dict]]:
    initial = {name: getattr(sta, name) for name in services.MODEL_FIELDS}
    initial["supplier"] = sta.supplier_id
    initial["ground"] = sta.ground_id
    initial["version"] = sta.version
    shares = []
    if sta.award:
        shares = [
            {"funder": f"s{s.stream_id}" if s.stream_id else f"p{s.partner_id}", "amount": s.amount}
            for s in sta.award.shares.all()
        ]
    return initial, shares


def _sta_form(request, *, sta: SingleTenderAction | None):
    if request.method == "POST" and "add_row" in request.POST:  # "Add another" without JS
        form = StaForm(initial=typed_values(StaForm(request.POST)))
        shares = rows_with_another(request, {"shares": ShareFormSet}, max_rows=MAX_ROWS)["shares"]
    elif request.method == "POST":
        form = StaForm(request.POST)
        shares = ShareFormSet(request.POST, prefix="shares")
        if form.is_valid() and shares.is_valid():
            details = form.details(shares)
            try:
                if sta is None:
                    sta = services.draft_sta(
                        details=details,
                        created_by=request.user,
                        request_key=form.cleaned_data.get("request_key"),
                    )
                    messages.success(request, f"{sta.reference} saved as a draft.")
                else:
                    sta = services.update_sta(
                        sta=sta,
                        details=details,
                        edited_by=request.user,
                        expected_version=form.cleaned_data.get("version"),
                    )
                    messages.success(request, f"{sta.reference} updated.")
                return redirect(sta)
            except CommissioningError as exc:
                target = exc.field if exc.field in form.fields else None
                form.add_error(target, exc.message)
    else:
        initial, share_initial = _initial(sta) if sta else ({}, [])
        form = StaForm(initial=initial)
        shares = ShareFormSet(initial=share_initial, prefix="shares")
    return render(
        request, "commissioning/sta_form.html", {"form": form, "shares": shares, "sta": sta}
    )


@login_required
@require_http_methods(["GET", "POST"])
def sta_create(request):
    _require(can_draft_sta(request.user))
    return _sta_form(request, sta=None)


@login_required
@require_http_methods(["GET", "POST"])
def sta_edit(request, pk: int):
    sta = _visible_sta(request, pk)
    _require(can_edit_sta(request.user, sta))
    return _sta_form(request, sta=sta)


@login_required
@require_POST
def sta_submit(request, pk: int):
    sta = _visible_sta(request, pk)
    if sta.state == StaState.SUBMITTED:  # a double click: the first one submitted it
        messages.info(request, f"{sta.reference} is already waiting for approval.")
        return redirect(sta)
    _require(can_submit_sta(request.user, sta))
    form = StaSubmitForm(request.POST)
    if not form.is_valid():  # a tampered or stale page: never submit without the version check
        messages.error(request, STALE_PAGE)
        return redirect(sta)
    version = form.cleaned_data["version"]
    try:
        sta = services.submit_sta(sta=sta, submitted_by=request.user, expected_version=version)
    except CommissioningError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, f"{sta.reference} sent for approval. {sta.approval_request.reason}"
        )
    return redirect(sta)
