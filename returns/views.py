"""Return pages: the provider's portal home, the return form and submission, a return's page with
its versions, and the officer's review queue with accept / request changes. Each page looks the
return up through `selectors.returns_visible_to`, so another provider's return is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe

from accounts.kept_forms import take_kept_form
from audit.transitions import may_attempt
from core.financial_years import FinancialYear, financial_year_of
from core.text import has_control_characters
from documents.selectors import documents_for

from . import cached_pages, permissions, rules, selectors, services, versioning
from .autosave import autosave, is_autosave
from .forms import ReturnForm, ReviewForm, SubmitForm
from .models import OutcomeReturn, StarArea, StarVersion

KEPT = (
    "You were signed out before your changes were saved. What you typed is below: check it "
    "and save your draft."
)
KEPT_FILE = " Attach your file again: files are not kept."


def _today():
    return timezone.localdate()


_mark = rules.mark


def _get(request, pk) -> OutcomeReturn:
    try:
        return selectors.return_for_page(user=request.user, pk=pk)
    except OutcomeReturn.DoesNotExist:
        raise Http404("No such return") from None


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def portal(request):
    """A provider user's home; office staff go to the review queue."""
    if not request.user.is_provider_user:
        if permissions.can_review_returns(request.user)[0]:
            return redirect("returns:queue")
        raise Http404("No portal for this user")
    lists = cached_pages.portal_lists(user=request.user, today=_today())
    return render(request, "returns/portal.html", {"lists": mark_safe(lists)})  # noqa: S308


@login_required
def return_detail(request, pk):
    user = request.user
    page = cached_pages.return_page(user=user, pk=pk, today=_today())
    if page is None:
        raise Http404("No such return")
    for part in ("heading", "details"):
        page[part] = mark_safe(page[part])  # noqa: S308 (rendered by cached_pages, escaped there)
    # The buttons' checks read the return's state, provider and editors as the page shows them
    # (the services check afresh when the form is sent).
    r = OutcomeReturn(**page["facts"])
    r.known_editor_ids = frozenset(page["editor_ids"])
    context = {
        "r": r,
        "page": page,
        "can_edit": r.is_editable and permissions.can_edit_return(user, r)[0],
        "can_accept": may_attempt(r, "accept", user),
        "can_request_changes": may_attempt(r, "request_changes", user),
        "review_form": ReviewForm(),
    }
    return render(request, "returns/return_detail.html", context)


@login_required
def version_detail(request, pk, number):
    r = _get(request, pk)
    version = next((s for s in r.submissions.all() if s.number == number), None)
    if version is None:
        raise Http404("No such version")
    return render(request, "returns/version_detail.html", {"r": r, "version": version})


def _star_areas(r: OutcomeReturn, chosen: StarVersion | None):
    star = chosen or r.star_version or StarVersion.objects.filter(active=True).first()
    return list(StarArea.objects.filter(version=star)) if star else []


def _initial(r: OutcomeReturn) -> dict:
    initial = {
        "version": r.version,
        "activity": r.activity,
        "impact": r.impact,
        "star_version": r.star_version_id,
    }
    for o in r.outputs.all():
        initial[f"output_{o.pk}"] = "" if o.value is None else f"{o.value.normalize():f}"
    for s in r.star_readings.all():
        initial[f"star_{s.area_id}_people"] = s.people
        initial[f"star_{s.area_id}_first"] = f"{s.first_average.normalize():f}"
        initial[f"star_{s.area_id}_latest"] = f"{s.latest_average.normalize():f}"
    return initial


@login_required
def return_edit(request, pk):
    """The return form: saves a draft as the provider goes (and by itself as they type:
    autosave.py); evidence is kept after the draft."""
    r = _get(request, pk)
    if not permissions.can_edit_return(request.user, r)[0]:
        raise Http404("Not this user's return")
    if not r.is_editable and not is_autosave(request):
        messages.info(request, "This return is not open for changes.")
        return redirect(r)
    # What was typed when the session ended under the provider comes back after signing in.
    kept = take_kept_form(request) if request.method == "GET" else None
    posted = request.POST if request.method == "POST" else (kept[0] if kept else None)
    chosen = None
    if posted is not None:
        chosen = StarVersion.objects.filter(pk=_int(posted.get("star_version"))).first()
    form_kwargs = {
        "outputs": r.outputs.all(),
        "areas": _star_areas(r, chosen),
        "light": r.light,
    }
    if is_autosave(request):
        return autosave(request, r, ReturnForm(request.POST, **form_kwargs))
    if request.method == "POST":
        form = ReturnForm(request.POST, request.FILES, **form_kwargs)
        if form.is_valid():
            try:
                r = services.save_draft(
                    outcome_return=r,
                    content=form.content(),
                    version=form.cleaned_data["version"],
                    edited_by=request.user,
                )
            except services.ReturnError as refused:
                form.add_service_errors(refused.errors or {"__all__": str(refused)})
            else:
                file_refused = _attach(request, r, form)
                if not file_refused:
                    messages.success(request, "Your draft has been saved.")
                    if "submit" in request.POST:
                        return redirect("returns:return_submit", pk=r.pk)
                    return redirect("returns:return_edit", pk=r.pk)
                # The draft is saved; show the refused file next to its field.
                form = ReturnForm(
                    initial=_initial(r), **form_kwargs | {"areas": _star_areas(r, None)}
                )
                form.add_error("evidence", file_refused)
        elif "evidence" in form.errors:
            # A refused file must not lose what was typed: keep the draft, report the file.
            message = form.errors["evidence"][0]
            form.cleaned_data.pop("evidence", None)
            try:
                r = services.save_draft(
                    outcome_return=r,
                    content=form.content(),
                    version=form.cleaned_data.get("version"),
                    edited_by=request.user,
                )
            except services.ReturnError as refused:
                form.add_service_errors(refused.errors or {"__all__": str(refused)})
            else:
                messages.success(request, "Your draft has been saved, but not the file.")
                data = request.POST.copy()
                data["version"] = r.version
                form = ReturnForm(data, **form_kwargs)
                form.is_valid()
                form.add_error("evidence", message)
    elif kept:
        form = ReturnForm(kept[0], **form_kwargs)
        form.is_valid()
        messages.warning(request, KEPT + (KEPT_FILE if kept[1] else ""))
    else:
        form = ReturnForm(initial=_initial(r), **form_kwargs)
    earlier = selectors.earlier_outputs(r)
    return render(
        request,
        "returns/return_form.html",
        {
            "r": r,
            "form": form,
            "output_rows": [(o, f, earlier.get(o.measure_key, [])) for o, f in form.output_rows()],
            "evidence": documents_for(r, purpose=services.EVIDENCE),
        },
    )


