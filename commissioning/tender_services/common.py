"""What the tender use cases share: the row lock, the transition runner, text and guard helpers."""

from __future__ import annotations

from audit.transitions import TransitionRefused, perform_transition

from ..errors import CommissioningError
from ..models import Tender

NOT_IN_STATE = "This tender is {state}: {what}."


def require(verdict: tuple[bool, str]) -> None:
    if not verdict[0]:
        raise CommissioningError(verdict[1])


def text(value, message: str, *, field: str, limit: int = 10_000) -> str:
    """Cleaned text (NULs removed, trimmed) or a CommissioningError in the user's words."""
    cleaned = str(value or "").replace("\x00", "").strip()
    if not cleaned:
        raise CommissioningError(message, field=field)
    if len(cleaned) > limit:
        raise CommissioningError(f"Keep this under {limit:,} characters", field=field)
    return cleaned


def locked(tender: Tender) -> Tender:
    return Tender.objects.select_for_update(of=("self",)).get(pk=tender.pk)


def require_state(tender: Tender, states, what: str) -> None:
    if tender.state not in states:
        raise CommissioningError(
            NOT_IN_STATE.format(state=tender.get_state_display().lower(), what=what)
        )


def transition(tender: Tender, name: str, *, actor, event: str, message: str = "", **kwargs):
    try:
        perform_transition(tender, name, actor=actor, event=event, message=message, **kwargs)
    except TransitionRefused as exc:
        raise CommissioningError(str(exc)) from exc
    return tender
