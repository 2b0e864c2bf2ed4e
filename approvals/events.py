"""The decision notice events written to the audit trail (one catalogue, used by the services)."""

from django.db import models


class DecisionNoticeEvent(models.TextChoices):
    SIGNED = "decision_notice_signed", "Decision notice signed"
    WITHDRAWN = "decision_notice_withdrawn", "Decision notice withdrawn"
    SENT_BACK = "decision_notice_sent_back", "Decision notice sent back to its drafter"
    REDRAFTED = "decision_notice_redrafted", "Decision notice changed after being sent back"
