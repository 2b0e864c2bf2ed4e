"""The states a decision notice goes through (its own module, so permissions and models share them
without importing each other)."""

from django.db import models


class DecisionNoticeState(models.TextChoices):
    DRAFT = "draft", "Draft"
    RETURNED = "returned", "Sent back"
    SIGNED = "signed", "Signed"
    WITHDRAWN = "withdrawn", "Withdrawn"


FINAL_STATES = frozenset({DecisionNoticeState.SIGNED, DecisionNoticeState.WITHDRAWN})
# A notice an officer may still change: a draft, or one the Commissioner sent back.
OPEN_STATES = frozenset({DecisionNoticeState.DRAFT, DecisionNoticeState.RETURNED})
