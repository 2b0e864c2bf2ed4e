"""Commissioning-project use cases: start a project, write its Understand and Plan stages (with
funding shares and outcome measures), add evidence, and move it on a stage. Each runs in one
transaction under a row lock, checks a stale form by version, and raises CommissioningError in
words the officer can act on; a refused move lists everything the stage still lacks."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from audit.events import acting_as, record_event
from audit.transitions import TransitionRefused, perform_transition
from documents.services import DocumentRefused, store_document
from grants.rules import shares_shortfall
from grants.services import ShareInput

from . import contract_terms, project_rules
from .errors import CommissioningError
from .events import ProjectEvent
from .models import (
    CommissioningProject,
    Contract,
    OutcomeMeasure,
    ProjectFundingShare,
    ProjectOutcomeMeasure,
    ProjectStage,
    SingleTenderAction,
    StaState,
)
from .notice_services import plan_notices
from .project_permissions import can_run_project, can_run_projects
from .project_selectors import EVIDENCE, advice_for

STALE = (
    "Someone changed this project after you opened it. Read the current version, then try again."
)
TITLE_NEEDED = "Enter the project's title"
NOT_IN_STAGE = "This project is in {stage}: {what} can only be changed in {needed}."
CANNOT_MOVE = "The project cannot move on yet. Still missing: {missing}."
SHARES_GAP = "The funding shares add up to {sum} a year but the estimated annual value is {value}"
LISTED_TWICE = "{funder} is listed twice"
MEASURE_TWICE = "The outcome measure “{metric}” is listed twice"
STA_NOT_APPROVED = "Only an approved single tender action can stand in for the procurement."
STA_TAKEN = "{sta} already belongs to {project}."
VALUE_RANGE = "Enter an estimated annual value between £0.01 and £999,999,999,999.99"
EXCLUDE = ["officer", "created_by", "stage", "single_tender_action"]
MOVES = {
    ProjectStage.UNDERSTAND: ("move_to_plan", ProjectEvent.MOVED_TO_PLAN),
    ProjectStage.PLAN: ("move_to_do", ProjectEvent.MOVED_TO_DO),
    ProjectStage.DO: ("move_to_review", ProjectEvent.MOVED_TO_REVIEW),
}


@dataclass(frozen=True)
class UnderstandDetails:
    title: str
    need_statement: str = ""
    evidence_notes: str = ""
    co_dependencies: str = ""


@dataclass(frozen=True)
class MeasureInput:
    metric: str
    target: Decimal
    unit: str = ""
    direction: str = "at_least"


@dataclass(frozen=True)
class PlanDetails:
    service_description: str = ""
    scope: str = ""
    scope_reason: str = ""
    partners: str = ""
    estimated_annual_value: Decimal | None = None
    vat_rate: Decimal = Decimal("0")
    initial_months: int | None = None
    option_months: tuple[int, ...] = ()
    category: str = ""
    procurement_start_date: date | None = None
    chosen_route: str = ""
    shares: tuple[ShareInput, ...] = ()
    measures: tuple[MeasureInput, ...] = ()


def _require(verdict: tuple[bool, str]) -> None:
    if not verdict[0]:
        raise CommissioningError(verdict[1])


def _clean_text(value: str) -> str:
    return (value or "").replace("\x00", "").strip()


def _full_clean(obj, exclude: Sequence[str] = ()) -> None:
    try:
        obj.full_clean(exclude=list(exclude))
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise CommissioningError(messages[0], field=None if field == "__all__" else field) from exc


def _locked(project: CommissioningProject, version: int | None) -> CommissioningProject:
    locked = CommissioningProject.objects.select_for_update().get(pk=project.pk)
    if version is not None and locked.version != version:
        raise CommissioningError(STALE)
    return locked


def _in_stage(project: CommissioningProject, stage: str, what: str) -> None:
    if project.stage != stage:
        raise CommissioningError(
            NOT_IN_STAGE.format(
                stage=project.get_stage_display(), what=what, needed=ProjectStage(stage).label
            )
        )


def _apply_understand(project: CommissioningProject, details: UnderstandDetails) -> None:
    project.title = _clean_text(details.title)
    if not project.title:
        raise CommissioningError(TITLE_NEEDED, field="title")
    project.need_statement = _clean_text(details.need_statement)
    project.evidence_notes = _clean_text(details.evidence_notes)
    project.co_dependencies = _clean_text(details.co_dependencies)


def start_project(
    *, details: UnderstandDetails, officer, request_key: uuid.UUID | str | None = None
) -> CommissioningProject:
    """An officer starts a project in Understand. The same `request_key` twice returns the first."""
    _require(can_run_projects(officer))
    key = uuid.UUID(str(request_key)) if request_key else None
    if key is not None:
        existing = CommissioningProject.objects.filter(request_key=key).first()
        if existing is not None:
            return existing
    project = CommissioningProject(officer=officer, created_by=officer, request_key=key)
    _apply_understand(project, details)
    _full_clean(project, exclude=EXCLUDE)
    try:
        with transaction.atomic(), acting_as(officer):
            project.save()
            record_event(ProjectEvent.CREATED, actor=officer, target=project)
    except IntegrityError:
        # Two requests with one key at once (a double click): the other one started it.
        existing = CommissioningProject.objects.filter(request_key=key).first() if key else None
        if existing is None:
            raise
        return existing
    return project


def update_understand(
    *, project: CommissioningProject, details: UnderstandDetails, actor, version: int | None
) -> CommissioningProject:
    _require(can_run_project(actor, project))
    with transaction.atomic(), acting_as(actor):
        locked = _locked(project, version)
        _in_stage(locked, ProjectStage.UNDERSTAND, "the need and its evidence")
        _apply_understand(locked, details)
        _full_clean(locked, exclude=EXCLUDE)
        locked.version += 1
        locked.save()
        record_event(ProjectEvent.CHANGED, actor=actor, target=locked, message="Understand")
    return locked


def _check_plan(details: PlanDetails) -> None:
    value = details.estimated_annual_value
    if value is not None and (value <= 0 or value >= Decimal(10) ** 12):
        raise CommissioningError(VALUE_RANGE, field="estimated_annual_value")
    if details.initial_months:
        errors = contract_terms.term_errors(details.initial_months, details.option_months)
        if errors:
            raise CommissioningError(errors[0], field="option_months")
    seen: set = set()
    for share in details.shares:
        funder = share.stream or share.partner
        if (share.stream is None) == (share.partner is None) or share.amount <= 0:
            raise CommissioningError("Say who pays each share, and how much", field="shares")
        key = (type(funder).__name__, funder.pk)
        if key in seen:
            raise CommissioningError(LISTED_TWICE.format(funder=funder), field="shares")
        seen.add(key)
    if value and details.shares:
        gap = shares_shortfall(value, [s.amount for s in details.shares])
        if gap:
            total = sum((s.amount for s in details.shares), Decimal("0.00"))
            raise CommissioningError(
                SHARES_GAP.format(sum=f"£{total:,.2f}", value=f"£{value:,.2f}"), field="shares"
            )
    metrics = [_clean_text(m.metric).casefold() for m in details.measures]
    for metric in metrics:
        if metrics.count(metric) > 1:
            raise CommissioningError(MEASURE_TWICE.format(metric=metric), field="measures")


def update_plan(
    *, project: CommissioningProject, details: PlanDetails, actor, version: int | None
) -> CommissioningProject:
    """Write the plan, replacing its funding shares and outcome measures."""
    _require(can_run_project(actor, project))
    _check_plan(details)
    with transaction.atomic(), acting_as(actor):
        locked = _locked(project, version)
        _in_stage(locked, ProjectStage.PLAN, "the plan")
        for name in (
            "service_description",
            "scope",
            "scope_reason",
            "partners",
            "category",
            "chosen_route",
        ):
            setattr(locked, name, _clean_text(getattr(details, name)))
        locked.estimated_annual_value = details.estimated_annual_value
        locked.vat_rate = details.vat_rate
        locked.initial_months = details.initial_months
        locked.option_months = list(details.option_months)
        locked.procurement_start_date = details.procurement_start_date
        _full_clean(locked, exclude=EXCLUDE)
        locked.version += 1
        locked.save()
        locked.shares.all().delete()
        ProjectFundingShare.objects.bulk_create(
            ProjectFundingShare(
                project=locked, stream=s.stream, partner=s.partner, annual_amount=s.amount
            )
            for s in details.shares
        )
        locked.measures.all().delete()
        measures = [
            ProjectOutcomeMeasure(
                project=locked,
                metric=_clean_text(m.metric),
                unit=_clean_text(m.unit),
                target=m.target,
                direction=m.direction,
            )
            for m in details.measures
        ]
        for measure in measures:
            _full_clean(measure, exclude=["project"])
        ProjectOutcomeMeasure.objects.bulk_create(measures)
        record_event(ProjectEvent.CHANGED, actor=actor, target=locked, message="Plan")
    return locked


def add_evidence(*, project: CommissioningProject, upload, actor) -> CommissioningProject:
    """Keep a needs-assessment or engagement document as the project's evidence."""
    _require(can_run_project(actor, project))
    try:
        with transaction.atomic(), acting_as(actor):
            store_document(owner=project, file=upload, uploaded_by=actor, purpose=EVIDENCE)
            record_event(ProjectEvent.EVIDENCE_ADDED, actor=actor, target=project)
    except DocumentRefused as exc:
        raise CommissioningError(str(exc), field="evidence") from exc
    return project


