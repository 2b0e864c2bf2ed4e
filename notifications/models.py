"""Notifications, per-user e-mail preferences and sweep runs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django_fsm import FSMField, FSMModelMixin, transition

from .kinds import get_kind


class EmailState(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENT = "sent", "Sent"
    SKIPPED = "skipped", "Not sent (e-mail switched off)"
    FAILED = "failed", "Failed"


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def for_user(self, user):
        return self.filter(recipient=user)


class Notification(FSMModelMixin, models.Model):
    """One message to one person, shown in their notification centre and (maybe) e-mailed.

    `idempotency_key` is unique: whoever creates a notification names what makes it one-of-a-kind
    (the rule, the record, the date it is about), so creating it again is harmless.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=60)
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=500, blank=True, help_text="A path inside the service")
    about_date = models.DateField(null=True, blank=True, help_text="The date it is about")
    idempotency_key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_state = FSMField(
        default=EmailState.PENDING, choices=EmailState.choices, protected=True, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            ),
            # The operations page's failed e-mails, newest first (selectors.failed_notifications).
            models.Index(fields=["email_state", "-created_at"], name="notification_state_newest"),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def kind_label(self) -> str:
        return get_kind(self.kind).label

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    # E-mail delivery: only the delivery service moves these, holding the row lock.
    @transition(field=email_state, source=EmailState.PENDING, target=EmailState.SENT)
    def mark_sent(self, *, when) -> None:
        """The e-mail went to the mail server."""
        self.emailed_at = when
        self.last_error = ""

    @transition(field=email_state, source=EmailState.PENDING, target=EmailState.SKIPPED)
    def skip(self) -> None:
        """The recipient switched e-mail off for this kind (or has no address)."""

    @transition(field=email_state, source=EmailState.PENDING, target=EmailState.FAILED)
    def mark_failed(self, *, error: str) -> None:
        """Every attempt failed: an administrator can retry it from the operations page."""
        self.last_error = error

    @transition(field=email_state, source=EmailState.FAILED, target=EmailState.PENDING)
    def retry(self) -> None:
        """An administrator sends a failed e-mail again."""
        self.attempts = 0
        self.next_attempt_at = None


class EmailPreference(models.Model):
    """A user's choice to switch e-mail off (or back on) for one kind of notification."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preferences"
    )
    kind = models.CharField(max_length=60)
    email = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_email_preference_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} e-mail {'on' if self.email else 'off'}"


class SweepRun(models.Model):
    """One run of a periodic sweep: when, how many rows it looked at and what it created."""

    name = models.CharField(max_length=100, db_index=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    scanned = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["name", "-started_at"], name="sweep_run_latest")]

    def __str__(self) -> str:
        return f"{self.name} at {self.started_at:%Y-%m-%d %H:%M}"


class ReminderUnit(models.TextChoices):
    DAYS_BEFORE = "days_before", "Days before the date"
    DAYS_AFTER = "days_after", "Days after the date"
    MONTHS_BEFORE = "months_before", "Months before the date"
    WORKING_DAYS = "working_days", "Working days waiting"
    PERCENT = "percent", "Per cent"


class ReminderRule(models.Model):
    """A reminder rule's lead times and switch, in force from a date (administrator-edited).

    Sweeps read the row in force on the day they run, through `notifications.reminder_rules`
    only; each domain app names its rules' keys (e.g. "returns.due_soon"). The unit is fixed by
    the rule: an administrator changes the numbers and the switch, not what they mean.
    """

    key = models.CharField(max_length=60)
    label = models.CharField(max_length=200, help_text="What the rule does, in words")
    effective_from = models.DateField(help_text="The first day this version applies")
    enabled = models.BooleanField(default=True, help_text="Switch the reminder off or on")
    offsets = models.CharField(
        max_length=100,
        help_text="Whole numbers separated by commas, e.g. 14, 3 (in the rule's unit)",
    )
    unit = models.CharField(max_length=20, choices=ReminderUnit.choices)
    source = models.CharField(max_length=300, help_text="Where these values come from")

    class Meta:
        ordering = ["key", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "effective_from"], name="one_reminder_rule_per_key_and_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} from {self.effective_from:%-d %B %Y}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from .reminder_rules import parse_offsets

        try:
            parse_offsets(self.offsets or "")
        except ValueError as exc:
            raise ValidationError({"offsets": str(exc)}) from exc
