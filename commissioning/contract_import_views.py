"""The historic-contracts import page: upload a CSV, see every row's errors, import all or
nothing (a dry run first by default)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.forms import PlainMessagesMixin

from . import contract_services as services
from .contract_permissions import can_manage_contracts
from .errors import CommissioningError

MAX_BYTES = 2 * 1024 * 1024


class HistoricImportForm(PlainMessagesMixin, forms.Form):
    file = forms.FileField(
        label="CSV file of historic contracts",
        error_messages={"required": "Choose the CSV file to import"},
    )
    dry_run = forms.BooleanField(
        label="Check the file only (nothing is saved)", required=False, initial=True
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError("The file must be smaller than 2 MB")
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError("Save the file as CSV (UTF-8) and try again") from exc


@login_required
@require_http_methods(["GET", "POST"])
def contract_import(request):
    allowed, reason = can_manage_contracts(request.user)
    if not allowed:
        raise PermissionDenied(reason)
    form = HistoricImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = services.import_historic_contracts(
                csv_text=form.cleaned_data["file"],
                imported_by=request.user,
                dry_run=form.cleaned_data["dry_run"],
            )
        except CommissioningError as exc:
            form.add_error("file", exc.message)
        else:
            if report.ok and not form.cleaned_data["dry_run"]:
                messages.success(request, f"{len(report.created)} historic contracts imported.")
                return redirect("commissioning:contract_list")
    return render(
        request,
        "commissioning/contract_import.html",
        {"form": form, "report": report, "columns": services.history.COLUMNS},
        status=400 if form.errors or (report and not report.ok) else 200,
    )
