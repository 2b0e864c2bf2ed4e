"""Bulk award spreadsheets (the Youth Fund's intermediary): upload, dry-run preview, confirm."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_POST

from accounts.permissions import role_required
from accounts.roles import Role
from core.imports import SpreadsheetUploadForm, error_items

from .. import bulk_awards
from ..bulk_awards.columns import column_help, template_dataset
from ..bulk_awards.uploads import FILE_MISSING_MESSAGE, KIND
from ..models import FundingStream


class AwardFileForm(SpreadsheetUploadForm):
    kind = KIND
    label = "Upload a spreadsheet of awards"
    noun = "awards"
    layout = "A CSV or XLSX file laid out like the template"
    missing_message = FILE_MISSING_MESSAGE


def _stream(pk: int) -> FundingStream:
    return get_object_or_404(FundingStream.objects.select_related("intermediary"), pk=pk)


def _page_url(stream: FundingStream, token: str = "") -> str:
    url = reverse("grants:import_awards", args=[stream.pk])
    return f"{url}?upload={token}" if token else url


@require_http_methods(["GET", "POST"])
@role_required(Role.OFFICER)
def import_awards(request, pk: int):
    """The upload page; after an upload, the dry run of the staged rows (?upload=token)."""
    stream = _stream(pk)
    if request.method == "GET" and request.GET.get("download") == "template":
        return _template(stream)
    if request.method == "POST":
        form = AwardFileForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                token = bulk_awards.upload_award_file(
                    content=form.content,
                    filename=upload.name,
                    stream=stream,
                    uploaded_by=request.user,
                )
            except bulk_awards.BulkAwardError as exc:
                form.add_error("file", str(exc))
            else:
                return redirect(_page_url(stream, token))
        return _upload_page(request, stream, form)
    token = request.GET.get("upload", "")
    if not token:
        return _upload_page(request, stream, AwardFileForm())
    try:
        award_file = bulk_awards.staged_award_file(token=token, stream=stream, user=request.user)
    except bulk_awards.BulkAwardError as exc:
        messages.error(request, str(exc))
        return redirect(_page_url(stream))
    check = bulk_awards.check_bulk_awards(stream=stream, award_file=award_file)
    return _preview(request, stream, check, token)


@require_POST
@role_required(Role.OFFICER)
def confirm_import(request, pk: int):
    """Import the stored upload named by the posted token: every row, or none."""
    stream = _stream(pk)
    token = request.POST.get("upload", "")
    try:
        done = bulk_awards.confirm_bulk_awards(stream=stream, token=token, imported_by=request.user)
    except bulk_awards.BulkAwardError as exc:
        if exc.check is not None:
            return _preview(request, stream, exc.check, token, problem=str(exc))
        messages.error(request, str(exc))
        return redirect(_page_url(stream))
    if done.repeated:
        messages.info(request, done.message)
    else:
        messages.success(request, done.message)
    return redirect(done.notice.get_absolute_url())


def _upload_page(request, stream: FundingStream, form: AwardFileForm):
    return render(
        request,
        "grants/import_awards.html",
        {"stream": stream, "form": form, "columns": _columns(stream)},
    )


def _preview(request, stream, check, token: str, problem: str = ""):
    return render(
        request,
        "grants/import_preview.html",
        {
            "stream": stream,
            "check": check,
            "token": token,
            "problem": problem,
            "errors": error_items(check.errors),
            "form": AwardFileForm(),
            "columns": _columns(stream),
        },
    )


def _columns(stream: FundingStream) -> list[tuple[str, str]]:
    return column_help(stream)


def _template(stream: FundingStream) -> HttpResponse:
    """The empty CSV the intermediary fills in (with a byte-order mark so Excel reads “£”)."""
    response = HttpResponse(
        "\ufeff" + template_dataset().export("csv"), content_type="text/csv; charset=utf-8"
    )
    name = slugify(f"{stream.short_name} awards template")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
