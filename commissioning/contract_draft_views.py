"""The draft contract's "Change value and funding" page: an officer corrects the annual value
and who pays (grants' co-funding rows, "add another" also without JavaScript) before the award
goes for approval. Errors come back on the page (200) with everything as typed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.forms import rows_with_another, typed_values

from . import contract_services as services
from . import contract_terms
from .contract_forms import DraftMoneyForm
from .contract_permissions import can_manage_contract
from .contract_views import _require, _visible
from .errors import CommissioningError
from .forms import MAX_ROWS, ShareFormSet
from .models import Contract, ContractState

PREFIX = "shares"
SHARE_FIELDS = {"shares", "stream", "total"}  # what grants' share checks name
NOT_DRAFT = "Only a draft contract's value and funding can be changed."


def _share_rows(contract: Contract) -> list[dict]:
    if not contract.award_id:
        return []
    return [
        {"funder": f"s{s.stream_id}" if s.stream_id else f"p{s.partner_id}", "amount": s.amount}
        for s in contract.award.shares.all()
    ]


def _show(exc: CommissioningError, form: DraftMoneyForm, shares) -> None:
    """A refusal next to what it is about: the value, the funders' rows, or the whole page."""
    if exc.field == "annual_value":
        form.add_error("annual_value", exc.message)
    elif exc.field in SHARE_FIELDS:
        shares.non_form_errors().append(exc.message)
    else:
        form.add_error(None, exc.message)


@login_required
@require_http_methods(["GET", "POST"])
def contract_money_edit(request, pk: int):
    contract = _visible(request, pk)
    _require(can_manage_contract(request.user, contract))
    if contract.state != ContractState.DRAFT:
        messages.error(request, NOT_DRAFT)
        return redirect(contract)
    if request.method == "POST" and "add_row" in request.POST:
        form = DraftMoneyForm(initial=typed_values(DraftMoneyForm(request.POST)))
        shares = rows_with_another(request, {PREFIX: ShareFormSet}, max_rows=MAX_ROWS)[PREFIX]
    elif request.method == "POST":
        form = DraftMoneyForm(request.POST)
        shares = ShareFormSet(request.POST, prefix=PREFIX)
        if form.is_valid() and shares.is_valid():
            try:
                services.change_draft_money(
                    contract=contract,
                    annual_value=form.cleaned_data["annual_value"],
                    shares=shares.share_inputs(),
                    edited_by=request.user,
                    # A form without its fingerprint is stale by definition.
                    opened_at=form.cleaned_data.get("opened_at") or "",
                )
            except CommissioningError as exc:
                _show(exc, form, shares)
            else:
                messages.success(request, f"The value and funding of {contract.reference} saved.")
                return redirect(contract)
    else:
        form = DraftMoneyForm(
            initial={
                "annual_value": contract.annual_value,
                "opened_at": services.money_fingerprint(contract),
            }
        )
        shares = ShareFormSet(initial=_share_rows(contract), prefix=PREFIX)
    return render(
        request,
        "commissioning/contract_money.html",
        {
            "contract": contract,
            "form": form,
            "shares": shares,
            "term": contract_terms.describe_months(contract.initial_months),
            "term_value": contract_terms.term_value(contract.annual_value, contract.initial_months),
            "whole_life_value": services.whole_life_value(contract),
            "approved_figure": services.approved_figure(contract),
        },
    )
