"""The approvals app's one domain error type: what services refuse, in words a user can act on."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class DecisionNoticeError(Exception):
    """A decision notice action was refused; `message` is shown to the user as it is.

    `field_errors` maps form field names to messages when the refusal is about bad input, so a view
    can put each message next to its field and keep everything the user typed.
    """

    def __init__(self, message: str, *, field_errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.message = message
        self.field_errors = field_errors or {}

    @classmethod
    def from_validation_error(cls, exc: ValidationError) -> DecisionNoticeError:
        if hasattr(exc, "error_dict"):
            field_errors = {
                field: [str(message) for error in errors for message in error.messages]
                for field, errors in exc.error_dict.items()
            }
            first = next(iter(field_errors.values()), ["Check the decision notice"])[0]
            return cls(first, field_errors=field_errors)
        return cls(" ".join(str(m) for m in exc.messages))
