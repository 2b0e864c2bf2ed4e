"""The procurement notices checklist, written: plan a project's notices from its route, set a
notice's due date, tick one off with its publication reference and date, and record the contract
signing that starts the contract details notice's clock. Each runs in one transaction, is
idempotent, and raises CommissioningError in words the officer can act on. The API is described
in commissioning/models/notices.py."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from audit.events import record_event

from . import notice_rules, route_advisor
from .errors import CommissioningError
from .events import ProjectEvent
from .models import CommissioningProject, NoticeKind, ProcurementNotice
from .project_permissions import can_run_project
from .project_selectors import advice_for, notice_terms_on

REFERENCE_NEEDED = "Enter the notice's publication reference"
REFERENCE_TOO_LONG = "Enter a publication reference of 100 characters or fewer"
DATE_NEEDED = "Enter the date the notice was published"
ALREADY_PUBLISHED = "This notice was published on {day}: it cannot be changed."
UNKNOWN_KIND = "Choose a kind of procurement notice"
NO_SIGNING_NOTICE = "This project owes no contract details notice."


def _require(verdict: tuple[bool, str]) -> None:
    if not verdict[0]:
        raise CommissioningError(verdict[1])


def plan_notices(*, project: CommissioningProject, actor=None) -> list[ProcurementNotice]:
    """Add the notices the project's route owes (on entering Do); existing rows are kept."""
    advice = advice_for(project)
    if advice is None or project.procurement_start_date is None:
        return []
    try:
        terms = notice_terms_on(project.procurement_start_date)
    except ValueError as exc:
        raise CommissioningError(str(exc), field="procurement_start_date") from exc
    owed = notice_rules.notices_owed(
        regulated=advice.regulated,
        value_with_vat=advice.whole_life_value_with_vat,
        category=project.category,
        starts_on=project.procurement_start_date,
        terms=terms,
        direct_award=project.chosen_route == route_advisor.SINGLE_TENDER,
    )
    rows = [
        ProcurementNotice(project=project, kind=n.kind, due_on=n.due_on, due_rule=n.due_rule)
        for n in owed
    ]
    with transaction.atomic():
        ProcurementNotice.objects.bulk_create(rows, update_conflicts=False, ignore_conflicts=True)
    return list(project.notices.all())


def record_notice_due(
    *, project: CommissioningProject, kind: str, due_on: date, actor, due_rule: str = ""
) -> ProcurementNotice:
    """Add `kind` to the checklist due on `due_on`, or move an unpublished one's due date."""
    if kind not in NoticeKind.values:
        raise CommissioningError(UNKNOWN_KIND, field="kind")
    with transaction.atomic():
        notice, created = ProcurementNotice.objects.select_for_update().get_or_create(
            project=project, kind=kind, defaults={"due_on": due_on, "due_rule": due_rule}
        )
        if notice.is_published:
            raise CommissioningError(
                ALREADY_PUBLISHED.format(day=f"{notice.published_on:%-d %B %Y}")
            )
        changed = notice.due_on != due_on or (due_rule and notice.due_rule != due_rule)
        if not (created or changed):
            return notice  # the same date again: nothing to record
        if changed:
            notice.due_on = due_on
            notice.due_rule = due_rule or notice.due_rule
            notice.save(update_fields=["due_on", "due_rule"])
        record_event(
            ProjectEvent.NOTICE_DUE,
            actor=actor,
            target=project,
            message=f"{notice.get_kind_display()} due {due_on:%-d %B %Y}",
        )
    return notice


def record_notice_published(
    *, notice: ProcurementNotice, reference: str, published_on: date | None, recorded_by
) -> ProcurementNotice:
    """Tick a notice off. A contract award notice gets the end of its standstill. Ticking the
    same notice off twice with the same facts returns it unchanged."""
    _require(can_run_project(recorded_by, notice.project))
    reference = (reference or "").replace("\x00", "").strip()
    if not reference:
        raise CommissioningError(REFERENCE_NEEDED, field="reference")
    if len(reference) > 100:
        raise CommissioningError(REFERENCE_TOO_LONG, field="reference")
    if published_on is None:
        raise CommissioningError(DATE_NEEDED, field="published_on")
    with transaction.atomic():
        locked = (
            ProcurementNotice.objects.select_for_update()
            .select_related("project")
            .get(pk=notice.pk)
        )
        if locked.is_published:
            if locked.reference == reference and locked.published_on == published_on:
                return locked
            raise CommissioningError(
                ALREADY_PUBLISHED.format(day=f"{locked.published_on:%-d %B %Y}")
            )
        locked.reference = reference
        locked.published_on = published_on
        locked.recorded_by = recorded_by
        locked.recorded_at = timezone.now()
        if locked.kind == NoticeKind.CONTRACT_AWARD:
            terms = notice_terms_on(published_on)
            locked.standstill_ends_on = notice_rules.standstill_ends(
                published_on, working_days=terms.standstill_working_days
            )
        locked.save()
        record_event(
            ProjectEvent.NOTICE_PUBLISHED,
            actor=recorded_by,
            target=locked.project,
            message=f"{locked.get_kind_display()} published as {reference}",
        )
    return locked


def record_contract_signed(
    *, project: CommissioningProject, signed_on: date, actor
) -> ProcurementNotice:
    """The contract was signed: its contract details notice is due within the period."""
    notice = project.notices.filter(
        kind__in=[NoticeKind.CONTRACT_DETAILS, NoticeKind.BELOW_THRESHOLD_DETAILS]
    ).first()
    if notice is None:
        raise CommissioningError(NO_SIGNING_NOTICE)
    terms = notice_terms_on(signed_on)
    days = notice_rules.details_days(
        terms, category=project.category, regulated=notice.kind == NoticeKind.CONTRACT_DETAILS
    )
    due = notice_rules.contract_details_due(signed_on, days=days)
    return record_notice_due(
        project=project,
        kind=notice.kind,
        due_on=due,
        actor=actor,
        due_rule=f"Within {days} days of signing on {signed_on:%-d %B %Y}",
    )
