"""The one error a bulk award upload or import raises, and the messages about the upload itself."""

from __future__ import annotations

from core.imports import UPLOAD_NOT_FOUND_MESSAGE, RowError

from ..services import GrantError

__all__ = ["UPLOAD_NOT_FOUND_MESSAGE", "BulkAwardError"]


class BulkAwardError(GrantError):
    """A bulk award file that cannot be imported; `errors` lists every problem by row and column."""

    def __init__(self, message: str, *, errors: list[RowError] | None = None, check=None):
        super().__init__(message)
        self.errors = errors if errors is not None else [RowError(0, "", message)]
        self.check = check
