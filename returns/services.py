"""Outcome-return use cases: schedule an award's returns (and reschedule them when its end moves),
save a draft, attach evidence, submit, request changes and accept. Each raises ReturnError."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from audit.events import acting_as, record_event
from audit.transitions import TransitionRefused, perform_transition
from documents import filetypes
from documents.selectors import documents_for
from documents.services import DocumentRefused, store_document
from grants.models import Grant, GrantState

from . import permissions, rules
from .events import ReturnEvent
from .measures import grant_measures, measures_for_return
from .models import (
    OutcomeReturn,
    ReturnOutput,
    ReturnState,
    ReturnSubmission,
    StarArea,
    StarReading,
    StarVersion,
)
from .models.returns import LOCKED
from .selectors import settings_in_force

TEXT_LIMIT = 20_000
EVIDENCE = "evidence"
EVIDENCE_TYPES = (filetypes.PDF, filetypes.DOCX, filetypes.XLSX, filetypes.PNG, filetypes.JPEG)
STALE = (
    "This return was changed since you opened it (perhaps in another tab). "
    "Your changes were not saved: reload the page and make them again."
)
NOT_ACTIVE = "Returns are scheduled once the grant is active."
CONFIRM = "Confirm that the return is complete and correct before you submit it."
COMMENT_NEEDED = "Say what the provider needs to change."
UNUSUAL_CHARACTERS = "Remove the unusual characters (such as control characters) from the text."
TOO_LONG = f"Keep this under {TEXT_LIMIT:,} characters."


class ReturnError(Exception):
    """A returns use case was refused; the message (and per-field errors) are for people."""

    def __init__(self, message: str = "", *, errors: Mapping[str, str] | None = None):
        self.errors = dict(errors or {})
        super().__init__(message or "Please correct the errors below.")


def _require(allowed: tuple[bool, str]) -> None:
    if not allowed[0]:
        raise ReturnError(allowed[1])


def _locked(outcome_return: OutcomeReturn) -> OutcomeReturn:
    return (
        OutcomeReturn.objects.select_for_update(of=("self",))
        .select_related("grant", "provider")
        .get(pk=outcome_return.pk)
    )


# --- schedule ------------------------------------------------------------------------------


def generate_schedule(*, grant: Grant, actor=None) -> list[OutcomeReturn]:
    """Make (or bring up to date) an active grant's returns from its award's start and end.

    Called when the grant becomes active and whenever its end date moves: future returns are
    added, removed or reshaped (rules.reschedule); a return submitted at least once is never
    touched. Safe to call again: a second call changes nothing.
    """
    with transaction.atomic(), acting_as(actor):
        grant = (
            Grant.objects.select_for_update()
            .select_related("award")
            .prefetch_related("activities")
            .get(pk=grant.pk)
        )
        if grant.state not in (GrantState.ACTIVE, GrantState.CLOSED):
            raise ReturnError(NOT_ACTIVE)
        award = grant.award
        config = settings_in_force(award.start_date)
        periods = rules.return_periods(
            award.start_date,
            award.end_date,
            months=config.period_months,
            due_after_days=config.due_after_days,
        )
        existing = {
            r.period_number: r
            for r in OutcomeReturn.objects.select_for_update().filter(grant=grant)
        }
        change = rules.reschedule(
            periods,
            {
                n: (
                    rules.ReturnPeriod(n, r.period_start, r.period_end, r.due_date),
                    r.was_submitted,
                )
                for n, r in existing.items()
            },
        )
        if change.remove:
            OutcomeReturn.objects.filter(grant=grant, period_number__in=change.remove).delete()
        for period in change.reshape:
            r = existing[period.number]
            r.period_start, r.period_end, r.due_date = period.starts, period.ends, period.due
            r.save(update_fields=["period_start", "period_end", "due_date"])
        light = rules.is_light_return(award.total, light_up_to=config.light_return_up_to)
        added = OutcomeReturn.objects.bulk_create(
            OutcomeReturn(
                grant=grant,
                provider_id=award.recipient_id,
                period_number=p.number,
                period_start=p.starts,
                period_end=p.ends,
                due_date=p.due,
                light=light,
            )
            for p in change.add
        )
        measures = measures_for_return(grant_measures(grant), light=light)
        ReturnOutput.objects.bulk_create(
            ReturnOutput(
                outcome_return=r,
                measure_key=m.key,
                label=m.label,
                unit=m.unit,
                target=m.target,
                position=i,
            )
            for r in added
            for i, m in enumerate(measures)
        )
        if change.add or change.remove or change.reshape:
            record_event(
                ReturnEvent.SCHEDULED,
                actor=actor,
                target=grant,
                message=(
                    f"Outcome returns: {len(change.add)} added, {len(change.remove)} removed, "
                    f"{len(change.reshape)} moved"
                ),
            )
    return list(OutcomeReturn.objects.filter(grant=grant).order_by("period_number"))


# --- drafts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StarInput:
    people: str
    first: str
    latest: str


@dataclass(frozen=True)
class DraftContent:
    """What the provider typed, as text: the service parses and validates it."""

    activity: str = ""
    impact: str = ""
    outputs: Mapping[int, str] = field(default_factory=dict)  # ReturnOutput pk -> value text
    star_version_id: int | None = None
    star_readings: Mapping[int, StarInput] = field(default_factory=dict)  # StarArea pk -> input


def _clean_text(text: str, name: str, errors: dict[str, str]) -> str:
    text = (text or "").replace("\r\n", "\n")
    if any(ord(c) < 32 and c not in "\n\t" for c in text):
        errors[name] = UNUSUAL_CHARACTERS
    elif len(text) > TEXT_LIMIT:
        errors[name] = TOO_LONG
    return text.strip()


def _parse_count(text: str) -> int:
    value = rules.parse_output_value(text)
    if value is None or value != value.to_integral_value() or value < 1:
        raise ValueError("Enter the number of people, a whole number of 1 or more")
    return int(value)


def save_draft(
    *, outcome_return: OutcomeReturn, content: DraftContent, version: int, edited_by
) -> OutcomeReturn:
    """The provider saves what they have typed so far (any part may still be blank).

    Refused, with nothing saved, when the form is from an older version of the return (another tab,
    another person), the return is no longer the provider's to change, or a value is wrong.
    """
    with transaction.atomic(), acting_as(edited_by):
        r = _locked(outcome_return)
        _require(permissions.can_edit_return(edited_by, r))
        if r.is_locked:
            raise ReturnError(LOCKED)
        if not r.is_editable:
            raise ReturnError("This return is with the office for review and cannot be changed.")
        if version != r.version:
            raise ReturnError(STALE)
        errors: dict[str, str] = {}
        activity = _clean_text(content.activity, "activity", errors)
        impact = _clean_text(content.impact, "impact", errors)
        outputs = {o.pk: o for o in r.outputs.all()}
        values = {}
        for pk, text in content.outputs.items():
            if pk not in outputs:
                continue
            try:
                values[pk] = rules.parse_output_value(text)
            except ValueError as refused:
                errors[f"output_{pk}"] = str(refused)
        readings, star = _star_readings(content, errors)
        if errors:
            raise ReturnError(errors=errors)
        if r.state != ReturnState.DRAFT:
            perform_transition(r, "start_draft", actor=edited_by, event=ReturnEvent.STARTED)
        r.activity, r.impact, r.star_version = activity, impact, star
        r.version += 1
        r.save(update_fields=["activity", "impact", "star_version", "version", "state"])
        r.editors.add(edited_by)
        changed = []
        for pk, value in values.items():
            if outputs[pk].value != value:
                outputs[pk].value = value
                changed.append(outputs[pk])
        ReturnOutput.objects.bulk_update(changed, ["value"])
        StarReading.objects.filter(outcome_return=r).delete()
        StarReading.objects.bulk_create(
            StarReading(
                outcome_return=r,
                area=area,
                people=people,
                first_average=first,
                latest_average=latest,
            )
            for area, (people, first, latest) in readings.items()
        )
    return r


def _star_readings(content: DraftContent, errors: dict[str, str]):
    """Parse the Outcomes Star rows: a row left wholly blank is skipped; a started row must be whole."""
    if not content.star_version_id:
        return {}, None
    star = StarVersion.objects.filter(pk=content.star_version_id).first()
    if star is None:
        errors["star_version"] = "Choose an Outcomes Star version from the list."
        return {}, None
    areas = {a.pk: a for a in StarArea.objects.filter(version=star)}
    readings = {}
    for pk, row in content.star_readings.items():
        area = areas.get(pk)
        if area is None or not any(t.strip() for t in (row.people, row.first, row.latest)):
            continue
        try:
            people = _parse_count(row.people)
        except ValueError as refused:
            errors[f"star_{pk}_people"] = str(refused)
            continue
        try:
            first = rules.parse_star_reading(row.first)
        except ValueError as refused:
            errors[f"star_{pk}_first"] = str(refused)
            continue
        try:
            latest = rules.parse_star_reading(row.latest)
        except ValueError as refused:
            errors[f"star_{pk}_latest"] = str(refused)
            continue
        readings[area] = (people, first, latest)
    return readings, star


def attach_evidence(*, outcome_return: OutcomeReturn, file, uploaded_by):
    """The provider attaches an evidence document (type checked by content, under 10 MB)."""
    with transaction.atomic(), acting_as(uploaded_by):
        r = _locked(outcome_return)
        _require(permissions.can_edit_return(uploaded_by, r))
        if not r.is_editable:
            raise ReturnError(LOCKED if r.is_locked else "This return is with the office.")
        try:
            return store_document(
                file=file,
                uploaded_by=uploaded_by,
                owner=r,
                purpose=EVIDENCE,
                allowed_types=EVIDENCE_TYPES,
            )
        except DocumentRefused as refused:
            raise ReturnError(errors={"evidence": str(refused)}) from None


# --- submit and review ------------------------------------------------------------------------


def _snapshot(r: OutcomeReturn) -> dict:
    readings = StarReading.objects.filter(outcome_return=r).select_related("area")
    return {
        "activity": r.activity,
        "impact": r.impact,
        "outputs": [
            {
                "measure_key": o.measure_key,
                "label": o.label,
                "unit": o.unit,
                "target": None if o.target is None else str(o.target),
                "value": None if o.value is None else str(o.value),
            }
            for o in r.outputs.all()
        ],
        "star_version": str(r.star_version) if r.star_version_id else "",
        "star_readings": [
            {
                "area": s.area.name,
                "people": s.people,
                "first": str(s.first_average),
                "latest": str(s.latest_average),
                "distance": str(s.distance_travelled),
            }
            for s in readings
        ],
        "evidence": [
            {"name": d.name, "public_id": str(d.public_id)}
            for d in documents_for(r, purpose=EVIDENCE)
        ],
    }


def submit_return(
    *, outcome_return: OutcomeReturn, version: int, submitted_by, confirmed: bool
) -> OutcomeReturn:
    """The provider submits (or resubmits) the return as it was when they confirmed it."""
    if not confirmed:
        raise ReturnError(errors={"confirm": CONFIRM})
    with transaction.atomic(), acting_as(submitted_by):
        r = _locked(outcome_return)
        _require(permissions.can_edit_return(submitted_by, r))
        if version != r.version:
            raise ReturnError(STALE)
        again = r.submissions.exists()
        transition, event = (
            ("resubmit", ReturnEvent.RESUBMITTED) if again else ("submit", ReturnEvent.SUBMITTED)
        )
        now = timezone.now()
        try:
            perform_transition(r, transition, actor=submitted_by, event=event)
        except TransitionRefused as refused:
            raise ReturnError(str(refused)) from None
        ReturnSubmission.objects.create(
            outcome_return=r,
            number=r.submissions.count() + 1,
            submitted_at=now,
            submitted_by=submitted_by,
            content=_snapshot(r),
        )
        r.version += 1
        if not again:
            r.submitted_at = now  # the first submission decides whether it was late
        r.save(update_fields=["version", "submitted_at"])
    return r


def _review(*, outcome_return, reviewed_by, comment, transition, event, outcome) -> OutcomeReturn:
    with transaction.atomic(), acting_as(reviewed_by):
        r = _locked(outcome_return)
        try:
            perform_transition(r, transition, actor=reviewed_by, event=event, message=comment)
        except TransitionRefused as refused:
            raise ReturnError(str(refused)) from None
        now = timezone.now()
        r.reviewed_at, r.reviewed_by, r.review_comment = now, reviewed_by, comment
        r.version += 1
        r.save(update_fields=["reviewed_at", "reviewed_by", "review_comment", "version"])
        latest = r.submissions.order_by("-number").first()
        latest.outcome, latest.review_comment = outcome, comment
        latest.reviewed_by, latest.reviewed_at = reviewed_by, now
        latest.save(update_fields=["outcome", "review_comment", "reviewed_by", "reviewed_at"])
    return r


def request_changes(*, outcome_return: OutcomeReturn, reviewed_by, comment: str) -> OutcomeReturn:
    """An officer who did not edit the return sends it back, saying what to change."""
    errors: dict[str, str] = {}
    comment = _clean_text(comment, "comment", errors)
    if not comment and "comment" not in errors:
        errors["comment"] = COMMENT_NEEDED
    if errors:
        raise ReturnError(errors=errors)
    return _review(
        outcome_return=outcome_return,
        reviewed_by=reviewed_by,
        comment=comment,
        transition="request_changes",
        event=ReturnEvent.CHANGES_REQUESTED,
        outcome=ReturnState.CHANGES_REQUESTED,
    )


def accept_return(
    *, outcome_return: OutcomeReturn, reviewed_by, comment: str = ""
) -> OutcomeReturn:
    """An officer who did not edit the return accepts it; it is locked from then on."""
    errors: dict[str, str] = {}
    comment = _clean_text(comment, "comment", errors)
    if errors:
        raise ReturnError(errors=errors)
    return _review(
        outcome_return=outcome_return,
        reviewed_by=reviewed_by,
        comment=comment,
        transition="accept",
        event=ReturnEvent.ACCEPTED,
        outcome=ReturnState.ACCEPTED,
    )
