"""Grant use cases: record and change a grant, draft its decision notice, send it for decision,
approve it when the notice is signed, and the rest of its lifecycle."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Prefetch, prefetch_related_objects

from approvals.states import DecisionNoticeState
from audit.events import acting_as, event_entry, record_events
from audit.transitions import TransitionRefused, check_transition, perform_transitions
from core.money import format_gbp
from core.text import has_control_characters

from .. import permissions
from ..events import GrantEvent
from ..models import Award, DeliveryActivity, FundingShare, Grant, GrantCondition, GrantState
from .common import GrantError, _full_clean, _locked, _require, _transition
from .funding import (
    ShareInput,
    _set_funding,
    _set_funding_many,
    budget_shortfalls_for,
    check_stream_takes_award,
)
from .notices import bind_submitted_grants, withdraw_notice_if_nothing_left


@dataclass(frozen=True)
class GrantDetails:
    title: str
    recipient: object
    purpose: str
    start_date: date
    end_date: date
    total: Decimal
    shares: tuple[ShareInput, ...]
    themes: tuple = ()
    conditions: tuple[str, ...] = ()
    activities: tuple[tuple[str, int | None], ...] = ()


def create_grant(*, details: GrantDetails, created_by, import_key: str | None = None) -> Grant:
    """An officer records a draft grant with its funding shares, themes, conditions and activities."""
    return create_grants(entries=[(details, import_key)], created_by=created_by)[0]


def create_grants(*, entries: Sequence[tuple[GrantDetails, str | None]], created_by) -> list[Grant]:
    """Record draft grants, one per (details, import key), in a fixed number of queries.

    The one way grants are made (the form records one, a bulk upload many). A GrantError names
    the failing entry in `index`; nothing is written unless every entry is right.
    """
    _require(permissions.can_manage_grants(created_by))
    if not entries:
        return []
    for index, (details, _) in enumerate(entries):
        _indexed(index, _check_details, details)
    with transaction.atomic(), acting_as(created_by):
        awards = [
            Award(
                recipient=d.recipient, total=d.total, start_date=d.start_date, end_date=d.end_date
            )
            for d, _ in entries
        ]
        for index, award in enumerate(awards):
            # Field checks and clean(); the database enforces the constraints in the insert itself.
            _indexed(index, _full_clean, award, exclude=["recipient"], validate_constraints=False)
        Award.objects.bulk_create(awards)
        grants = [
            Grant(
                reference=f"GR-{award.pk:05d}",
                title=details.title,
                award=award,
                purpose=details.purpose,
                created_by=created_by,
                import_key=key,
            )
            for (details, key), award in zip(entries, awards, strict=True)
        ]
        for index, grant in enumerate(grants):
            _indexed(
                index,
                _full_clean,
                grant,
                exclude=GRANT_RELATIONS,
                validate_unique=False,
                validate_constraints=False,
            )
        Grant.objects.bulk_create(grants)
        _set_details_many(list(zip(grants, (d for d, _ in entries), strict=True)))
        _set_funding_many(
            [(award, d.shares) for award, (d, _) in zip(awards, entries, strict=True)]
        )
        record_events(
            [
                event_entry(
                    GrantEvent.DRAFTED, actor=created_by, target=grant, changes=_snapshot(details)
                )
                for grant, (details, _) in zip(grants, entries, strict=True)
            ]
        )
    return grants


GRANT_RELATIONS = ["themes", "award", "created_by", "decision_notice", "editors", "state"]


TARGET_MAX = 2_147_483_647  # what DeliveryActivity.target (a PositiveIntegerField) holds
TEXT_CONTROL = "{what} must not contain invisible control characters"


def _check_details(details: GrantDetails) -> None:
    """What the form checks in the text and targets that bypass the models' full_clean (the
    conditions and activities are bulk inserted), checked again for every caller."""
    texts = [
        ("conditions", "Conditions", details.conditions),
        ("activities", "Delivery activities", [d for d, _ in details.activities]),
    ]
    for field, what, values in texts:
        if any(has_control_characters(v) for v in values):
            raise GrantError(TEXT_CONTROL.format(what=what), field=field)
    for _, target in details.activities:
        if target is not None and not (
            isinstance(target, int) and not isinstance(target, bool) and 0 <= target <= TARGET_MAX
        ):
            raise GrantError("Enter each target as a whole number, like 12", field="activities")


def _indexed(index: int, check, *args, **kwargs) -> None:
    try:
        check(*args, **kwargs)
    except GrantError as exc:
        exc.index = index
        raise


def _snapshot(details: GrantDetails) -> dict[str, list[str]]:
    """What the history shows for a new grant (bulk inserts send no auditlog signals)."""
    funding = "; ".join(f"{s.stream or s.partner} {format_gbp(s.amount)}" for s in details.shares)
    return {
        "title": ["", details.title],
        "recipient": ["", str(details.recipient)],
        "total": ["", format_gbp(details.total)],
        "period": ["", f"{details.start_date:%-d %B %Y} to {details.end_date:%-d %B %Y}"],
        "funded by": ["", funding],
    }


CHANGED_SINCE_OPENED = (
    "Someone changed this grant after you opened it. Your changes have not been saved: "
    "read the current version, then make your changes again."
)


def update_grant(
    *, grant: Grant, details: GrantDetails, edited_by, expected_version: int | None = None
) -> Grant:
    """Change a draft grant; a grant already sent for decision must be returned to draft first.

    `expected_version` (the version the form was opened at) refuses a save that would silently
    undo someone else's change. Whoever changes it joins its editors (who may not decide it), and
    its new version makes any decision notice bound to the old one unsignable until redrafted.
    """
    _require(permissions.can_manage_grants(edited_by, grant))
    _check_details(details)
    with transaction.atomic(), acting_as(edited_by):
        grant = Grant.objects.select_for_update().select_related("award").get(pk=grant.pk)
        if grant.state != GrantState.DRAFT:
            raise GrantError("Only a draft grant can be changed. Return it to draft first.")
        if expected_version is not None and int(expected_version) != grant.version:
            raise GrantError(CHANGED_SINCE_OPENED)
        award = grant.award
        award.recipient = details.recipient
        award.total = details.total
        award.start_date = details.start_date
        award.end_date = details.end_date
        _full_clean(award)
        award.save()
        grant.title = details.title
        grant.purpose = details.purpose
        grant.version += 1
        _full_clean(grant, exclude=GRANT_RELATIONS)
        grant.save()
        if edited_by.pk != grant.created_by_id:
            grant.editors.add(edited_by)
        _set_details(grant, details)
        _set_funding(award, details.shares)
    return grant


def _set_details(grant: Grant, details: GrantDetails) -> None:
    _set_details_many([(grant, details)])


def _set_details_many(pairs: Sequence[tuple[Grant, GrantDetails]]) -> None:
    """Replace the themes, conditions and activities of many grants in a fixed number of queries."""
    grant_ids = [grant.pk for grant, _ in pairs]
    Through = Grant.themes.through
    Through.objects.filter(grant_id__in=grant_ids).delete()
    Through.objects.bulk_create(
        Through(grant_id=grant.pk, plantheme_id=theme.pk)
        for grant, details in pairs
        for theme in details.themes
    )
    GrantCondition.objects.filter(grant_id__in=grant_ids).delete()
    GrantCondition.objects.bulk_create(
        GrantCondition(grant=grant, text=text.strip())
        for grant, details in pairs
        for text in details.conditions
        if text.strip()
    )
    DeliveryActivity.objects.filter(grant_id__in=grant_ids).delete()
    DeliveryActivity.objects.bulk_create(
        DeliveryActivity(grant=grant, description=desc.strip(), target=target)
        for grant, details in pairs
        for desc, target in details.activities
        if desc.strip()
    )


def submit_grant_for_decision(*, grant: Grant, submitted_by) -> Grant:
    """Send a draft to the Commissioner: its commitments now count against the budgets."""
    return submit_grants_for_decision(grants=[grant], submitted_by=submitted_by)[0]


def submit_grants_for_decision(
    *, grants: Sequence[Grant], submitted_by, notice=None
) -> list[Grant]:
    """Send draft grants to the Commissioner together, optionally linking them to `notice` first.

    Their commitments then count against the budgets: the budgets concerned are locked and the
    grants' total must fit what is left (or an override). A fixed number of queries whatever
    the number of grants; a GrantError names the failing grant in `index`.
    """
    with transaction.atomic(), acting_as(submitted_by):
        ids = [g.pk for g in grants]
        locked = {
            g.pk: g
            for g in Grant.objects.select_for_update(of=("self",))
            .select_related("award", "decision_notice")
            .filter(pk__in=ids)
            .order_by("pk")
        }
        batch = [locked[pk] for pk in ids]
        prefetch_related_objects(
            batch,
            "themes",
            Prefetch("award__shares", queryset=FundingShare.objects.select_related("stream")),
        )
        for index, grant in enumerate(batch):
            if notice is not None:
                grant.decision_notice = notice
            try:  # state, role, notice and theme first: they are the clearer message
                check_transition(grant, "submit_for_decision", actor=submitted_by)
            except TransitionRefused as exc:
                raise GrantError(str(exc), index=index) from exc
            for share in grant.award.shares.all():
                if share.stream:
                    _indexed(
                        index, check_stream_takes_award, stream=share.stream, amount=share.amount
                    )
        shortfalls = budget_shortfalls_for(awards=[g.award for g in batch], lock=True)
        if shortfalls:
            raise GrantError(
                " ".join(s.message for s in shortfalls)
                + ". A finance approver can record a budget override with a reason."
            )
        try:
            perform_transitions(
                batch,
                "submit_for_decision",
                actor=submitted_by,
                event=GrantEvent.SUBMITTED,
                also_update=["decision_notice"],
            )
        except TransitionRefused as exc:
            raise GrantError(str(exc), index=exc.index) from exc
        if notice is not None:
            bind_submitted_grants(notice=notice, submitted_by=submitted_by)
    return batch


# action: (transition, audit event, what to enter when no reason is given or "" if none needed)
_SIMPLE_ACTIONS = {
    "return_to_draft": ("return_to_draft", GrantEvent.RETURNED_TO_DRAFT, ""),
    "reject": ("reject", GrantEvent.REJECTED, "Enter why the grant is rejected"),
    "activate": ("activate", GrantEvent.ACTIVATED, ""),
    "close": ("close", GrantEvent.CLOSED, "Enter why the grant is being closed"),
    "withdraw": ("withdraw", GrantEvent.WITHDRAWN, "Enter why the grant is withdrawn"),
}
# Final or destructive actions: a confirmation page with a required reason comes first.
ACTIONS_NEEDING_A_REASON = frozenset(a for a, (_, _, needed) in _SIMPLE_ACTIONS.items() if needed)
REASON_TOO_LONG = "The reason must be 2,000 characters or fewer"


def change_grant_state(*, grant: Grant, action: str, actor, reason: str = "") -> Grant:
    """Return to draft, reject, activate, close or withdraw a grant (as its transitions allow).

    Rejecting, withdrawing and closing need a reason (the history shows it). Its commitments stop
    counting against the budgets as soon as it is no longer live. Rejecting or withdrawing the
    last grant under a draft decision notice withdraws the notice too.
    """
    if action not in _SIMPLE_ACTIONS:
        raise GrantError("That is not something you can do to a grant.")
    transition_name, event, reason_needed = _SIMPLE_ACTIONS[action]
    reason = (reason or "").strip()
    if reason_needed and not reason:
        raise GrantError(reason_needed, field="reason")
    if len(reason) > 2000 or has_control_characters(reason):
        raise GrantError(
            REASON_TOO_LONG if len(reason) > 2000 else "Remove the control characters",
            field="reason",
        )
    with transaction.atomic(), acting_as(actor):
        grant = _locked(grant)
        if (
            action == "return_to_draft"
            and grant.decision_notice_id
            and grant.decision_notice.state == DecisionNoticeState.SIGNED
        ):
            raise GrantError("The decision notice is signed: the grant can no longer be changed.")
        _transition(grant, transition_name, actor, event, message=reason)
        if action in ("reject", "withdraw"):
            withdraw_notice_if_nothing_left(grant=grant, actor=actor, reason=reason)
    return grant
