"""The notification events written to the audit trail."""

from django.db import models


class NotificationEvent(models.TextChoices):
    RETRIED = "notification_retried", "Failed e-mail sent again"