def _attach(request, r, form) -> str:
    """Keep the uploaded evidence, if any; the refusal message, or "" when all went well."""
    file = form.cleaned_data.get("evidence")
    if not file:
        return ""
    try:
        services.attach_evidence(outcome_return=r, file=file, uploaded_by=request.user)
    except services.ReturnError as refused:
        return refused.errors.get("evidence") or str(refused)
    return ""


@login_required
def return_submit(request, pk):
    """Check and confirm before the return goes to the office."""
    r = _get(request, pk)
    if not permissions.can_edit_return(request.user, r)[0]:
        raise Http404("Not this user's return")
    if not r.is_editable:
        return redirect(r)
    form = SubmitForm(request.POST or None, initial={"version": r.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_return(
                outcome_return=r,
                version=form.cleaned_data["version"],
                submitted_by=request.user,
                confirmed=form.cleaned_data["confirm"],
            )
        except services.ReturnError as refused:
            for name, message in (refused.errors or {"__all__": str(refused)}).items():
                form.add_error(name if name in form.fields else None, message)
        else:
            messages.success(request, "Your return has been sent to the office for review.")
            return redirect(r)
    _mark([r], _today())
    return render(
        request,
        "returns/return_submit.html",
        {"r": r, "form": form, "evidence": documents_for(r, purpose=services.EVIDENCE)},
    )


def _review(request, pk, action, done: str):
    """POST only; a GET (after the same 404 check) just shows the return."""
    r = _get(request, pk)
    if not permissions.can_review_returns(request.user)[0]:
        raise Http404("Not a reviewer")
    if request.method != "POST":
        return redirect(r)
    form = ReviewForm(request.POST)
    form.is_valid()
    try:
        action(outcome_return=r, reviewed_by=request.user, comment=form.cleaned_data["comment"])
    except services.ReturnError as refused:
        for message in refused.errors.values() or [str(refused)]:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(r)


@login_required
def accept(request, pk):
    return _review(request, pk, services.accept_return, "The return has been accepted.")


@login_required
def request_changes(request, pk):
    return _review(
        request, pk, services.request_changes, "The return has been sent back to the provider."
    )


def _name(request) -> str:
    """The provider name searched for: letters, numbers and spaces, up to 200 characters."""
    text = request.GET.get("provider_name", "").strip()
    if has_control_characters(text):
        messages.error(request, "Search for a provider using letters, numbers or spaces.")
        return ""
    return text[:200]


@login_required
def queue(request):
    """Submitted returns waiting for review, oldest first; filters by stream, officer, provider,
    late."""
    if not permissions.can_review_returns(request.user)[0]:
        raise Http404("Not a reviewer")
    params = request.GET
    late = {"yes": True, "no": False}.get(params.get("late", ""))
    filters = selectors.QueueFilters(
        stream_id=_int(params.get("stream")),
        officer_id=_int(params.get("officer")),
        provider_id=_int(params.get("provider")),
        provider_name=_name(request),
        late=late,
    )
    today, version = _today(), versioning.returns_version()
    results = cached_pages.queue_results(
        request=request, filters=filters, today=today, version=version
    )
    return render(
        request,
        "returns/queue.html",
        {
            "results": mark_safe(results),  # noqa: S308 (rendered by cached_pages)
            **cached_pages.queue_choices(version=version),
            "filters_applied": any(
                params.get(k) for k in ("stream", "officer", "provider", "provider_name", "late")
            ),
        },
    )


@login_required
def compliance(request):
    """Per funding stream, for the returns due in a financial year (this one unless chosen):
    returns due, waiting for review, late and accepted."""
    if not permissions.can_review_returns(request.user)[0]:
        raise Http404("Not a reviewer")
    today = _today()
    this_year = financial_year_of(today)
    years = [FinancialYear(this_year.start_year + n) for n in range(1, -6, -1)]
    year = next((y for y in years if y.label == request.GET.get("year")), this_year)
    rows = cached_pages.compliance_rows(user=request.user, today=today, year=year)
    return render(request, "returns/compliance.html", {"rows": rows, "year": year, "years": years})


def _award_page(request, **key):
    award = cached_pages.award_page(user=request.user, today=_today(), **key)
    if award is None:
        raise Http404("No returns for this award")
    award["body"] = mark_safe(award["body"])  # noqa: S308 (rendered by cached_pages)
    return render(request, "returns/award_returns.html", {"award": award})


@login_required
def award_returns(request, grant_pk):
    """A grant's returns and a chart of each output over time (404 unless the user sees them)."""
    return _award_page(request, grant_id=grant_pk)


@login_required
def contract_returns(request, contract_pk):
    """A contract's returns and a chart of each output over time (404 unless the user sees them)."""
    return _award_page(request, contract_id=contract_pk)
