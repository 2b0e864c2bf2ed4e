"""The approvals engine's one domain error: a refusal in words the user can act on."""

from __future__ import annotations


class ApprovalError(Exception):
    def __init__(self, message: str, *, field_errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.message = message
        self.field_errors = field_errors or {}