def missing_to_move(project: CommissioningProject, advice=None) -> list[str]:
    """What the project's current stage still lacks (empty when it may move on)."""
    return project_rules.missing_for(project.stage_facts(advice), project.stage)


def move_project_on(
    *,
    project: CommissioningProject,
    actor,
    version: int | None = None,
    from_stage: str | None = None,
) -> CommissioningProject:
    """Move the project to its next stage, or refuse with the list of what is missing. Entering
    Do fixes the route and its explanation and plans the notices the route owes. With
    `from_stage` (the stage the user saw), a project already past it is returned unchanged: a
    double click moves it once."""
    _require(can_run_project(actor, project))
    with transaction.atomic(), acting_as(actor):
        locked = _locked(project, version)
        if from_stage is not None and locked.stage != from_stage:
            return locked
        if locked.stage not in MOVES:
            raise CommissioningError("A project in Review has no further stage.")
        missing = missing_to_move(locked)
        if missing:
            raise CommissioningError(CANNOT_MOVE.format(missing="; ".join(missing)))
        transition, event = MOVES[locked.stage]
        kwargs = {}
        if transition == "move_to_do":
            advice = advice_for(locked)
            if advice is None:
                raise CommissioningError(
                    "No procurement route or threshold covers the procurement start date."
                )
            kwargs = {
                "route": advice.route,
                "explanation": advice.explanation,
                "regulated": advice.regulated,
            }
        locked.version += 1
        try:
            perform_transition(
                locked, transition, actor=actor, event=event, field="stage", **kwargs
            )
        except TransitionRefused as exc:
            raise CommissioningError(str(exc)) from exc
        if transition == "move_to_do":
            plan_notices(project=locked, actor=actor)
    return locked


