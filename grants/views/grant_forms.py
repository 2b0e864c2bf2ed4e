"""Creating and editing a grant: the grant form with its funding shares and delivery activities
("add another" rows, also without JavaScript) and the version check that refuses a stale save."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from accounts.permissions import role_required
from accounts.roles import Role
from core.converters import parse_id
from core.forms import rows_with_another, typed_values

from .. import services
from ..forms import MAX_ROWS, ActivityFormSet, GrantForm, ShareFormSet, grant_details
from ..models import Grant, GrantState
from ..selectors import grants_with_details


@role_required(Role.OFFICER)
def grant_create(request):
    return _grant_form(request, grant=None)


@role_required(Role.OFFICER)
def grant_edit(request, pk: int):
    grant = get_object_or_404(grants_with_details(), pk=pk)
    if grant.state != GrantState.DRAFT:
        messages.error(request, "Only a draft grant can be changed. Return it to draft first.")
        return redirect(grant)
    return _grant_form(request, grant=grant)


def _initial(grant: Grant | None, request) -> tuple[dict, list[dict], list[dict]]:
    if grant is None:
        stream = parse_id(request.GET.get("stream"))
        return {}, ([{"funder": f"s{stream}"}] if stream else []), []
    award = grant.award
    initial = {
        "title": grant.title,
        "recipient": award.recipient,
        "purpose": grant.purpose,
        "start_date": award.start_date,
        "end_date": award.end_date,
        "total": award.total,
        "themes": list(grant.themes.all()),
        "conditions": "\n".join(c.text for c in grant.conditions.all()),
    }
    shares = [
        {"funder": f"s{s.stream_id}" if s.stream_id else f"p{s.partner_id}", "amount": s.amount}
        for s in award.shares.all()
    ]
    activities = [
        {"description": a.description, "target": a.target} for a in grant.activities.all()
    ]
    return initial, shares, activities


def _with_another_row(request, grant: Grant | None):
    """Without JavaScript, "Add another" posts the form: show it again, as typed, one row longer."""
    rows = rows_with_another(
        request,
        {"shares": ShareFormSet, "activities": ActivityFormSet},
        max_rows=MAX_ROWS,
    )
    return render(
        request,
        "grants/grant_form.html",
        {"form": GrantForm(initial=typed_values(GrantForm(request.POST))), **rows, "grant": grant},
    )


def _grant_form(request, *, grant: Grant | None):
    initial, share_initial, activity_initial = _initial(grant, request)
    grant_version = grant.version if grant is not None else None
    if request.method == "POST" and "add_row" in request.POST:
        return _with_another_row(request, grant)
    if request.method == "POST":
        form = GrantForm(request.POST)
        shares = ShareFormSet(request.POST, prefix="shares")
        activities = ActivityFormSet(request.POST, prefix="activities")
        if form.is_valid() and shares.is_valid() and activities.is_valid():
            details = grant_details(form, shares, activities)
            try:
                if grant is None:
                    grant = services.create_grant(details=details, created_by=request.user)
                    messages.success(request, f"Grant {grant.reference} saved as a draft.")
                else:
                    services.update_grant(
                        grant=grant,
                        details=details,
                        edited_by=request.user,
                        # A form without its version is stale by definition.
                        expected_version=parse_id(request.POST.get("version")) or 0,
                    )
                    messages.success(request, f"Grant {grant.reference} updated.")
                return redirect(grant)
            except services.GrantError as exc:
                target = exc.field if exc.field in form.fields else None
                form.add_error(target, str(exc))
    else:
        form = GrantForm(initial=initial)
        shares = ShareFormSet(initial=share_initial, prefix="shares")
        activities = ActivityFormSet(initial=activity_initial, prefix="activities")
    return render(
        request,
        "grants/grant_form.html",
        {
            "form": form,
            "shares": shares,
            "activities": activities,
            "grant": grant,
            # The version the form was read at: kept through re-displays, so a stale save is refused.
            "version": request.POST.get("version") if request.method == "POST" else grant_version,
        },
    )


# action -> (page heading, label of the reason, what the page explains)
