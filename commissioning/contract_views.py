"""Contract pages: the list (filters, sort, pagination), the contract with its timeline, money by
year and history, and one form per action. Provider users see their own contracts read-only."""

from __future__ import annotations

import csv
from uuid import uuid4

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from audit.selectors import history_for
from core.spreadsheets import neutralise_cell

from . import contract_selectors as selectors
from . import contract_services as services
from . import contract_terms
from .contract_forms import (
    AgreementForm,
    BreakNoticeForm,
    ContractFilterForm,
    DeclineForm,
    DecommissionForm,
    FeedbackForm,
    MeetingForm,
)
from .contract_permissions import can_manage_contract, can_manage_contracts, can_view_contracts
from .contract_timeline import timeline_bar
from .errors import CommissioningError
from .models import Contract, ExtensionOption


def _require(verdict: tuple[bool, str]) -> None:
    if not verdict[0]:
        raise PermissionDenied(verdict[1])


def _visible(request, pk: int) -> Contract:
    _require(can_view_contracts(request.user))
    return get_object_or_404(selectors.contracts_visible_to(request.user), pk=pk)


def _managed(request, pk: int) -> Contract:
    contract = _visible(request, pk)
    _require(can_manage_contract(request.user, contract))
    return contract


def _option(contract: Contract, number: int) -> ExtensionOption:
    return get_object_or_404(ExtensionOption, contract=contract, sequence=number)


@login_required
def contract_list(request):
    _require(can_view_contracts(request.user))
    form = ContractFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    sort = request.GET.get("sort", "reference")
    filters = selectors.ContractFilters(
        state=data.get("state") or "",
        provider_id=data["provider"].pk if data.get("provider") else None,
        provider_name=" ".join((data.get("provider_name") or "").split()),
        stream_id=data["stream"].pk if data.get("stream") else None,
        ending_within_months=data.get("ending_within"),
        decisions_due=bool(data.get("decisions_due")),
        sort=sort if sort in selectors.SORTS else "reference",
    )
    today = timezone.localdate()
    contracts = selectors.contracts_for_list(user=request.user, filters=filters, today=today)
    if request.GET.get("format") == "csv":
        return _csv(contracts)
    page_obj = Paginator(contracts, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    lead = selectors.lead_months_by_start([c.start_date for c in page_obj.object_list])
    rows = [
        (c, c.timeline(lead_months=lead[c.start_date]) if lead.get(c.start_date) else None)
        for c in page_obj.object_list
    ]
    return render(
        request,
        "commissioning/contract_list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "rows": rows,
            "default_sort": "reference",
            "can_import": can_manage_contracts(request.user)[0],
        },
    )


CSV_HEADER = ["Reference", "Service", "Provider", "Term", "Starts", "Current end", "Status"]


def _csv(contracts) -> HttpResponse:
    """Every contract the filters match, formula-safe (core/spreadsheets.py)."""
    rows = list(contracts)
    lead = selectors.lead_months_by_start([c.start_date for c in rows])
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="contracts.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for c in rows:
        end = c.timeline(lead_months=lead[c.start_date]).current_end if c.start_date in lead else ""
        writer.writerow(
            neutralise_cell(str(v))
            for v in (
                c.reference, c.title, c.provider, c.term_text(), c.start_date, end,
                c.get_state_display(),
            )
        )  # fmt: skip
    return response


@login_required
def contract_detail(request, pk: int):
    contract = _visible(request, pk)
    today = timezone.localdate()
    try:
        lead = selectors.lead_months_for(contract)
    except ValueError:
        lead = None
    timeline = contract.timeline(lead_months=lead) if lead else None
    return render(
        request,
        "commissioning/contract_detail.html",
        {
            "contract": contract,
            "options": contract.option_rows(),
            "timeline": timeline,
            "bar": timeline_bar(timeline, today=today) if timeline else None,
            "today": today,
            "money": selectors.money_by_year(contract),
            "shares": list(contract.award.shares.select_related("stream", "partner"))
            if contract.award_id
            else [],
            "whole_life_value": services.whole_life_value(contract),
            "can_manage": can_manage_contract(request.user, contract)[0],
            "entries": history_for(contract),
            "meeting_dates": _meeting_dates(contract, timeline),
            "meetings": contract.meetings.prefetch_related("actions"),
            "open_actions": services.open_actions(contract),
            "feedback": contract.feedback.all(),
        },
    )


def _meeting_dates(contract: Contract, timeline) -> list:
    if timeline is None or contract.state == "draft":
        return []
    return contract_terms.meeting_dates(timeline.start, timeline.current_end)


def _post(request, contract: Contract, call, success: str):
    try:
        call()
    except CommissioningError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect(contract)


