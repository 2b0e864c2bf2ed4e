"""Contract management, proportionate to size: three-monthly meetings with agreed actions (open
ones carry to the next meeting), and service-user feedback and dip-sampling entries."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from .contracts import Contract


class ContractMeeting(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField()
    attendees = models.TextField()
    notes = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    request_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["contract", "-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Contract meeting on {self.held_on:%-d %B %Y}"


class MeetingAction(models.Model):
    meeting = models.ForeignKey(ContractMeeting, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=500)
    owner = models.CharField(max_length=200)
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.description} ({self.owner}, due {self.due_on:%-d %B %Y})"

    @property
    def is_open(self) -> bool:
        return self.done_on is None


class FeedbackKind(models.TextChoices):
    SERVICE_USER = "service_user", "Service-user feedback"
    DIP_SAMPLE = "dip_sample", "Dip sample"


class FeedbackEntry(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="feedback")
    kind = models.CharField(max_length=20, choices=FeedbackKind.choices)
    received_on = models.DateField()
    summary = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["contract", "-received_on", "-pk"]
        verbose_name_plural = "feedback entries"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.received_on:%-d %B %Y}"