def link_single_tender_action(
    *, project: CommissioningProject, sta: SingleTenderAction, actor
) -> CommissioningProject:
    """In Do, an approved STA stands in for the procurement: the project records it and the
    contracts drafted from it become the project's. Linking the same STA again changes nothing."""
    _require(can_run_project(actor, project))
    with transaction.atomic(), acting_as(actor):
        locked = _locked(project, None)
        _in_stage(locked, ProjectStage.DO, "the single tender action")
        sta = SingleTenderAction.objects.select_for_update().get(pk=sta.pk)
        if sta.state != StaState.APPROVED:
            raise CommissioningError(STA_NOT_APPROVED, field="single_tender_action")
        other = sta.projects.exclude(pk=locked.pk).first()
        if other is not None:
            raise CommissioningError(
                STA_TAKEN.format(sta=sta.reference, project=other.reference),
                field="single_tender_action",
            )
        if locked.single_tender_action_id != sta.pk:
            locked.single_tender_action = sta
            locked.version += 1
            locked.save(update_fields=["single_tender_action", "version", "updated_at"])
            record_event(
                ProjectEvent.CHANGED, actor=actor, target=locked, message=f"{sta.reference} linked"
            )
        # The contract is drafted by a task after the approval commits; if it has not run yet,
        # draft it now (idempotent), so the project has its contract either way.
        from .contract_from_sta import act_on_approved_sta

        act_on_approved_sta(request_id=sta.approval_request_id)
        contracts = list(Contract.objects.filter(single_tender_action=sta, project__isnull=True))
        Contract.objects.filter(pk__in=[c.pk for c in contracts]).update(project=locked)
        copy_measures(project=locked, contracts=contracts)
    return locked


def copy_measures(*, project: CommissioningProject, contracts: Sequence[Contract]) -> None:
    """Give each contract the project's planned outcome measures it does not have yet (a tender
    award calls this too)."""
    existing = set(
        OutcomeMeasure.objects.filter(contract__in=contracts).values_list("contract_id", "metric")
    )
    OutcomeMeasure.objects.bulk_create(
        OutcomeMeasure(contract=contract, **measure.measure_values())
        for contract in contracts
        for measure in project.measures.all()
        if (contract.pk, measure.metric) not in existing
    )
