"""The approval events written to the audit trail (one catalogue, used by engine.services)."""

from django.db import models


class ApprovalEvent(models.TextChoices):
    REQUESTED = "approval_requested", "Approval requested"
    GIVEN = "approval_given", "Approved by one of the required roles"
    APPROVED = "approval_approved", "Approved"
    REJECTED = "approval_rejected", "Rejected"
    RETURNED = "approval_returned", "Returned for changes"
