"""The commissioning events written to the audit trail."""

from django.db import models


class StaEvent(models.TextChoices):
    DRAFTED = "sta_drafted", "Single tender action drafted"
    CHANGED = "sta_changed", "Single tender action changed"
    SUBMITTED = "sta_submitted", "Single tender action submitted for approval"
    APPROVED = "sta_approved", "Single tender action approved"
    REJECTED = "sta_rejected", "Single tender action rejected"
    RETURNED = "sta_returned", "Single tender action returned for changes"
