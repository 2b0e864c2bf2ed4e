"""Outcome-return use cases: schedule an award's returns (and reschedule them when its end moves),
save a draft, attach evidence, submit, request changes and accept. Each raises ReturnError."""

from .common import (
    COMMENT_NEEDED,
    CONFIRM,
    EVIDENCE,
    EVIDENCE_TYPES,
    NOT_ACTIVE,
    STALE,
    TEXT_LIMIT,
    TOO_LONG,
    UNUSUAL_CHARACTERS,
    ReturnError,
)
from .drafts import DraftContent, StarInput, attach_evidence, save_draft
from .review import accept_return, request_changes, submit_return
from .schedule import generate_schedule

__all__ = [
    "COMMENT_NEEDED",
    "CONFIRM",
    "EVIDENCE",
    "EVIDENCE_TYPES",
    "NOT_ACTIVE",
    "STALE",
    "TEXT_LIMIT",
    "TOO_LONG",
    "UNUSUAL_CHARACTERS",
    "DraftContent",
    "ReturnError",
    "StarInput",
    "accept_return",
    "attach_evidence",
    "generate_schedule",
    "request_changes",
    "save_draft",
    "submit_return",
]
