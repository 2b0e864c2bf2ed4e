"""Drafts that save as the provider types: the return form posts itself (htmx, three seconds after
typing stops, never with a file) with `autosave=1`. This saves the draft through
`services.save_draft` and answers with a status line and the return's new version, swapped into
the form's hidden field (hx-swap-oob) so the next save is not refused as stale. Anything the
service refuses (a bad number, another tab's save) is left for the full "Save draft" to explain:
nothing typed is lost, as the page keeps it.
"""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from . import services
from .models import OutcomeReturn

NOT_OPEN = "This return is no longer open for changes: reload the page."
NEEDS_CORRECTING = (
    "Not saved automatically: some answers need correcting. Choose Save draft to see which."
)


def is_autosave(request) -> bool:
    return (
        request.method == "POST"
        and request.headers.get("HX-Request") == "true"
        and request.POST.get("autosave") == "1"
    )


def _status(request, message: str, r: OutcomeReturn | None = None):
    return render(
        request,
        "returns/_autosave.html",
        {"message": message, "version": r.version if r is not None else None},
    )


def autosave(request, r: OutcomeReturn, form):
    """Save the draft from the form (already built for this return and its star version)."""
    if not r.is_editable:
        return _status(request, NOT_OPEN)
    if not form.is_valid():
        return _status(request, NEEDS_CORRECTING)
    try:
        r = services.save_draft(
            outcome_return=r,
            content=form.content(),
            version=form.cleaned_data["version"],
            edited_by=request.user,
        )
    except services.ReturnError as refused:
        return _status(
            request, services.STALE if str(refused) == services.STALE else NEEDS_CORRECTING
        )
    return _status(request, f"Draft saved at {timezone.localtime():%H:%M}.", r)
