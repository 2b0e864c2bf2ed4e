"""The procurement notices a commissioning project owes (its checklist) and the notice periods as
effective-dated data (Procurement Act 2023, domain brief "Rules in force today").

Which notices a route owes and when each is due are pure rules in commissioning/notice_rules.py.
The API other apps use (commissioning/notice_services.py):

- `plan_notices(project=…)` – on entering Do: one row per notice the route owes, idempotent.
- `record_notice_due(project=…, kind=…, due_on=…, actor=…)` – add a notice to the checklist or move
  its due date (e.g. tenders: the contract award notice is due when the award is decided).
- `record_notice_published(notice=…, reference=…, published_on=…, recorded_by=…)` – tick it off;
  a contract award notice gets its standstill end (`standstill_ends_on`, working days).
- `record_contract_signed(project=…, signed_on=…, actor=…)` – sets the contract details notice's
  due date (30 days, or 120 for light-touch; from £30,000 below threshold).
- Overdue notices, set-based: `commissioning.project_selectors.overdue_notices(today)`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from grants.models import money_field


class NoticeKind(models.TextChoices):
    MARKET_ENGAGEMENT = "market_engagement", "Preliminary market engagement notice"
    TENDER = "tender", "Tender notice"
    CONTRACT_AWARD = "contract_award", "Contract award notice (standstill)"
    CONTRACT_DETAILS = "contract_details", "Contract details notice"
    BELOW_THRESHOLD_DETAILS = "below_threshold_details", "Below-threshold contract details notice"


class NoticePolicy(models.Model):
    """Notice periods and the below-threshold notice value, from a date (administrator-edited)."""

    effective_from = models.DateField(unique=True)
    market_engagement_lead_working_days = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1)],
        help_text="Working days before the procurement starts by which to publish it",
    )
    standstill_working_days = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1)],
        help_text="Minimum standstill after the contract award notice",
    )
    contract_details_days = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1)], help_text="Days after signing"
    )
    light_touch_contract_details_days = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1)], help_text="Days after signing, light-touch services"
    )
    below_threshold_notice_from = money_field(
        "Below-threshold contract details notice from (£, including VAT)"
    )
    source = models.CharField(max_length=300)

    class Meta:
        ordering = ["-effective_from"]
        verbose_name_plural = "notice policies"

    def __str__(self) -> str:
        return f"Notice periods from {self.effective_from:%-d %B %Y}"


class ProcurementNotice(models.Model):
    """One notice on a project's checklist: due by a date (unknown until the event that sets it),
    ticked off with its publication reference and date."""

    project = models.ForeignKey(
        "commissioning.CommissioningProject", on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(max_length=30, choices=NoticeKind.choices)
    due_on = models.DateField(null=True, blank=True)
    due_rule = models.CharField(max_length=200, blank=True, help_text="Why it is due then")
    reference = models.CharField("Publication reference", max_length=100, blank=True)
    published_on = models.DateField(null=True, blank=True)
    standstill_ends_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["project", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "kind"], name="notice_once_per_project"),
            models.CheckConstraint(
                condition=Q(published_on__isnull=True) | ~Q(reference=""),
                name="notice_published_has_reference",
            ),
        ]
        indexes = [
            models.Index(
                fields=["due_on"], condition=Q(published_on__isnull=True), name="notice_open_due"
            )
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def is_published(self) -> bool:
        return self.published_on is not None
