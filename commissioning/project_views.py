"""Commissioning-project pages: the list (filters, sort, pagination), the project with its stage
progress, what the stage still needs, the route explanation, notices, documents and history, and
the forms for Understand, Plan, evidence, moving on a stage and ticking off a notice."""

from __future__ import annotations

import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_http_methods, require_POST

from approvals.fragments import cached_count, fragment_context, render_with_csrf
from audit.selectors import history_for
from core.pagination import paginator_with_count

from . import project_selectors as selectors
from . import project_services as services
from .errors import CommissioningError
from .models import CommissioningProject, ProcurementNotice, ProjectStage
from .models.projects import STAGE_ORDER
from .notice_services import record_notice_published
from .project_forms import (
    EvidenceForm,
    MeasureFormSet,
    MoveForm,
    NoticePublishedForm,
    PlanForm,
    ProjectFilterForm,
    ShareFormSet,
    StaLinkForm,
    UnderstandForm,
)
from .project_permissions import can_run_project, can_run_projects, can_view_projects


def _require(verdict: tuple[bool, str]) -> None:
    if not verdict[0]:
        raise PermissionDenied(verdict[1])


def _visible(request, pk: int) -> CommissioningProject:
    _require(can_view_projects(request.user))
    return get_object_or_404(selectors.projects_visible_to(request.user), pk=pk)


def _run(request, pk: int) -> CommissioningProject:
    project = _visible(request, pk)
    _require(can_run_project(request.user, project))
    return project


@login_required
def project_list(request):
    _require(can_view_projects(request.user))
    version = selectors.project_list_version()

    def form() -> ProjectFilterForm:  # these run only when the cached list has expired
        return ProjectFilterForm(request.GET or None)

    form = SimpleLazyObject(form)

    def page():
        data = form.cleaned_data if form.is_valid() else {}
        sort = request.GET.get("sort", selectors.DEFAULT_SORT)
        filters = selectors.ProjectFilters(
            stage=data.get("stage") or "",
            stream_id=data["stream"].pk if data.get("stream") else None,
            officer_id=data["officer"].pk if data.get("officer") else None,
            route=data.get("route") or "",
            sort=sort if sort in selectors.SORTS else selectors.DEFAULT_SORT,
        )
        projects = selectors.projects_for_list(user=request.user, filters=filters)
        paginator = paginator_with_count(
            projects,
            settings.PAGE_SIZE,
            count=lambda: cached_count(f"projects:{filters}", version, projects.count),
        )
        return paginator.get_page(request.GET.get("page"))

    page_obj = SimpleLazyObject(page)
    return render(
        request,
        "commissioning/project_list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "projects": SimpleLazyObject(lambda: page_obj.object_list),
            "default_sort": selectors.DEFAULT_SORT,
            "can_start": can_run_projects(request.user)[0],
            **fragment_context(version, sorted(request.GET.lists())),
        },
    )


def _stages(project: CommissioningProject) -> list[dict]:
    current = STAGE_ORDER.index(project.stage)
    rows = []
    for index, stage in enumerate(ProjectStage):
        status = "done" if index < current else "current" if index == current else "later"
        rows.append({"label": stage.label, "status": status, "value": stage.value})
    return rows


@login_required
def project_detail(request, pk: int):
    _require(can_view_projects(request.user))
    projects = selectors.with_page_version(selectors.projects_visible_to(request.user))
    return _render_detail(request, get_object_or_404(projects, pk=pk))


