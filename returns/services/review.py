"""Submitting a return (a frozen version each time) and the officer's review of it."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from audit.events import acting_as
from audit.transitions import TransitionRefused, perform_transition
from documents.selectors import documents_for

from .. import permissions
from ..events import ReturnEvent
from ..models import (
    OutcomeReturn,
    ReturnState,
    ReturnSubmission,
    StarReading,
)
from .common import (
    COMMENT_NEEDED,
    CONFIRM,
    EVIDENCE,
    STALE,
    ReturnError,
    _locked,
    _require,
)
from .drafts import _clean_text


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
