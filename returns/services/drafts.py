"""The provider's side before submitting: save a draft as they go, attach evidence."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import transaction

from audit.events import acting_as
from audit.transitions import perform_transition
from documents.services import DocumentRefused, store_document

from .. import permissions, rules
from ..events import ReturnEvent
from ..models import (
    OutcomeReturn,
    ReturnOutput,
    ReturnState,
    StarArea,
    StarReading,
    StarVersion,
)
from ..models.returns import LOCKED
from ..versioning import changed
from .common import (
    EVIDENCE,
    EVIDENCE_TYPES,
    STALE,
    TEXT_LIMIT,
    TOO_LONG,
    UNUSUAL_CHARACTERS,
    ReturnError,
    _locked,
    _require,
)


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
            document = store_document(
                file=file,
                uploaded_by=uploaded_by,
                owner=r,
                purpose=EVIDENCE,
                allowed_types=EVIDENCE_TYPES,
            )
        except DocumentRefused as refused:
            raise ReturnError(errors={"evidence": str(refused)}) from None
        changed()  # the return's page lists its evidence
        return document