def _render_detail(request, project, *, evidence_form=None, notice_forms=None, sta_form=None):
    can_run = can_run_project(request.user, project)[0]
    cacheable = evidence_form is None and notice_forms is None and sta_form is None
    notice_forms = notice_forms or {}

    @functools.cache
    def loaded() -> dict:  # read only when the cached page has expired (or a form has errors)
        prefetch_related_objects([project], *selectors.DETAIL_PREFETCHES)
        evidence = list(selectors.evidence_documents(project))
        project._evidence_count = len(evidence)
        advice = selectors.advice_for(project)
        return {
            "advice": advice,
            "evidence": evidence,
            "missing": services.missing_to_move(project, advice),
            "notices": [
                (n, notice_forms.get(n.pk) or NoticePublishedForm(prefix=f"notice{n.pk}"))
                for n in project.notices.all()
            ],
        }

    def lazy(name: str):
        return SimpleLazyObject(lambda: loaded()[name])

    def related(name: str):
        return SimpleLazyObject(lambda: loaded() and list(getattr(project, name).all()))

    sta = project.single_tender_action
    # The page is cached per version of the project (every save stamps updated_at; the plan's
    # shares and measures are replaced with it), of what else it shows (selectors.
    # project_page_version) and of what the reader may do; a form with errors is never cached.
    version = (
        project.pk,
        project.updated_at,
        project.version,
        project.stage,
        sta and (sta.pk, sta.state, sta.updated_at),
        getattr(project, "page_version", None),
    )
    return render_with_csrf(
        request,
        "commissioning/project_detail.html",
        {
            "project": project,
            "stages": _stages(project),
            "missing": lazy("missing"),
            "advice": lazy("advice"),
            "shares": related("shares"),
            "measures": related("measures"),
            "notices": lazy("notices"),
            "contracts": related("contracts"),
            "evidence": lazy("evidence"),
            "evidence_form": evidence_form or EvidenceForm(),
            "move_form": MoveForm(initial={"stage": project.stage}),
            "sta_form": sta_form or (StaLinkForm() if project.stage == ProjectStage.DO else None),
            "can_run": can_run,
            "entries": SimpleLazyObject(lambda: history_for(project)),
            **fragment_context(version, can_run, cacheable=cacheable),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request):
    _require(can_run_projects(request.user))
    return _understand_form(request, project=None)


@login_required
@require_http_methods(["GET", "POST"])
def project_understand(request, pk: int):
    return _understand_form(request, project=_run(request, pk))


def _understand_form(request, *, project: CommissioningProject | None):
    if request.method == "POST":
        form = UnderstandForm(request.POST)
        if form.is_valid():
            try:
                if project is None:
                    project = services.start_project(
                        details=form.details(),
                        officer=request.user,
                        request_key=form.cleaned_data.get("request_key"),
                    )
                    messages.success(request, f"{project.reference} started in Understand.")
                else:
                    project = services.update_understand(
                        project=project,
                        details=form.details(),
                        actor=request.user,
                        version=form.cleaned_data.get("version") or 0,
                    )
                    messages.success(request, f"{project.reference} updated.")
                return redirect(project)
            except CommissioningError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    elif project is None:
        form = UnderstandForm()
    else:
        form = UnderstandForm(
            initial={
                "version": project.version,
                "title": project.title,
                "need_statement": project.need_statement,
                "evidence_notes": project.evidence_notes,
                "co_dependencies": project.co_dependencies,
            }
        )
    return render(
        request, "commissioning/project_understand.html", {"form": form, "project": project}
    )


def _plan_initial(project: CommissioningProject) -> tuple[dict, list[dict], list[dict]]:
    initial = {
        "version": project.version,
        "option_months": ", ".join(str(m) for m in project.option_months or ()),
        "vat_rate": project.vat_rate,
    }
    for name in (
        "service_description",
        "scope",
        "scope_reason",
        "partners",
        "estimated_annual_value",
        "initial_months",
        "category",
        "procurement_start_date",
        "chosen_route",
    ):
        initial[name] = getattr(project, name)
    shares = [
        {
            "funder": f"s{s.stream_id}" if s.stream_id else f"p{s.partner_id}",
            "amount": s.annual_amount,
        }
        for s in project.shares.all()
    ]
    measures = [
        {"metric": m.metric, "unit": m.unit, "target": m.target, "direction": m.direction}
        for m in project.measures.all()
    ]
    return initial, shares, measures


def _typed(form) -> dict:
    return {name: form[name].value() for name in form.fields}


@login_required
@require_http_methods(["GET", "POST"])
def project_plan(request, pk: int):
    project = _run(request, pk)
    if project.stage != ProjectStage.PLAN:
        messages.error(request, "The plan can only be changed while the project is in Plan.")
        return redirect(project)
    if request.method == "POST":
        form = PlanForm(request.POST)
        shares = ShareFormSet(request.POST, prefix="shares")
        measures = MeasureFormSet(request.POST, prefix="measures")
        grow = request.POST.get("add_row")
        if grow in {"shares", "measures"}:
            rows = {
                "shares": [_typed(f) for f in shares.forms],
                "measures": [_typed(f) for f in measures.forms],
            }
            rows[grow].append({})
            form = PlanForm(initial=_typed(form))
            shares = ShareFormSet(initial=rows["shares"], prefix="shares")
            measures = MeasureFormSet(initial=rows["measures"], prefix="measures")
        elif form.is_valid() and shares.is_valid() and measures.is_valid():
            try:
                project = services.update_plan(
                    project=project,
                    details=form.details(shares, measures),
                    actor=request.user,
                    version=form.cleaned_data.get("version") or 0,
                )
                messages.success(request, f"The plan for {project.reference} is saved.")
                return redirect(project)
            except CommissioningError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    else:
        initial, share_rows, measure_rows = _plan_initial(project)
        form = PlanForm(initial=initial)
        shares = ShareFormSet(initial=share_rows, prefix="shares")
        measures = MeasureFormSet(initial=measure_rows, prefix="measures")
    return render(
        request,
        "commissioning/project_plan.html",
        {"form": form, "shares": shares, "measures": measures, "project": project},
    )


@login_required
@require_POST
def project_move(request, pk: int):
    project = _run(request, pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "This page is out of date. Open the project again.")
        return redirect(project)
    seen = form.cleaned_data["stage"]
    try:
        project = services.move_project_on(project=project, actor=request.user, from_stage=seen)
    except CommissioningError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            f"{project.reference} moved from {ProjectStage(seen).label} to "
            f"{project.get_stage_display()}.",
        )
    return redirect(project)


