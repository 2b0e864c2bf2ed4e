"""What every grant use case shares: the one domain error, and turning model and transition
refusals into it."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from audit.transitions import TransitionRefused, perform_transition
from core.text import control_character_errors

from ..models import Grant


class GrantError(Exception):
    """A grant change that cannot be made; the message says why, for people."""

    def __init__(self, message: str, *, field: str | None = None, index: int | None = None):
        super().__init__(message)
        self.field = field
        self.index = index  # which of several grants it concerns, when a service takes many


def _require(allowed_reason: tuple[bool, str]) -> None:
    allowed, reason = allowed_reason
    if not allowed:
        raise GrantError(reason)


def _transition(grant: Grant, name: str, actor, event: str, message: str = "") -> None:
    try:
        perform_transition(grant, name, actor=actor, event=event, message=message)
    except TransitionRefused as exc:
        raise GrantError(str(exc)) from exc


def _full_clean(obj, exclude: list[str] | None = None, **options) -> None:
    """Model checks (and no control characters in text) as one GrantError for the first field."""
    for field, messages in control_character_errors(obj).items():
        raise GrantError(messages[0], field=field)
    try:
        obj.full_clean(exclude=exclude, **options)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise GrantError(messages[0], field=None if field == "__all__" else field) from exc


def _locked(grant: Grant) -> Grant:
    """The grant re-read under its row lock. Its decision notice is NOT joined in: on PostgreSQL a
    row lock waited for returns the grant as committed, but a joined table as of the statement's
    start, so a notice drafted by the transaction we waited for would look absent."""
    return Grant.objects.select_for_update(of=("self",)).select_related("award").get(pk=grant.pk)
