"""The grants app's domain events, written to a grant's or a stream's history (one catalogue)."""

from django.db import models


class GrantEvent(models.TextChoices):
    DRAFTED = "grant_drafted", "Grant drafted"
    SUBMITTED = "grant_submitted_for_decision", "Grant sent for decision"
    NOTICE_DRAFTED = "decision_notice_drafted", "Decision notice drafted"
    NOTICE_REDRAFTED = "decision_notice_redrafted_for_grant", "Decision notice redrafted"
    APPROVED = "grant_approved", "Grant approved"
    RETURNED_TO_DRAFT = "grant_returned_to_draft", "Grant returned to draft"
    REJECTED = "grant_rejected", "Grant rejected"
    ACTIVATED = "grant_activated", "Grant marked as active"
    CLOSED = "grant_closed", "Grant closed"
    WITHDRAWN = "grant_withdrawn", "Grant withdrawn"
    OVERRIDE_REQUESTED = "budget_override_requested", "Budget override asked for"
    OVERRIDE_RECORDED = "budget_override_recorded", "Budget override recorded"
    OVERRIDE_RETURNED = "budget_override_returned", "Budget override returned for changes"
    OVERRIDE_REJECTED = "budget_override_rejected", "Budget override rejected"
    BULK_IMPORTED = "bulk_awards_imported", "Awards imported from a spreadsheet"


class StreamEvent(models.TextChoices):
    PAUSED = "stream_paused", "Funding stream paused"
    RESUMED = "stream_resumed", "Funding stream resumed"