@login_required
@require_POST
def project_add_evidence(request, pk: int):
    project = _run(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_evidence(
                project=project, upload=form.cleaned_data["evidence"], actor=request.user
            )
        except CommissioningError as exc:
            form.add_error("evidence", exc.message)
        else:
            messages.success(request, "Evidence added.")
            return redirect(project)
    project = selectors.project_for_detail(CommissioningProject.objects).get(pk=project.pk)
    return _render_detail(request, project, evidence_form=form)


@login_required
@require_POST
def notice_published(request, pk: int, notice_pk: int):
    project = _run(request, pk)
    notice = get_object_or_404(ProcurementNotice, project=project, pk=notice_pk)
    form = NoticePublishedForm(request.POST, prefix=f"notice{notice.pk}")
    if form.is_valid():
        try:
            notice = record_notice_published(
                notice=notice,
                reference=form.cleaned_data["reference"],
                published_on=form.cleaned_data["published_on"],
                recorded_by=request.user,
            )
        except CommissioningError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"{notice.get_kind_display()} ticked off.")
            return redirect(project)
    project = selectors.project_for_detail(CommissioningProject.objects).get(pk=project.pk)
    return _render_detail(request, project, notice_forms={notice.pk: form})


@login_required
@require_POST
def project_link_sta(request, pk: int):
    project = _run(request, pk)
    form = StaLinkForm(request.POST)
    if form.is_valid():
        try:
            services.link_single_tender_action(
                project=project, sta=form.cleaned_data["single_tender_action"], actor=request.user
            )
        except CommissioningError as exc:
            form.add_error("single_tender_action", exc.message)
        else:
            messages.success(
                request, "The approved single tender action stands in for the procurement."
            )
            return redirect(project)
    project = selectors.project_for_detail(CommissioningProject.objects).get(pk=project.pk)
    return _render_detail(request, project, sta_form=form)
