"""Commissioning's one domain error: a refusal in words the user can act on, maybe for a field."""

from __future__ import annotations


class CommissioningError(Exception):
    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
