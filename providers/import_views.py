"""The providers import pages: upload a spreadsheet, see the dry run of every row, confirm."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from core.imports import SpreadsheetUploadForm, error_items

from . import imports, permissions
from .imports.columns import REQUIRED_COLUMNS
from .imports.service import FILE_MISSING_MESSAGE, KIND

COLUMN_HELP = {
    "name": "The organisation's name. A name already in the directory (any capitals) updates it",
    "kind": "Charity, CIC, Company, Public body or Other",
    "charity_number": "Registered charity number, like 1123456",
    "company_number": "Companies House number, like 01234567",
    "address_line_1": "First line of the address",
    "address_line_2": "Second line of the address",
    "town": "Town or city",
    "postcode": "A UK postcode, like CB1 1AA",
    "countywide": "Yes if it serves the whole county, otherwise No",
    "districts": "Districts served, separated by ; (Fenland; Peterborough), when not countywide",
    "third_sector": "Yes or No",
    "local": "Yes or No",
    "website": "Its website address",
    "email": "Its email address",
    "phone": "Its phone number",
}


class ProvidersFileForm(SpreadsheetUploadForm):
    kind = KIND
    label = "Upload a spreadsheet of organisations"
    noun = "organisations"
    missing_message = FILE_MISSING_MESSAGE


def _gate(user) -> None:
    allowed, reason = permissions.can_edit_organisation(user)
    if not allowed:
        raise PermissionDenied(reason)


def _page_url(token: str = "") -> str:
    url = reverse("providers:import")
    return f"{url}?upload={token}" if token else url


@login_required
@require_http_methods(["GET", "POST"])
def import_organisations(request):
    """The upload page; after an upload, the dry run of its staged rows (?upload=key)."""
    _gate(request.user)
    if request.method == "POST":
        form = ProvidersFileForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                token = imports.upload_providers_file(
                    content=form.content, filename=upload.name, uploaded_by=request.user
                )
            except imports.ProvidersImportError as exc:
                form.add_error("file", str(exc))
            else:
                return redirect(_page_url(token))
        return _upload_page(request, form)
    token = request.GET.get("upload", "")
    if not token:
        return _upload_page(request, ProvidersFileForm())
    try:
        check = imports.check_staged_providers(token=token, user=request.user)
    except imports.ProvidersImportError as exc:
        messages.error(request, str(exc))
        return redirect(_page_url())
    return _preview(request, check, token)


@login_required
@require_POST
def confirm_organisations(request):
    """Import the staged upload named by the posted key: every row, or none."""
    _gate(request.user)
    token = request.POST.get("upload", "")
    try:
        done = imports.confirm_providers_import(token=token, imported_by=request.user)
    except imports.ProvidersImportError as exc:
        if exc.check is not None:
            return _preview(request, exc.check, token, problem=str(exc))
        messages.error(request, str(exc))
        return redirect(_page_url())
    (messages.info if done.repeated else messages.success)(request, done.message)
    return redirect("providers:list")


def _columns() -> list[tuple[str, str, bool]]:
    return [(column, help, column in REQUIRED_COLUMNS) for column, help in COLUMN_HELP.items()]


def _upload_page(request, form):
    return render(request, "providers/import.html", {"form": form, "columns": _columns()})


def _preview(request, check, token: str, problem: str = ""):
    return render(
        request,
        "providers/import_preview.html",
        {
            "check": check,
            "token": token,
            "problem": problem,
            "errors": error_items(check.errors),
            "form": ProvidersFileForm(),
        },
    )