@login_required
@require_POST
def contract_request_approval(request, pk: int):
    contract = _managed(request, pk)
    return _post(
        request,
        contract,
        lambda: services.request_contract_approval(contract=contract, requested_by=request.user),
        f"{contract.reference} sent for approval.",
    )


@login_required
@require_POST
def contract_activate(request, pk: int):
    contract = _managed(request, pk)
    return _post(
        request,
        contract,
        lambda: services.activate_contract(contract=contract, activated_by=request.user),
        f"{contract.reference} is now active.",
    )


@login_required
@require_POST
def option_request_approval(request, pk: int, number: int):
    contract = _managed(request, pk)
    option = _option(contract, number)
    return _post(
        request,
        contract,
        lambda: services.request_extension_approval(option=option, requested_by=request.user),
        f"Extension option {number} sent for approval.",
    )


@login_required
@require_POST
def option_exercise(request, pk: int, number: int):
    contract = _managed(request, pk)
    option = _option(contract, number)
    return _post(
        request,
        contract,
        lambda: services.exercise_extension(option=option, exercised_by=request.user),
        f"Extension option {number} exercised.",
    )


def _form_page(request, contract, form_class, *, title: str, call, success: str, option=None):
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            call(form.cleaned_data)
        except CommissioningError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, success)
            return redirect(contract)
    return render(
        request,
        "commissioning/contract_action.html",
        {"contract": contract, "form": form, "title": title, "option": option},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def option_agreement(request, pk: int, number: int):
    contract = _managed(request, pk)
    option = _option(contract, number)
    return _form_page(
        request,
        contract,
        AgreementForm,
        title=f"Record the provider's agreement to extension option {number}",
        option=option,
        call=lambda d: services.record_provider_agreement(
            option=option,
            agreed_by=d["agreed_by"],
            agreed_on=d["agreed_on"],
            recorded_by=request.user,
        ),
        success=f"The provider's agreement to option {number} is recorded.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def option_decline(request, pk: int, number: int):
    contract = _managed(request, pk)
    option = _option(contract, number)
    return _form_page(
        request,
        contract,
        DeclineForm,
        title=f"Decline extension option {number}",
        option=option,
        call=lambda d: services.decline_extension(
            option=option, declined_by=request.user, reason=d["reason"]
        ),
        success=f"Extension option {number} declined; any later options have lapsed.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def contract_break(request, pk: int):
    contract = _managed(request, pk)
    return _form_page(
        request,
        contract,
        BreakNoticeForm,
        title=f"Record break notice on {contract.reference}",
        call=lambda d: services.give_break_notice(
            contract=contract,
            party=d["party"],
            given_on=d["given_on"],
            given_by=d["given_by"],
            reason=d["reason"],
            stated_end=d.get("stated_end"),
            recorded_by=request.user,
        ),
        success="Break notice recorded: the contract's end date has changed.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def contract_decommission(request, pk: int):
    contract = _managed(request, pk)
    fields = ["reason", "risks_to_service_users", "mitigation", "exit_plan", "provider_agreed_by"]
    return _form_page(
        request,
        contract,
        DecommissionForm,
        title=f"De-commission {contract.reference}",
        call=lambda d: services.decommission_contract(
            contract=contract,
            provider_agreed_on=d["provider_agreed_on"],
            ends_on=d["ends_on"],
            decided_by=request.user,
            **{name: d[name] for name in fields},
        ),
        success="The contract is de-commissioned.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def contract_meeting(request, pk: int):
    contract = _managed(request, pk)
    actions = services.open_actions(contract)

    def call(d):
        new = []
        if d.get("action"):
            new = [services.ActionInput(d["action"], d["action_owner"], d["action_due_on"])]
        return services.record_meeting(
            contract=contract,
            held_on=d["held_on"],
            attendees=d["attendees"],
            notes=d["notes"],
            actions=new,
            closed_action_ids=[int(x) for x in d.get("closed") or []],
            recorded_by=request.user,
            request_key=d.get("request_key"),
        )

    return _form_page(
        request,
        contract,
        lambda data=None: MeetingForm(data, open_actions=actions, initial={"request_key": uuid4()}),
        title=f"Record a contract meeting on {contract.reference}",
        call=call,
        success="Meeting recorded.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def contract_feedback(request, pk: int):
    contract = _managed(request, pk)
    return _form_page(
        request,
        contract,
        FeedbackForm,
        title=f"Record feedback or a dip sample on {contract.reference}",
        call=lambda d: services.record_feedback(
            contract=contract,
            kind=d["kind"],
            received_on=d["received_on"],
            summary=d["summary"],
            recorded_by=request.user,
        ),
        success="Feedback recorded.",
    )
