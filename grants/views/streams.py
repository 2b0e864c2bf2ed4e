"""Funding stream pages: the overview with budget bars, and one stream's years and awards."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_http_methods

from accounts.permissions import role_required
from accounts.roles import Role
from audit.selectors import history_for

from .. import permissions, services
from ..forms import ReasonForm
from ..funding_sums import CACHE_SECONDS, funding_version
from ..models import FundingStream, StreamBudget
from ..selectors import budget_summaries, overview_years

STAFF = (Role.OFFICER, Role.FINANCE, Role.COMMISSIONER, Role.ADMINISTRATOR)


@role_required(*STAFF)
def stream_list(request):
    years = overview_years(timezone.localdate())
    can_manage = permissions.can_manage_streams(request.user)[0]  # the empty streams' words
    # Every stream's section: the streams and their sums, per version of both and the years shown.
    version = funding_version(streams=True)
    return render(
        request,
        "grants/stream_list.html",
        {
            "summaries": SimpleLazyObject(lambda: budget_summaries(years=years)),
            "can_manage": can_manage,
            "streams_key": f"{version}:{years[0].start_year}:{can_manage}",
            "streams_seconds": CACHE_SECONDS,
        },
    )


@role_required(*STAFF)
def stream_detail(request, pk: int):
    stream = get_object_or_404(FundingStream.objects.select_related("intermediary"), pk=pk)

    def years() -> list:  # read only when the cached budget section has expired
        [summary] = budget_summaries(streams=FundingStream.objects.filter(pk=pk))
        budgets = StreamBudget.objects.filter(stream=stream).prefetch_related("income_lines")
        lines = {b.financial_year: list(b.income_lines.all()) for b in budgets}
        for row in summary.years:  # each year's income lines beside it
            row.income_lines = lines.get(row.year.start_year, [])
        return summary.years

    version = funding_version()
    return render(
        request,
        "grants/stream_detail.html",
        {
            "stream": stream,
            "years": SimpleLazyObject(years),
            # The budget section: budgets, income lines and sums, per version of the funding data.
            "budget_key": f"{pk}:{version}",
            "budget_seconds": CACHE_SECONDS,
            "can_manage": permissions.can_manage_streams(request.user, stream)[0],
            "can_import": stream.is_active and permissions.can_manage_grants(request.user)[0],
            "history": history_for(stream),
        },
    )


STREAM_CONFIRMATIONS = {
    "pause": (
        "Pause this stream",
        "Why is the stream being paused?",
        "A paused stream takes no new awards until it is resumed. Awards already made stay.",
    ),
    "resume": (
        "Resume this stream",
        "Why is the stream being resumed?",
        "The stream will take new awards again.",
    ),
}


@require_http_methods(["GET", "POST"])
@role_required(Role.OFFICER, Role.ADMINISTRATOR)
def stream_status(request, pk: int, action: str):
    """Pausing or resuming goes through a confirmation page with the reason the history shows."""
    stream = get_object_or_404(FundingStream, pk=pk)
    if action not in STREAM_CONFIRMATIONS:
        messages.error(request, "That is not something you can do to a funding stream.")
        return redirect(stream)
    heading, label, explanation = STREAM_CONFIRMATIONS[action]
    _, required = services.funding.STREAM_ACTIONS[action]
    form = ReasonForm(request.POST or None, label=label, required_message=required)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_stream_status(
                stream=stream, action=action, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except services.GrantError as exc:
            messages.error(request, str(exc))
        else:
            verb = (
                "paused: it takes no new awards" if action == "pause" else "taking new awards again"
            )
            messages.success(request, f"{stream} is {verb}.")
        return redirect(stream)
    return render(
        request,
        "grants/confirm_action.html",
        {
            "form": form,
            "heading": heading,
            "caption": str(stream),
            "explanation": explanation,
            "button": heading.split(" this")[0],
            "warning": action == "pause",
            "parent_label": str(stream),
            "parent_url": stream.get_absolute_url(),
        },
    )
