"""Bulk award spreadsheets (the Youth Fund's intermediary): upload, dry-run preview, confirm."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_POST

from accounts.permissions import role_required
from accounts.roles import Role
from core.money import format_gbp

from .. import bulk_awards
from ..models import FundingStream
from ..resources import COLUMNS, MAX_ROWS, template_dataset

COLUMN_HELP = {
    "Organisation": "The organisation's name as it is in the providers directory (any capitals)",
    "Project": "The project's title",
    "Purpose": "What the award is for",
    "Amount": "Pounds and pence, like £1,250.50",
    "Start date": "Like 01/04/2025 or 2025-04-01",
    "End date": "On or after the start date",
    "Theme": "One or more Police and Crime Plan themes, separated by ; (Victims; Communities)",
}


class AwardFileForm(forms.Form):
    file = forms.FileField(
        label="Upload a spreadsheet of awards",
        help_text=f"A CSV or XLSX file laid out like the template, up to 2 MB and {MAX_ROWS} awards",
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
        error_messages={
            "required": bulk_awards.FILE_MISSING_MESSAGE,
            "empty": bulk_awards.FILE_EMPTY_MESSAGE,
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > bulk_awards.MAX_FILE_BYTES:
            raise forms.ValidationError(bulk_awards.FILE_TOO_BIG_MESSAGE)
        self.content = upload.read()
        try:
            bulk_awards.read_award_file(content=self.content, filename=upload.name)
        except bulk_awards.BulkAwardError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return upload


def _stream(pk: int) -> FundingStream:
    return get_object_or_404(FundingStream.objects.select_related("intermediary"), pk=pk)


def _page_url(stream: FundingStream, token: str = "") -> str:
    url = reverse("grants:import_awards", args=[stream.pk])
    return f"{url}?upload={token}" if token else url


@require_http_methods(["GET", "POST"])
@role_required(Role.OFFICER)
def import_awards(request, pk: int):
    """The upload page; after an upload, the dry run of the stored file (?upload=token)."""
    stream = _stream(pk)
    if request.method == "GET" and request.GET.get("download") == "template":
        return _template(stream)
    if request.method == "POST":
        form = AwardFileForm(request.POST, request.FILES)
        if form.is_valid():
            token = bulk_awards.store_award_file(
                content=form.content, stream=stream, user=request.user
            )
            return redirect(_page_url(stream, token))
        return _upload_page(request, stream, form)
    token = request.GET.get("upload", "")
    if not token:
        return _upload_page(request, stream, AwardFileForm())
    try:
        content = bulk_awards.load_award_file(token=token, stream=stream, user=request.user)
        dataset = bulk_awards.read_award_file(content=content)
    except bulk_awards.BulkAwardError as exc:
        messages.error(request, str(exc))
        return redirect(_page_url(stream))
    check = bulk_awards.check_bulk_awards(stream=stream, dataset=dataset)
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
            "errors": _error_items(check),
            "form": AwardFileForm(),
            "columns": _columns(stream),
        },
    )


def _columns(stream: FundingStream) -> list[tuple[str, str]]:
    helps = dict(COLUMN_HELP)
    if stream.max_single_award:
        helps["Amount"] = (
            f"Pounds and pence, like £1,250.50, no more than {format_gbp(stream.max_single_award)}"
        )
    return [(column, helps[column]) for column in COLUMNS]


def error_text(error) -> str:
    """ "Row 4, Amount: …" (or "Row 4: …" for the whole row, or the message alone for the file)."""
    if not error.row:
        return error.message
    where = f"Row {error.row}, {error.field}" if error.field else f"Row {error.row}"
    return f"{where}: {error.message}"


def _error_items(check) -> list[dict[str, str]]:
    return [{"href": f"#row-{e.row}" if e.row else "", "text": error_text(e)} for e in check.errors]


def _template(stream: FundingStream) -> HttpResponse:
    """The empty CSV the intermediary fills in (with a byte-order mark so Excel reads “£”)."""
    response = HttpResponse(
        "\ufeff" + template_dataset(stream).export("csv"), content_type="text/csv; charset=utf-8"
    )
    name = slugify(f"{stream.short_name} awards template")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
