"""The contract list: filters, sort and pagination, its filters and table cached per version of
the contract data, and the streamed CSV download of every contract the filters match."""

from __future__ import annotations

import hashlib
import itertools

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from core.spreadsheets import csv_lines, neutralise_cell

from . import contract_selectors as selectors
from .contract_forms import ContractFilterForm
from .contract_permissions import can_manage_contracts, can_view_contracts, visible_provider_id
from .models import Contract


def _require(verdict: tuple[bool, str]) -> None:
    if not verdict[0]:
        raise PermissionDenied(verdict[1])


def _list_filters(request) -> tuple[ContractFilterForm, selectors.ContractFilters]:
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
    return form, filters


def _list_rows(page_obj) -> list[tuple[Contract, object]]:
    """Each row with its timeline (for the current end and the next decision deadline)."""
    lead_months = selectors.lead_months_lookup()
    rows = []
    for contract in page_obj.object_list:
        lead = lead_months(contract.start_date)
        rows.append((contract, contract.timeline(lead_months=lead) if lead else None))
    return rows


@login_required
def contract_list(request):
    user = request.user
    _require(can_view_contracts(user))
    today = timezone.localdate()
    if request.GET.get("format") == "csv":
        _form, filters = _list_filters(request)
        return _csv(selectors.contracts_for_list(user=user, filters=filters, today=today))

    def results() -> dict:  # read only when the cached filters and table have expired
        form, filters = _list_filters(request)
        contracts = selectors.contracts_for_list(user=user, filters=filters, today=today)
        page_obj = Paginator(contracts, settings.PAGE_SIZE).get_page(request.GET.get("page"))
        return {"form": form, "page_obj": page_obj, "rows": _list_rows(page_obj)}

    # Filters and table are cached per visible scope (every contract, or one provider's), exact
    # query string, day (decisions due, ending within) and version of the contract data.
    scope = visible_provider_id(user)
    key = f"{scope}:{sorted(request.GET.lists())}:{today}:{selectors.contracts_version()}"
    return render(
        request,
        "commissioning/contract_list.html",
        {
            "results": SimpleLazyObject(results),
            "results_key": hashlib.sha256(key.encode()).hexdigest(),
            "results_seconds": selectors.LIST_CACHE_SECONDS,
            "default_sort": "reference",
            "can_import": can_manage_contracts(user)[0],
        },
    )


CSV_HEADER = ["Reference", "Service", "Provider", "Term", "Starts", "Current end", "Status"]


def _csv(contracts) -> StreamingHttpResponse:
    """Every contract the filters match, streamed in chunks, formula-safe (core/spreadsheets.py)."""
    chunks = (
        [[neutralise_cell(cell) for cell in row] for row in chunk]
        for chunk in selectors.csv_rows(contracts)
    )
    response = StreamingHttpResponse(
        csv_lines(itertools.chain([[CSV_HEADER]], chunks)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="contracts.csv"'
    return response
