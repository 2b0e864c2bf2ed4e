"""The outcome measures page: an officer adds, changes and removes a contract's measures in
repeating rows (MOJ "add another"; without JavaScript "Add another" posts and shows one more
row, saving nothing)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from . import contract_services as services
from .contract_forms import MeasureFormSet
from .contract_permissions import can_manage_contract
from .contract_views import _require, _visible
from .errors import CommissioningError

PREFIX = "measures"
MAX_ROWS = 20


def _rows(formset) -> list[services.MeasureInput]:
    return [
        services.MeasureInput(
            metric=d["metric"],
            target=d["target"],
            unit=d.get("unit") or "",
            direction=d.get("direction") or "at_least",
            pk=d.get("id"),
        )
        for d in (f.cleaned_data for f in formset.forms)
        if d.get("metric")
    ]


def _initial(contract) -> list[dict]:
    return [
        {
            "id": m.pk,
            "metric": m.metric,
            "unit": m.unit,
            "target": m.target,
            "direction": m.direction,
        }
        for m in contract.measures.all()
    ]


@login_required
@require_http_methods(["GET", "POST"])
def contract_measures(request, pk: int):
    contract = _visible(request, pk)
    _require(can_manage_contract(request.user, contract))
    error = ""
    if request.method == "POST" and "add_row" in request.POST:
        typed = MeasureFormSet(request.POST, prefix=PREFIX)
        rows = [{n: f[n].value() for n in f.fields} for f in typed.forms][:MAX_ROWS]
        if len(rows) < MAX_ROWS:
            rows.append({})
        formset = MeasureFormSet(initial=rows, prefix=PREFIX)
    elif request.method == "POST":
        formset = MeasureFormSet(request.POST, prefix=PREFIX)
        if formset.is_valid():
            try:
                services.save_outcome_measures(
                    contract=contract,
                    measures=_rows(formset),
                    edited_by=request.user,
                    opened_at=request.POST.get("opened_at", ""),
                )
            except CommissioningError as exc:
                error = exc.message
            else:
                messages.success(request, "Outcome measures saved.")
                return redirect(contract)
    else:
        formset = MeasureFormSet(initial=_initial(contract), prefix=PREFIX)
    failed = bool(error) or (formset.is_bound and not formset.is_valid())
    opened_at = (
        request.POST.get("opened_at", "")
        if request.method == "POST"
        else services.measures_fingerprint(contract.measures.all())
    )
    return render(
        request,
        "commissioning/contract_measures.html",
        {"contract": contract, "formset": formset, "error": error, "opened_at": opened_at},
        status=400 if failed else 200,
    )
