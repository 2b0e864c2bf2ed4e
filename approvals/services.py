"""Decision notice use cases: draft, edit, sign (numbering it), send back and withdraw, each in one
transaction."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.events import acting_as, record_transition
from core.text import control_character_errors

from . import hooks, rules
from .errors import DecisionNoticeError
from .events import DecisionNoticeEvent
from .models import CONTENT_FIELDS, DecisionNotice, DecisionNoticeSequence
from .permissions import (
    can_draft_decision_notice,
    can_edit_decision_notice,
    can_send_back_decision_notice,
    can_sign_decision_notice,
    can_withdraw_decision_notice,
)
from .states import DecisionNoticeState

CHANGED_SINCE_OPENED = (
    "Someone changed this decision notice after you opened it. "
    "Read the current version before you {action}."
)
REQUEST_KEY_OF_ANOTHER_USER = "This form has already been used by someone else. Start again."
WITHDRAWAL_REASON_REQUIRED = "Enter why the draft is being withdrawn"
SEND_BACK_COMMENTS_REQUIRED = "Enter your comments for the officer who drafted the notice"
FACTS_MUST_BE_A_LIST = "A decision notice's decided facts are a list of items"


def _validate(notice: DecisionNotice) -> None:
    if errors := control_character_errors(notice):
        raise DecisionNoticeError.from_validation_error(ValidationError(errors))
    try:
        # state is protected (only transitions set it), so clean_fields must not re-assign it.
        notice.full_clean(exclude=["drafted_by", "editors", "state"])
    except ValidationError as exc:
        raise DecisionNoticeError.from_validation_error(exc) from exc


def _locked(notice: DecisionNotice) -> DecisionNotice:
    """The notice re-read under a row lock: decisions are made on the committed state, not a copy."""
    try:
        return DecisionNotice.objects.select_for_update().get(pk=notice.pk)
    except DecisionNotice.DoesNotExist as exc:
        raise DecisionNoticeError("This decision notice no longer exists.") from exc


def _check_version(notice: DecisionNotice, expected_version: int | None, action: str) -> None:
    if expected_version is not None and int(expected_version) != notice.version:
        raise DecisionNoticeError(CHANGED_SINCE_OPENED.format(action=action))


def draft_decision_notice(
    *,
    title: str,
    decision_text: str,
    reasons: str,
    amount: Decimal | None = None,
    funding_summary: str = "",
    drafted_by,
    request_key: uuid.UUID | str | None = None,
    facts: list[dict] | None = None,
) -> DecisionNotice:
    """A commissioning officer drafts a notice. The same `request_key` twice returns the first one.

    `facts`: the exact items it decides (see DecisionNotice.decided_facts), from the app drafting it.
    """
    allowed, reason = can_draft_decision_notice(drafted_by)
    if not allowed:
        raise DecisionNoticeError(reason)
    key = uuid.UUID(str(request_key)) if request_key else None
    if key is not None:
        existing = DecisionNotice.objects.filter(request_key=key).first()
        if existing is not None:
            return _same_request(existing, drafted_by)
    notice = DecisionNotice(
        title=title,
        decision_text=decision_text,
        reasons=reasons,
        amount=amount,
        funding_summary=funding_summary or "",
        drafted_by=drafted_by,
        request_key=key,
        decided_facts=_checked_facts(facts),
    )
    _validate(notice)
    try:
        with transaction.atomic(), acting_as(drafted_by):
            notice.save()
    except IntegrityError:
        # A concurrent retry of the same form won the race: hand back its notice.
        existing = DecisionNotice.objects.filter(request_key=key).first() if key else None
        if existing is None:
            raise
        return _same_request(existing, drafted_by)
    return notice


def _checked_facts(facts) -> list[dict]:
    if facts is None:
        return []
    if not isinstance(facts, list | tuple) or not all(isinstance(f, dict) for f in facts):
        raise TypeError(FACTS_MUST_BE_A_LIST)
    return [dict(f) for f in facts]


def _same_request(existing: DecisionNotice, drafted_by) -> DecisionNotice:
    if existing.drafted_by_id != drafted_by.pk:
        raise DecisionNoticeError(REQUEST_KEY_OF_ANOTHER_USER)
    return existing


def update_decision_notice(
    *,
    notice: DecisionNotice,
    edited_by,
    expected_version: int | None = None,
    facts: list[dict] | None = None,
    **fields,
) -> DecisionNotice:
    """A commissioning officer changes a draft; a signed or withdrawn notice is refused.

    `fields` are any of CONTENT_FIELDS; `facts` (when given) re-binds what the notice decides.
    `expected_version` (the version the form was opened at) refuses an edit that would silently
    overwrite someone else's. A change to a notice the Commissioner sent back puts it before the
    Commissioner again.
    """
    unknown = set(fields) - set(CONTENT_FIELDS)
    if unknown:
        raise TypeError(f"Cannot change {', '.join(sorted(unknown))} of a decision notice")
    with transaction.atomic(), acting_as(edited_by):
        locked = _locked(notice)
        allowed, reason = can_edit_decision_notice(edited_by, locked)
        if not allowed:
            raise DecisionNoticeError(reason)
        _check_version(locked, expected_version, "change it")
        for name, value in fields.items():
            setattr(locked, name, value if value is not None or name == "amount" else "")
        _validate(locked)
        if facts is not None:
            locked.decided_facts = _checked_facts(facts)
        tracked = (*CONTENT_FIELDS, "decided_facts")
        stored = DecisionNotice.objects.filter(pk=locked.pk).values(*tracked).get()
        if all(stored[name] == getattr(locked, name) for name in tracked):
            return locked  # nothing changed: no new version, no history entry
        locked.version += 1
        source = locked.state
        if source == DecisionNoticeState.RETURNED:
            locked.redraft()
        locked.save()
        if source != locked.state:
            record_transition(
                DecisionNoticeEvent.REDRAFTED,
                actor=edited_by,
                target=locked,
                field="state",
                source=source,
                message="Changed after being sent back; ready to sign again.",
            )
        if edited_by.pk != locked.drafted_by_id:
            locked.editors.add(edited_by)
    return locked


def _next_sequence(year: int) -> int:
    """The next number in `year`, under a row lock held until the caller's transaction ends.

    The year's row is created race-free (INSERT ... ON CONFLICT DO NOTHING), then locked with
    SELECT ... FOR UPDATE, so two signatures at the same instant queue on it and get n and n+1; a
    rollback returns the number, so there are no gaps.
    """
    DecisionNoticeSequence.objects.bulk_create(
        [DecisionNoticeSequence(year=year, last_number=0)], ignore_conflicts=True
    )
    sequence = DecisionNoticeSequence.objects.select_for_update().get(year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return sequence.last_number


def sign_decision_notice(
    *, notice: DecisionNotice, signed_by, expected_version: int | None = None
) -> DecisionNotice:
    """The Commissioner signs a draft: it is numbered `CPCC YYYY-NNN` and becomes final.

    Numbering, the transition, its audit entry and every registered signing handler (see hooks.py)
    share one transaction: if any of them fails, the notice stays a draft and no number is used.
    A second attempt (double click, retry) finds the notice signed and is refused.
    """
    with transaction.atomic(), acting_as(signed_by):
        locked = _locked(notice)
        allowed, reason = can_sign_decision_notice(signed_by, locked)
        if not allowed:
            raise DecisionNoticeError(reason)
        _check_version(locked, expected_version, "sign it")
        _validate(locked)
        now = timezone.now()
        year = rules.signing_year(now)
        source = locked.state
        locked.sign(by=signed_by, at=now, year=year, sequence=_next_sequence(year))
        locked.save()
        record_transition(
            DecisionNoticeEvent.SIGNED,
            actor=signed_by,
            target=locked,
            field="state",
            source=source,
            message=f"Signed as {locked.number}.",
        )
        try:
            hooks.run_signing_handlers(notice=locked, signed_by=signed_by)
        except ValidationError as exc:
            raise DecisionNoticeError.from_validation_error(exc) from exc
    return locked


def _required_text(value: str, message: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DecisionNoticeError(message, field_errors={field: [message]})
    if "\x00" in value:
        refused = "Remove the invisible control characters"
        raise DecisionNoticeError(refused, field_errors={field: [refused]})
    return value


def send_back_decision_notice(
    *, notice: DecisionNotice, sent_back_by, comments: str, expected_version: int | None = None
) -> DecisionNotice:
    """The Commissioner sends a draft back to its drafter with comments instead of signing it."""
    comments = _required_text(comments, SEND_BACK_COMMENTS_REQUIRED, "comments")
    with transaction.atomic(), acting_as(sent_back_by):
        locked = _locked(notice)
        allowed, why_not = can_send_back_decision_notice(sent_back_by, locked)
        if not allowed:
            raise DecisionNoticeError(why_not)
        _check_version(locked, expected_version, "send it back")
        source = locked.state
        locked.send_back(comments=comments)
        locked.save()
        record_transition(
            DecisionNoticeEvent.SENT_BACK,
            actor=sent_back_by,
            target=locked,
            field="state",
            source=source,
            message=comments,
        )
    return locked


def withdraw_decision_notice(
    *, notice: DecisionNotice, withdrawn_by, reason: str, check_permission: bool = True
) -> DecisionNotice:
    """A commissioning officer withdraws a draft that will not go for signature.

    Registered withdrawal handlers (hooks.py) return the items it decided to their drafts in the
    same transaction. `check_permission=False` is for an app withdrawing a notice on the decider's
    behalf because nothing it decides is left (the last grant under it was rejected).
    """
    reason = _required_text(reason, WITHDRAWAL_REASON_REQUIRED, "reason")
    with transaction.atomic(), acting_as(withdrawn_by):
        locked = _locked(notice)
        allowed, why_not = can_withdraw_decision_notice(withdrawn_by, locked)
        if check_permission and not allowed:
            raise DecisionNoticeError(why_not)
        if not locked.is_open:
            raise DecisionNoticeError(why_not)
        source = locked.state
        locked.withdraw(by=withdrawn_by, at=timezone.now(), reason=reason)
        locked.save()
        record_transition(
            DecisionNoticeEvent.WITHDRAWN,
            actor=withdrawn_by,
            target=locked,
            field="state",
            source=source,
            message=reason,
        )
        hooks.run_withdrawal_handlers(notice=locked, withdrawn_by=withdrawn_by)
    return locked
