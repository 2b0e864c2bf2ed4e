"""What every returns use case shares: the domain error, its messages, the row lock."""

from __future__ import annotations

from collections.abc import Mapping

from documents import filetypes

from ..models import (
    OutcomeReturn,
)

TEXT_LIMIT = 20_000
EVIDENCE = "evidence"
EVIDENCE_TYPES = (filetypes.PDF, filetypes.DOCX, filetypes.XLSX, filetypes.PNG, filetypes.JPEG)
STALE = (
    "This return was changed since you opened it (perhaps in another tab). "
    "Your changes were not saved: reload the page and make them again."
)
NOT_ACTIVE = "Returns are scheduled once the grant is active."
NOT_LET = "Returns are scheduled once the contract is let."
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
        .select_related("grant", "contract", "provider")
        .get(pk=outcome_return.pk)
    )
